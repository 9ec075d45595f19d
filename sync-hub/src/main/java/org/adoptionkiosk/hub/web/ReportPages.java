package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.figures.Figures;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.followup.Funnel;
import org.adoptionkiosk.hub.reports.EventLine;
import org.adoptionkiosk.hub.reports.HalfYearReport;
import org.adoptionkiosk.hub.reports.Part;
import org.adoptionkiosk.hub.reports.Reports;
import org.adoptionkiosk.hub.reports.YearCount;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The board's half-year report for central and figures-only users: a page (in the chrome's
 * language, printable) and a PDF per language at {@code /reports/2026/h1.pdf?lang=cy}. Both are
 * drawn from one {@link Body}, so the PDF says what the page says. Regional users are refused: the
 * report is the whole service's.
 */
public final class ReportPages {
    /** The chooser: the years known (newest first), the part, and the PDFs of what is shown. */
    public record Form(List<Integer> years, int year, String part, List<String> parts, String pdfCy, String pdfEn) {
    }

    /** A table and the chart beside it (inline SVG), or none. */
    public record Section(Table table, String svg) {
    }

    /** The report's content in one language, as the page and the PDF show it. */
    public record Body(String lang, String title, List<String> sentences, List<Section> sections,
                       List<String> attributions) {
    }

    /** What reports.jte shows. */
    public record ReportView(Chrome chrome, String title, Form form, Body body) {
    }

    /** What report-pdf.jte lays out. */
    public record PdfView(Body body, String made) {
    }

    private final Reports reports;
    private final ReportPdf pdf;
    private final Texts texts;

    public ReportPages(Reports reports, ReportPdf pdf, Texts texts) {
        this.reports = reports;
        this.pdf = pdf;
        this.texts = texts;
    }

    public void register(HubHandler h) {
        h.route("GET", "/reports", HubHandler.Access.SIGNED_IN, this::page)
                .route("GET", "/reports/([^/]*)/([^/]*)\\.pdf", HubHandler.Access.SIGNED_IN, this::pdf);
    }

    private void page(PageRequest ctx, Matcher m) throws SQLException {
        if (ctx.user().role() == Role.REGIONAL) {
            ctx.problem(403, "error.report_central");
            return;
        }
        List<Integer> years = reports.years();
        int year = years.get(0);
        if (ctx.param("businessYear") != null) {
            Integer asked = year(ctx.param("businessYear"), years);
            if (asked == null) {
                ctx.problem(400, "error.report_year");
                return;
            }
            year = asked;
        }
        Part part = Part.H1;
        if (ctx.param("part") != null) {
            part = Part.fromSlug(ctx.param("part").toLowerCase(java.util.Locale.ROOT)).orElse(null);
            if (part == null) {
                ctx.problem(400, "error.report_part");
                return;
            }
        }
        HalfYearReport r = reports.report(ctx.user(), year, part);
        Body body = body(ctx.t(), r);
        String base = "/reports/" + year + "/" + part.slug() + ".pdf?lang=";
        Form form = new Form(years, year, part.slug(), List.of("h1", "h2", "year"), base + "cy", base + "en");
        ctx.html("reports.jte", new ReportView(ctx.chrome("reports"), body.title(), form, body));
    }

    private void pdf(PageRequest ctx, Matcher m) throws SQLException {
        if (ctx.user().role() == Role.REGIONAL) {
            ctx.problem(403, "error.report_central");
            return;
        }
        Integer year = year(m.group(1), reports.years());
        if (year == null) {
            ctx.problem(404, "error.report_year");
            return;
        }
        Part part = Part.fromSlug(m.group(2)).orElse(null);
        if (part == null) {
            ctx.problem(404, "error.report_part");
            return;
        }
        String lang = ctx.param("lang") == null ? ctx.t().lang() : ctx.param("lang");
        if (!PageTexts.CY.equals(lang) && !PageTexts.EN.equals(lang)) {
            ctx.problem(400, "error.report_lang");
            return;
        }
        PageTexts t = new PageTexts(lang, texts);
        HalfYearReport r = reports.report(ctx.user(), year, part);
        byte[] doc = pdf.render(new PdfView(body(t, r), t.f("report.made", t.day(r.funnel().asOf()))));
        ctx.download("application/pdf", "report-" + Period.businessYearLabel(year) + "-" + part.slug() + "-" + lang
                + ".pdf", doc);
    }

