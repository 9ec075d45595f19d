package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.store.RecordTiming;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The period a figures page was asked for ({@code businessYear}, {@code part}, or {@code from} and
 * {@code to}), the chooser's state, and the query that asks for it again (for CSV links). A period
 * that cannot be read falls back to this business year, with the reason to show.
 */
public record PeriodChoice(Period period, Form form, String query) {
    /**
     * The period chooser's state and choices. The chosen year and part are the shown period's, not
     * what was asked, so the chooser never says another year than the page's title.
     *
     * @param years the business years with data, the one before the first, and this one, newest first
     * @param parts the parts of a business year: "" (all of it), H1, H2, Q1…Q4, M1…M12
     */
    public record Form(String action, int businessYear, String part, String from, String to,
                       List<Integer> years, List<String> parts, String errorKey) {
    }

    /** The chooser of a page whose data has no year yet. */
    public static PeriodChoice of(PageRequest ctx, Clock clock, String action) {
        return of(ctx, clock, action, OptionalInt.empty());
    }

    /**
     * @param firstYear the first business year the hub has data for, if any
     */
    public static PeriodChoice of(PageRequest ctx, Clock clock, String action, OptionalInt firstYear) {
        LocalDate today = clock.instant().atZone(RecordTiming.FIGURES_ZONE).toLocalDate();
        Period period;
        String error = null;
        try {
            period = Period.parse(ctx.param("businessYear"), ctx.param("part"), ctx.param("from"), ctx.param("to"),
                    today);
        } catch (Period.BadPeriodException e) {
            error = e.problem();
            period = Period.businessYear(Period.businessYearOf(today));
        }
        int shownYear = Period.businessYearOf(period.from());
        String part = error == null && ctx.param("part") != null ? ctx.param("part") : "";
        String from = error == null ? ctx.param("from") : null;
        String to = error == null ? ctx.param("to") : null;
        Form form = new Form(action, shownYear, part, from, to, years(today, firstYear, shownYear), parts(), error);
        return new PeriodChoice(period, form, query(ctx));
    }

    private static String query(PageRequest ctx) {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"businessYear", "part", "from", "to"}) {
            String v = ctx.param(name);
            if (v != null) {
                b.append('&').append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    private static List<Integer> years(LocalDate today, OptionalInt firstYear, int shown) {
        int now = Period.businessYearOf(today);
        int newest = Math.max(now, shown);
        int oldest = Math.min(Math.min(firstYear.orElse(now) - 1, now - 1), shown);
        List<Integer> out = new ArrayList<>();
        for (int y = newest; y >= oldest; y--) {
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
}
