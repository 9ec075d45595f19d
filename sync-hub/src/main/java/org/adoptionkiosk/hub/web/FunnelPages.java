package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.followup.Funnel;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The recruitment funnel: from enquiry to approval for the enquiries made in a period, in total and
 * by region, council, event and kiosk language; time to approval against 8 months; stage 1 and 2
 * within their months against 100%. The same tables download as CSV, and {@code /api/funnel} gives
 * the numbers as JSON. A regional user sees their queue's enquiries, everyone else all.
 */
public final class FunnelPages {
    /** What funnel.jte shows. */
    public record FunnelView(Chrome chrome, String title, PeriodChoice.Form form, Funnel.Result result,
                             List<Table> tables) {
    }

    private final Funnel funnel;
    private final FiguresService figures;
    private final HttpJson json;
    private final Clock clock;

    /** @param figures where the period chooser learns the first year with data */
    public FunnelPages(Funnel funnel, FiguresService figures, HttpJson json, Clock clock) {
        this.funnel = funnel;
        this.figures = figures;
        this.json = json;
        this.clock = clock;
    }

    public void register(HubHandler h) {
        h.route("GET", "/funnel", HubHandler.Access.SIGNED_IN, this::page)
                .route("GET", "/funnel\\.csv", HubHandler.Access.SIGNED_IN, this::csv)
                .route("GET", "/api/funnel", HubHandler.Access.SIGNED_IN, this::api);
    }

    private void page(PageRequest ctx, Matcher m) throws SQLException {
        PeriodChoice choice = PeriodChoice.of(ctx, clock, "/funnel", figures.firstBusinessYear());
        Funnel.Result r = funnel.funnel(ctx.user(), choice.period());
        PageTexts t = ctx.t();
        String title = t.f("funnel.title", FiguresPages.label(t, r.period()));
        ctx.html(choice.form().errorKey() == null ? 200 : 400, "funnel.jte",
                new FunnelView(ctx.chrome("funnel"), title, choice.form(), r, tables(t, r, choice.query())));
    }