    /** A year the hub knows of, or null. */
    private static Integer year(String text, List<Integer> known) {
        try {
            int y = Integer.parseInt(text.trim());
            return known.contains(y) ? y : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The report's content in the language of {@code t}: what the page and the PDF both show. */
    public static Body body(PageTexts t, HalfYearReport r) {
        String yearLabel = Period.businessYearLabel(r.businessYear());
        String title = t.f("report.title." + r.part().slug(), yearLabel);
        List<String> sentences = new ArrayList<>();
        YearCount now = r.current();
        sentences.add(t.f(one(now.source() == YearCount.Source.REPORTED ? "report.sentence.enquiries_reported"
                : "report.sentence.enquiries", now.enquiries()), t.num(now.enquiries()),
                RankSentence.of(t, r.enquiries(), r.part())));
        if (r.signins() != null) {
            sentences.add(t.f(one("report.sentence.signins", now.signins()), t.num(now.signins()),
                    RankSentence.of(t, r.signins(), r.part())));
        }
        Funnel.Times times = r.funnel().times();
        sentences.add(times.medianMonths() == null ? t.f("report.sentence.no_approvals", t.num(times.approvals()))
                : t.f(one("report.sentence.approvals", times.approvals()), t.num(times.approvals()),
                t.months(times.medianMonths()), t.percent(times.shareInTarget())));
        List<Section> sections = new ArrayList<>();
        sections.add(years(t, r));
        sections.add(regions(t, r.figures()));
        sections.add(new Section(councils(t, r.figures()), null));
        sections.add(events(t, r.events()));
        sections.add(measure(t, r));
        List<Table> funnel = FunnelPages.tables(t, r.funnel(), "");
        sections.add(funnelSteps(t, funnel.get(0), r.funnel().total()));
        sections.add(new Section(funnel.get(1), null));
        sections.add(new Section(funnel.get(2), null));
        List<String> attributions = new ArrayList<>();
        for (Funnel.Line l : r.funnel().byEvent()) {
            if (l.key() != null) {
                attributions.add(t.f("report.attribution", l.name() == null ? l.key() : t.name(l.name()),
                        count(t, "report.n_enquiries", l.enquiries()), count(t, "report.n_approvals", l.approvals())));
            }
        }
        return new Body(t.lang(), title, sentences, sections, attributions);
    }

    /** "1 enquiry", "4 enquiries". */
    private static String count(PageTexts t, String key, long n) {
        return t.f(key + (n == 1 ? ".one" : ".other"), t.num(n));
    }

    /** The sentence's key for a count: its {@code .one} form when the count is 1 ("1 enquiry was"). */
    private static String one(String key, long n) {
        return n == 1 ? key + ".one" : key;
    }

    private static Section years(PageTexts t, HalfYearReport r) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("report.col.year")),
                Table.Column.number(t.get("figures.enquiries")), Table.Column.number(t.get("figures.signins")),
                Table.Column.text(t.get("report.col.source")));
        List<Table.Row> rows = new ArrayList<>();
        List<SvgBars.Bar> bars = new ArrayList<>();
        for (YearCount y : r.years()) {
            String source = t.get("report.source." + y.source().name().toLowerCase(java.util.Locale.ROOT));
            rows.add(new Table.Row(List.of(Table.Cell.text(y.label()), Table.Cell.number(t, y.enquiries()),
                    y.signins() == null ? Table.Cell.text("–") : Table.Cell.number(t, y.signins()),
                    Table.Cell.text(source)), y.current() ? "current" : null));
            String label = y.source() == YearCount.Source.REPORTED
                    ? y.label() + " (" + t.get("report.source.short_reported") + ")" : y.label();
            bars.add(new SvgBars.Bar(label, y.enquiries(), t.num(y.enquiries()), y.current()));
        }
        String caption = t.f("report.years_caption", t.get("report.part_noun." + r.part().slug()));
        return new Section(new Table("report-years", caption, cols, rows, null, false),
                SvgBars.chart("chart-years", t.f("table.chart_of", caption), bars));
    }

    private static Section regions(PageTexts t, Figures f) {
        List<Table.Row> rows = new ArrayList<>();
        List<SvgBars.Bar> bars = new ArrayList<>();
        for (Figures.RegionCounts c : f.byRegion()) {
            rows.add(countRow(t, t.name(c.name()), c.signins(), c.enquiries(), c.lastYear()));
            bars.add(new SvgBars.Bar(t.name(c.name()), c.enquiries(), t.num(c.enquiries()), false));
        }
        String caption = t.get("figures.by.region");
        return new Section(new Table("report-region", caption, countColumns(t, t.get("figures.col.region"), f), rows,
                null, false), SvgBars.chart("chart-regions", t.f("table.chart_of", caption), bars));
    }

    private static Table councils(PageTexts t, Figures f) {
        List<Table.Row> rows = new ArrayList<>();
        for (Figures.LocalAuthorityCounts c : f.byLocalAuthority()) {
            if (c.signins() + c.enquiries() + c.lastYear().signins() + c.lastYear().enquiries() > 0) {
                rows.add(countRow(t, t.name(c.name()), c.signins(), c.enquiries(), c.lastYear()));
            }
        }
        return new Table("report-council", t.get("figures.by.council"),
                countColumns(t, t.get("figures.col.council"), f), rows, null, false);
    }

    private static List<Table.Column> countColumns(PageTexts t, String first, Figures f) {
        return List.of(Table.Column.text(first), Table.Column.number(t.get("figures.signins")),
                Table.Column.number(t.get("figures.enquiries")),
                Table.Column.number(t.f("figures.enquiries_then", FiguresPages.label(t, f.comparedWith()))));
    }

    private static Table.Row countRow(PageTexts t, String name, long signins, long enquiries, Figures.LastYear last) {
        return new Table.Row(List.of(Table.Cell.text(name), Table.Cell.number(t, signins),
                Table.Cell.number(t, enquiries), Table.Cell.number(t, last.enquiries())));
    }

    private static Section events(PageTexts t, List<EventLine> events) {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("figures.col.event")),
                Table.Column.text(t.get("events.venue")), Table.Column.number(t.get("events.footfall")),
                Table.Column.number(t.get("figures.signins")), Table.Column.number(t.get("figures.enquiries")),
                Table.Column.number(t.get("report.col.conversion")),
                Table.Column.number(t.get("funnel.step.approved")));
        List<Table.Row> rows = new ArrayList<>();
        List<SvgBars.Bar> bars = new ArrayList<>();
        for (EventLine e : events) {
            rows.add(new Table.Row(List.of(Table.Cell.text(e.name()),
                    Table.Cell.text(e.venue() == null ? "–" : e.venue()),
                    e.footfall() == null ? Table.Cell.text("–") : Table.Cell.number(t, e.footfall()),
                    Table.Cell.number(t, e.signins()), Table.Cell.number(t, e.enquiries()),
                    Table.Cell.share(t, e.conversion()), Table.Cell.number(t, e.approvals()))));
            bars.add(new SvgBars.Bar(e.name(), e.enquiries(), t.num(e.enquiries()), false));
        }
        String caption = t.get("report.events_caption");
        return new Section(new Table("report-events", caption, cols, rows, null, false),
                SvgBars.chart("chart-events", t.f("table.chart_of", caption), bars));
    }

    private static Section measure(PageTexts t, HalfYearReport r) {
        Table table = MeasurePages.table(t, r.measure(), "");
        List<SvgBars.Bar> bars = new ArrayList<>();
        for (var l : r.measure().queues()) {
            if (l.share() != null) {
                bars.add(new SvgBars.Bar(table.rows().get(r.measure().queues().indexOf(l)).cells().get(0).text(),
                        l.share(), t.percent(l.share()), !l.metTarget()));
            }
        }
        return new Section(new Table("report-measure", table.caption(), table.columns(), table.rows(), null, false),
                SvgBars.chart("chart-measure", t.f("table.chart_of", table.caption()), bars));
    }

    private static Section funnelSteps(PageTexts t, Table table, Funnel.Line total) {
        List<SvgBars.Bar> bars = new ArrayList<>();
        for (int i = 0; i < Funnel.STEPS.size(); i++) {
            bars.add(new SvgBars.Bar(t.get("funnel.step." + Funnel.STEPS.get(i)), total.steps().get(i),
                    t.num(total.steps().get(i)), false));
        }
        return new Section(new Table("report-funnel", table.caption(), table.columns(), table.rows(), null, false),
                SvgBars.chart("chart-funnel", t.f("table.chart_of", table.caption()), bars));
    }
}
