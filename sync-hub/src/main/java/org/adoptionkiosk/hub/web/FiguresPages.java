package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.Figures;
import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.store.RecordTiming;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * National figures: the period chooser, then sign-ins and enquiries by region, council, event,
 * kiosk, topic, language and part of the year, each against the same period last year, as charts,
 * tables and CSV. And the event view: footfall, sign-ins, enquiries and the conversion between them.
 */
public final class FiguresPages {
    /** How many business years back the chooser offers. */
    private static final int YEARS_BACK = 6;

    /** What figures.jte shows. */
    public record FiguresView(Chrome chrome, String title, PeriodForm form, Figures figures, List<Table> tables) {
    }

    /**
     * The period chooser's state and choices.
     *
     * @param parts the parts of a business year: "" (all of it), H1, H2, Q1…Q4, M1…M12
     */
    public record PeriodForm(String action, String businessYear, String part, String from, String to,
                             List<Integer> years, List<String> parts, String errorKey) {
    }

    private final FiguresService figures;
    private final Clock clock;
    private final HttpJson json;

    public FiguresPages(FiguresService figures, HttpJson json, Clock clock) {
        this.figures = figures;
        this.json = json;
        this.clock = clock;
    }

    public void register(HubHandler h) {
        h.route("GET", "/figures", HubHandler.Access.SIGNED_IN, (ctx, m) -> page(ctx, "figures"))
                .route("GET", "/events", HubHandler.Access.SIGNED_IN, (ctx, m) -> page(ctx, "events"))
                .route("GET", "/(figures|events)\\.csv", HubHandler.Access.SIGNED_IN, this::csv)
                .route("GET", "/api/figures", HubHandler.Access.SIGNED_IN, this::api);
    }

    private LocalDate today() {
        return clock.instant().atZone(RecordTiming.FIGURES_ZONE).toLocalDate();
    }

    private Period period(Ctx ctx) throws Period.BadPeriodException {
        return Period.parse(ctx.param("businessYear"), ctx.param("part"), ctx.param("from"), ctx.param("to"), today());
    }

    private void page(Ctx ctx, String section) throws SQLException {
        T t = ctx.t();
        Period period;
        String error = null;
        try {
            period = period(ctx);
        } catch (Period.BadPeriodException e) {
            error = e.problem();
            period = Period.businessYear(Period.businessYearOf(today()));
        }
        Figures f = figures.figures(period);
        String query = periodQuery(ctx);
        List<Table> tables = section.equals("events") ? List.of(eventsTable(f, t, query)) : tables(f, t, query);
        PeriodForm form = new PeriodForm("/" + section, ctx.param("businessYear"), ctx.param("part"),
                ctx.param("from"), ctx.param("to"), years(), parts(), error);
        String title = t.f(section.equals("events") ? "events.title" : "figures.title", label(t, f.period()));
        ctx.html(error == null ? 200 : 400, "figures.jte", new FiguresView(ctx.chrome(section), title, form, f, tables));
    }

    private void csv(Ctx ctx, Matcher m) throws SQLException {
        Period period;
        try {
            period = period(ctx);
        } catch (Period.BadPeriodException e) {
            ctx.problem(400, e.problem());
            return;
        }
        Figures f = figures.figures(period);
        String view = ctx.param("view");
        List<Table> all = new ArrayList<>(tables(f, ctx.t(), periodQuery(ctx)));
        all.add(eventsTable(f, ctx.t(), periodQuery(ctx)));
        for (Table table : all) {
            if (table.id().equals(view)) {
                ctx.csv(table.id() + "-" + f.period().label().replace('/', '_') + ".csv", Csv.of(table));
                return;
            }
        }
        ctx.problem(404, "error.no_such_table");
    }

    private void api(Ctx ctx, Matcher m) throws SQLException {
        Period period;
        try {
            period = period(ctx);
        } catch (Period.BadPeriodException e) {
            json.send(ctx.response(), ctx.callback(), 400, new ErrorBody("bad_period", ctx.t().texts().get(e.problem())));
            return;
        }
        json.send(ctx.response(), ctx.callback(), 200, figures.figures(period));
    }

