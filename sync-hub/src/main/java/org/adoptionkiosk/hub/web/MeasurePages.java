package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.routing.Route;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** The national measure: enquiries first answered within 5 working days, per queue and for the nation. */
public final class MeasurePages {
    /** What measure.jte shows. */
    public record MeasureView(Chrome chrome, String title, PeriodChoice.Form form, FiveDayMeasure.Result result,
                              Table table) {
    }

    private final FiveDayMeasure measure;
    private final FiguresService figures;
    private final Clock clock;

    /** @param figures where the period chooser learns the first year with data */
    public MeasurePages(FiveDayMeasure measure, FiguresService figures, Clock clock) {
        this.measure = measure;
        this.figures = figures;
        this.clock = clock;
    }

    public void register(HubHandler h) {
        h.route("GET", "/measure", HubHandler.Access.SIGNED_IN, this::page)
                .route("GET", "/measure\\.csv", HubHandler.Access.SIGNED_IN, this::csv);
    }

    private void page(PageRequest ctx, Matcher m) throws SQLException {
        PeriodChoice choice = PeriodChoice.of(ctx, clock, "/measure", figures.firstBusinessYear());
        FiveDayMeasure.Result r = measure.measure(choice.period());
        PageTexts t = ctx.t();
        String title = t.f("measure.title", FiguresPages.label(t, r.period()));
        ctx.html(choice.form().errorKey() == null ? 200 : 400, "measure.jte",
                new MeasureView(ctx.chrome("measure"), title, choice.form(), r, table(t, r, choice.query())));
    }

    private void csv(PageRequest ctx, Matcher m) throws SQLException {
        PeriodChoice choice = PeriodChoice.of(ctx, clock, null);
        if (choice.form().errorKey() != null) {
            ctx.problem(400, choice.form().errorKey());
            return;
        }
        FiveDayMeasure.Result r = measure.measure(choice.period());
        ctx.csv("five-day-measure-" + r.period().label().replace('/', '_') + ".csv",
                Csv.of(table(ctx.t(), r, choice.query())));
    }

    static Table table(PageTexts t, FiveDayMeasure.Result r, String query) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("measure.col.queue")),
                Table.Column.number(t.get("measure.col.total")), Table.Column.number(t.get("measure.col.in_time")),
                Table.Column.number(t.get("measure.col.late")), Table.Column.number(t.get("measure.col.missed")),
                Table.Column.number(t.get("measure.col.pending")), Table.Column.number(t.get("measure.col.share")),
                Table.Column.text(t.get("measure.col.target")));
        List<Table.Row> rows = new ArrayList<>();
        for (FiveDayMeasure.Line l : r.queues()) {
            rows.add(row(t, l, name(t, l)));
        }
        rows.add(row(t, r.national(), t.get("measure.national")));
        return new Table("measure", t.get("measure.caption"), cols, rows, "/measure.csv" + (query.isEmpty() ? "" : "?" + query.substring(1)), false);
    }

    private static String name(PageTexts t, FiveDayMeasure.Line l) {
        return Route.CENTRAL.equals(l.kind()) ? t.get("enquiry.central_queue") : t.name(l.name());
    }

    private static Table.Row row(PageTexts t, FiveDayMeasure.Line l, String name) {
        String target = l.share() == null ? t.get("measure.none_due")
                : l.metTarget() ? t.get("measure.met") : t.get("measure.not_met");
        return new Table.Row(List.of(Table.Cell.text(name), Table.Cell.number(t, l.total()),
                Table.Cell.number(t, l.inTime()), Table.Cell.number(t, l.late()), Table.Cell.number(t, l.missed()),
                Table.Cell.number(t, l.pending()), Table.Cell.share(t, l.share()), Table.Cell.text(target)),
                l.share() != null && !l.metTarget() ? "overdue" : null);
    }
}