    private void csv(PageRequest ctx, Matcher m) throws SQLException {
        PeriodChoice choice = PeriodChoice.of(ctx, clock, null);
        if (choice.form().errorKey() != null) {
            ctx.problem(400, choice.form().errorKey());
            return;
        }
        Funnel.Result r = funnel.funnel(ctx.user(), choice.period());
        String view = ctx.param("view") == null ? "funnel" : ctx.param("view");
        for (Table table : tables(ctx.t(), r, choice.query())) {
            if (table.id().equals(view)) {
                ctx.csv(table.id() + "-" + r.period().label().replace('/', '_') + ".csv", Csv.of(table));
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
        json.send(ctx.response(), ctx.callback(), 200, funnel.funnel(ctx.user(), choice.period()));
    }

    static List<Table> tables(PageTexts t, Funnel.Result r, String query) {
        List<Table> out = new ArrayList<>();
        out.add(steps(t, r.total(), query));
        out.add(times(t, r.times(), query));
        out.add(stages(t, r, query));
        out.add(byKey("region", t.get("funnel.by.region"), t.get("figures.col.region"), r.byRegion(), t, query,
                t.get("funnel.unknown")));
        out.add(byKey("council", t.get("funnel.by.council"), t.get("figures.col.council"), r.byCouncil(), t, query,
                t.get("funnel.unknown")));
        out.add(byKey("event", t.get("funnel.by.event"), t.get("figures.col.event"), r.byEvent(), t, query,
                t.get("figures.no_event")));
        out.add(byKey("language", t.get("funnel.by.language"), t.get("figures.col.language"), r.byLanguage(), t,
                query, t.get("funnel.unknown")));
        out.add(byKey("how-heard", t.get("funnel.by.how_heard"), t.get("funnel.col.how_heard"), r.byHowHeard(), t,
                query, t.get("funnel.how_heard_not_said")));
        out.add(reasons(t, r.endedByReason(), query));
        return out;
    }

    private static String href(String id, String query) {
        return "/funnel.csv?view=" + id + query;
    }

    private static Table steps(PageTexts t, Funnel.Line total, String query) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("funnel.col.step")),
                Table.Column.number(t.get("funnel.col.number")), Table.Column.number(t.get("funnel.col.conversion")));
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < Funnel.STEPS.size(); i++) {
            rows.add(new Table.Row(List.of(Table.Cell.text(t.get("funnel.step." + Funnel.STEPS.get(i))),
                    Table.Cell.number(t, total.steps().get(i)),
                    i == 0 ? Table.Cell.text("–") : Table.Cell.share(t, total.conversion(i)))));
        }
        rows.add(new Table.Row(List.of(Table.Cell.text(t.get("funnel.ended")), Table.Cell.number(t, total.ended()),
                Table.Cell.text("–"))));
        return new Table("funnel", t.get("funnel.caption"), cols, rows, href("funnel", query), false);
    }

    private static Table times(PageTexts t, Funnel.Times times, String query) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("funnel.col.measure")),
                Table.Column.number(t.get("funnel.col.value")), Table.Column.text(t.get("funnel.col.target8")));
        List<Table.Row> rows = new ArrayList<>();
        rows.add(new Table.Row(List.of(Table.Cell.text(t.get("funnel.approvals_timed")),
                Table.Cell.number(t, times.approvals()), Table.Cell.text("–"))));
        rows.add(monthsRow(t, t.get("funnel.median"), times.medianMonths(), times.medianMet()));
        rows.add(monthsRow(t, t.get("funnel.p75"), times.p75Months(), times.p75Met()));
        rows.add(new Table.Row(List.of(Table.Cell.text(t.get("funnel.within_target")),
                Table.Cell.share(t, times.shareInTarget()), Table.Cell.text("–"))));
        return new Table("times", t.get("funnel.times_caption"), cols, rows, href("times", query), false);
    }

    private static Table.Row monthsRow(PageTexts t, String label, Double months, boolean met) {
        Table.Cell value = months == null ? Table.Cell.text("–")
                : new Table.Cell(t.f("funnel.months_value", t.months(months)), null, months);
        String target = months == null ? t.get("funnel.none_approved") : met ? t.get("measure.met")
                : t.get("measure.not_met");
        return new Table.Row(List.of(Table.Cell.text(label), value, Table.Cell.text(target)),
                months != null && !met ? "overdue" : null);
    }

    private static Table stages(PageTexts t, Funnel.Result r, String query) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("funnel.col.stage")),
                Table.Column.number(t.get("funnel.col.in_time")), Table.Column.number(t.get("funnel.col.late")),
                Table.Column.number(t.get("funnel.col.pending")), Table.Column.number(t.get("funnel.col.share")),
                Table.Column.text(t.get("measure.col.target")));
        List<Table.Row> rows = List.of(stageRow(t, t.get("funnel.stage1"), r.stage1()),
                stageRow(t, t.get("funnel.stage2"), r.stage2()));
        return new Table("stages", t.get("funnel.stages_caption"), cols, rows, href("stages", query), false);
    }

    private static Table.Row stageRow(PageTexts t, String label, Funnel.StageShare s) {
        String target = s.share() == null ? t.get("measure.none_due")
                : s.met() ? t.get("measure.met") : t.get("measure.not_met");
        return new Table.Row(List.of(Table.Cell.text(label), Table.Cell.number(t, s.inTime()),
                Table.Cell.number(t, s.late()), Table.Cell.number(t, s.pending()), Table.Cell.share(t, s.share()),
                Table.Cell.text(target)), s.share() != null && !s.met() ? "overdue" : null);
    }

    private static Table byKey(String id, String caption, String first, List<Funnel.Line> lines, PageTexts t,
                               String query, String none) {
        List<Table.Column> cols = new ArrayList<>(List.of(Table.Column.text(first)));
        for (int i = 0; i < Funnel.STEPS.size(); i++) {
            cols.add(Table.Column.number(t.get("funnel.step." + Funnel.STEPS.get(i))));
            if (i > 0) {
                cols.add(Table.Column.number(t.f("funnel.col.step_conversion", t.get("funnel.step." + Funnel.STEPS.get(i)))));
            }
        }
        cols.add(Table.Column.number(t.get("funnel.ended")));
        cols.add(Table.Column.number(t.get("funnel.col.overall")));
        List<Table.Row> rows = new ArrayList<>();
        for (Funnel.Line l : lines) {
            List<Table.Cell> cells = new ArrayList<>();
            cells.add(Table.Cell.text(l.key() == null ? none : l.name() == null ? l.key() : t.name(l.name())));
            for (int i = 0; i < Funnel.STEPS.size(); i++) {
                cells.add(Table.Cell.number(t, l.steps().get(i)));
                if (i > 0) {
                    cells.add(Table.Cell.share(t, l.conversion(i)));
                }
            }
            cells.add(Table.Cell.number(t, l.ended()));
            cells.add(Table.Cell.share(t, l.overall()));
            rows.add(new Table.Row(cells));
        }
        return new Table(id, caption, cols, rows, href(id, query), false);
    }

    private static Table reasons(PageTexts t, Map<String, Long> reasons, String query) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("funnel.col.reason")),
                Table.Column.number(t.get("funnel.col.number")));
        List<Table.Row> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : reasons.entrySet()) {
            rows.add(new Table.Row(List.of(Table.Cell.text(t.get("reason." + e.getKey())),
                    Table.Cell.number(t, e.getValue()))));
        }
        return new Table("reasons", t.get("funnel.reasons_caption"), cols, rows, href("reasons", query), false);
    }
}