    /** The period part of the query, for CSV links of the same view. */
    private static String periodQuery(Ctx ctx) {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"businessYear", "part", "from", "to"}) {
            String v = ctx.param(name);
            if (v != null) {
                b.append('&').append(name).append('=').append(java.net.URLEncoder.encode(v,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    private List<Integer> years() {
        int now = Period.businessYearOf(today());
        List<Integer> out = new ArrayList<>();
        for (int y = now; y > now - YEARS_BACK; y--) {
            out.add(y);
        }
        return out;
    }

    private static List<String> parts() {
        List<String> out = new ArrayList<>(List.of("", "H1", "H2", "Q1", "Q2", "Q3", "Q4"));
        for (int i = 1; i <= 12; i++) {
            out.add("M" + i);
        }
        return out;
    }

    /** A period's name as people read it: "2026-27", "2026-27 Q2", "2026-07" or two dates. */
    static String label(T t, Figures.PeriodView p) {
        String l = p.label();
        return l.contains("/") ? t.f("figures.custom", t.day(p.from()), t.day(p.to())) : l;
    }

    private static List<Table.Column> countColumns(T t, String first, String lastYearLabel) {
        return List.of(Table.Column.text(first), Table.Column.number(t.get("figures.signins")),
                Table.Column.number(t.get("figures.enquiries")),
                Table.Column.number(t.f("figures.signins_then", lastYearLabel)),
                Table.Column.number(t.f("figures.enquiries_then", lastYearLabel)));
    }

    private static Table.Row countRow(T t, String name, long signins, long enquiries, Figures.LastYear last) {
        return new Table.Row(List.of(Table.Cell.text(name), Table.Cell.number(t, signins),
                Table.Cell.number(t, enquiries), Table.Cell.number(t, last.signins()),
                Table.Cell.number(t, last.enquiries())));
    }

    private List<Table> tables(Figures f, T t, String query) {
        String then = label(t, f.comparedWith());
        List<Table> out = new ArrayList<>();
        List<Table.Row> rows = new ArrayList<>();
        rows.add(countRow(t, t.get("figures.all"), f.totals().signins(), f.totals().enquiries(), f.totals().lastYear()));
        out.add(table("totals", t.get("figures.by.totals"), countColumns(t, t.get("figures.col.what"), then), rows,
                query, false));

        rows = new ArrayList<>();
        for (Figures.RegionCounts r : f.byRegion()) {
            rows.add(countRow(t, t.name(r.name()), r.signins(), r.enquiries(), r.lastYear()));
        }
        out.add(table("region", t.get("figures.by.region"), countColumns(t, t.get("figures.col.region"), then), rows,
                query, true));

        rows = new ArrayList<>();
        for (Figures.LocalAuthorityCounts c : f.byLocalAuthority()) {
            rows.add(countRow(t, t.name(c.name()), c.signins(), c.enquiries(), c.lastYear()));
        }
        out.add(table("council", t.get("figures.by.council"), countColumns(t, t.get("figures.col.council"), then),
                rows, query, true));

        rows = new ArrayList<>();
        for (Figures.EventCounts e : f.byEvent()) {
            rows.add(countRow(t, eventName(t, e), e.signins(), e.enquiries(), e.lastYear()));
        }
        out.add(table("event", t.get("figures.by.event"), countColumns(t, t.get("figures.col.event"), then), rows,
                query, true));

        out.add(keyTable("kiosk", t.get("figures.by.kiosk"), t.get("figures.col.kiosk"), f.byKiosk(), t, then, query));
        out.add(keyTable("topic", t.get("figures.by.topic"), t.get("figures.col.topic"), f.byTopic(), t, then, query));
        out.add(keyTable("language", t.get("figures.by.language"), t.get("figures.col.language"), f.byLanguage(), t,
                then, query));
        out.add(spanTable("halves", t.get("figures.by.halves"), f.byPeriod().halves(), t, then, query));
        out.add(spanTable("quarters", t.get("figures.by.quarters"), f.byPeriod().quarters(), t, then, query));
        out.add(spanTable("months", t.get("figures.by.months"), f.byPeriod().months(), t, then, query));
        return out;
    }

    private static Table keyTable(String id, String caption, String first, List<Figures.KeyCounts> counts, T t,
                                  String then, String query) {
        List<Table.Row> rows = new ArrayList<>();
        for (Figures.KeyCounts k : counts) {
            rows.add(countRow(t, t.name(k.name()), k.signins(), k.enquiries(), k.lastYear()));
        }
        return table(id, caption, countColumns(t, first, then), rows, query, true);
    }

    private static Table spanTable(String id, String caption, List<Figures.SpanCounts> spans, T t, String then,
                                   String query) {
        List<Table.Row> rows = new ArrayList<>();
        for (Figures.SpanCounts s : spans) {
            rows.add(countRow(t, s.label() + " (" + t.day(s.from()) + " – " + t.day(s.to()) + ")", s.signins(),
                    s.enquiries(), s.lastYear()));
        }
        return table(id, caption, countColumns(t, t.get("figures.col.span"), then), rows, query, true);
    }

    private static Table eventsTable(Figures f, T t, String query) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("figures.col.event")),
                Table.Column.text(t.get("events.venue")), Table.Column.number(t.get("events.footfall")),
                Table.Column.number(t.get("figures.signins")), Table.Column.number(t.get("figures.enquiries")),
                Table.Column.number(t.get("events.conversion")));
        List<Table.Row> rows = new ArrayList<>();
        for (Figures.EventCounts e : f.byEvent()) {
            if (e.eventId() == null) {
                continue;
            }
            rows.add(new Table.Row(List.of(Table.Cell.text(eventName(t, e)), Table.Cell.text(e.venue()),
                    e.footfall() == null ? Table.Cell.text("–") : Table.Cell.number(t, e.footfall()),
                    Table.Cell.number(t, e.signins()), Table.Cell.number(t, e.enquiries()),
                    Table.Cell.share(t, e.conversion()))));
        }
        return new Table("events", t.get("events.caption"), cols, rows, "/events.csv?view=events" + query, false);
    }

    private static String eventName(T t, Figures.EventCounts e) {
        if (e.eventId() == null) {
            return t.get("figures.no_event");
        }
        return e.name() == null ? e.eventId() : e.name();
    }

    private static Table table(String id, String caption, List<Table.Column> cols, List<Table.Row> rows,
                               String query, boolean chart) {
        return new Table(id, caption, cols, rows, "/figures.csv?view=" + id + query, chart);
    }
}
