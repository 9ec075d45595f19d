package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.store.RecordTiming;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The period a figures page was asked for ({@code businessYear}, {@code part}, or {@code from} and
 * {@code to}), the chooser's state, and the query that asks for it again (for CSV links). A period
 * that cannot be read falls back to this business year, with the reason to show.
 */
public record PeriodChoice(Period period, Form form, String query) {
    /** How many business years back the chooser offers. */
    private static final int YEARS_BACK = 6;

    /**
     * The period chooser's state and choices.
     *
     * @param parts the parts of a business year: "" (all of it), H1, H2, Q1…Q4, M1…M12
     */
    public record Form(String action, String businessYear, String part, String from, String to,
                       List<Integer> years, List<String> parts, String errorKey) {
    }

    public static PeriodChoice of(PageRequest ctx, Clock clock, String action) {
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
        Form form = new Form(action, ctx.param("businessYear"), ctx.param("part"), ctx.param("from"),
                ctx.param("to"), years(today), parts(), error);
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

    private static List<Integer> years(LocalDate today) {
        int now = Period.businessYearOf(today);
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
}
