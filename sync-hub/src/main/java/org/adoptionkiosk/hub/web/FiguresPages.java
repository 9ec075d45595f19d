package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.Figures;
import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.figures.Period;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * National figures: the period chooser, then sign-ins and enquiries by region, council, event,
 * kiosk, topic, language and part of the year, each against the same period last year, as charts,
 * tables and CSV. And the event view: footfall, sign-ins, enquiries and the conversion between them.
 */
public final class FiguresPages {
    /** What figures.jte shows. */
    public record FiguresView(Chrome chrome, String title, PeriodChoice.Form form, Figures figures, List<Table> tables) {
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

    private void page(PageRequest ctx, String section) throws SQLException {
        PageTexts t = ctx.t();
        PeriodChoice choice = PeriodChoice.of(ctx, clock, "/" + section, figures.firstBusinessYear());
        Figures f = figures.figures(choice.period());
        String query = choice.query();
        List<Table> tables = section.equals("events") ? List.of(eventsTable(f, t, query)) : tables(f, t, query);
        String title = t.f(section.equals("events") ? "events.title" : "figures.title", label(t, f.period()));
        ctx.html(choice.form().errorKey() == null ? 200 : 400, "figures.jte",
                new FiguresView(ctx.chrome(section), title, choice.form(), f, tables));
    }

    private void csv(PageRequest ctx, Matcher m) throws SQLException {
        PeriodChoice choice = PeriodChoice.of(ctx, clock, null);
        if (choice.form().errorKey() != null) {
            ctx.problem(400, choice.form().errorKey());
            return;
        }
        Figures f = figures.figures(choice.period());
        String view = ctx.param("view");
        List<Table> all = new ArrayList<>(tables(f, ctx.t(), choice.query()));
        all.add(eventsTable(f, ctx.t(), choice.query()));
        for (Table table : all) {
            if (table.id().equals(view)) {
                ctx.csv(table.id() + "-" + f.period().label().replace('/', '_') + ".csv", Csv.of(table));
                return;
            }
        }
        ctx.problem(404, "error.no_such_table");
    }

    private void api(PageRequest ctx, Matcher m) throws SQLException {
        PeriodChoice choice = PeriodChoice.of(ctx, clock, null);
        if (choice.form().errorKey() != null) {
            json.send(ctx.response(), ctx.callback(), 400, new ErrorBody("bad_period",
                    ctx.t().texts().get(choice.form().errorKey())));
            return;
        }
        json.send(ctx.response(), ctx.callback(), 200, figures.figures(choice.period()));
    }

    /** A period's name as people read it: "2026-27", "2026-27 Q2", "2026-07" or two dates. */
    static String label(PageTexts t, Figures.PeriodView p) {
        return label(t, new Period(p.from(), p.to(), p.label()));
    }

    static String label(PageTexts t, Period p) {
        String l = p.label();
        return l.contains("/") ? t.f("figures.custom", t.day(p.from()), t.day(p.to())) : l;
    }

    private static List<Table.Column> countColumns(PageTexts t, String first, String lastYearLabel) {
        return List.of(Table.Column.text(first), Table.Column.number(t.get("figures.signins")),
                Table.Column.number(t.get("figures.enquiries")),
                Table.Column.number(t.f("figures.signins_then", lastYearLabel)),
                Table.Column.number(t.f("figures.enquiries_then", lastYearLabel)));
    }

    private static Table.Row countRow(PageTexts t, String name, long signins, long enquiries, Figures.LastYear last) {
        return new Table.Row(List.of(Table.Cell.text(name), Table.Cell.number(t, signins),
                Table.Cell.number(t, enquiries), Table.Cell.number(t, last.signins()),
                Table.Cell.number(t, last.enquiries())));
    }

    private List<Table> tables(Figures f, PageTexts t, String query) {
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

    private static Table keyTable(String id, String caption, String first, List<Figures.KeyCounts> counts, PageTexts t,
                                  String then, String query) {
        List<Table.Row> rows = new ArrayList<>();
        for (Figures.KeyCounts k : counts) {
            rows.add(countRow(t, t.name(k.name()), k.signins(), k.enquiries(), k.lastYear()));
        }
        return table(id, caption, countColumns(t, first, then), rows, query, true);
    }

    private static Table spanTable(String id, String caption, List<Figures.SpanCounts> spans, PageTexts t, String then,
                                   String query) {
        List<Table.Row> rows = new ArrayList<>();
        for (Figures.SpanCounts s : spans) {
            rows.add(countRow(t, s.label() + " (" + t.day(s.from()) + " – " + t.day(s.to()) + ")", s.signins(),
                    s.enquiries(), s.lastYear()));
        }
        return table(id, caption, countColumns(t, t.get("figures.col.span"), then), rows, query, true);
    }

    private static Table eventsTable(Figures f, PageTexts t, String query) {
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

    private static String eventName(PageTexts t, Figures.EventCounts e) {
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
