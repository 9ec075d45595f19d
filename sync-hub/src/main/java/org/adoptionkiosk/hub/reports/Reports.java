package org.adoptionkiosk.hub.reports;

import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.figures.Figures;
import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.followup.Funnel;
import org.adoptionkiosk.hub.history.ReportedHalf;
import org.adoptionkiosk.hub.history.ReportedHistory;
import org.adoptionkiosk.hub.store.RecordTiming;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the board's report from the figures, the follow-up measures and the counts reported from
 * before the kiosks. A part of a year the kiosks captured anything in is taken from the captured
 * counts; one they did not, from the reported halves (enquiries only), marked as reported.
 */
public final class Reports {
    private final FiguresService figures;
    private final FiveDayMeasure measure;
    private final Funnel funnel;
    private final ReportedHistory history;
    private final Clock clock;

    public Reports(FiguresService figures, FiveDayMeasure measure, Funnel funnel, ReportedHistory history,
                   Clock clock) {
        this.figures = figures;
        this.measure = measure;
        this.funnel = funnel;
        this.history = history;
        this.clock = clock;
    }

    /** The business years with any captured or reported count, and this one; newest first. */
    public List<Integer> years() throws SQLException {
        TreeSet<Integer> years = new TreeSet<>(Comparator.reverseOrder());
        years.add(Period.businessYearOf(today()));
        for (FiguresService.MonthTotal m : figures.monthTotals()) {
            years.add(Period.businessYearOf(m.month().atDay(1)));
        }
        for (ReportedHalf h : history.halves()) {
            years.add(h.businessYear());
        }
        return List.copyOf(years);
    }

    /**
     * The report on {@code part} of {@code businessYear}.
     *
     * @param user whose funnel it is: central and figures-only users see every queue's
     */
    public HalfYearReport report(User user, int businessYear, Part part) throws SQLException {
        Period period = part.period(businessYear);
        List<YearCount> years = years(businessYear, part);
        YearCount now = years.stream().filter(YearCount::current).findFirst().orElseThrow();
        int since = years.get(0).businessYear();
        Standing enquiries = Standing.of(now.enquiries(),
                years.stream().map(YearCount::enquiries).toList(), since);
        List<YearCount> captured = years.stream().filter(y -> y.signins() != null).toList();
        Standing signins = now.signins() == null ? null : Standing.of(now.signins(),
                captured.stream().map(YearCount::signins).toList(), captured.get(0).businessYear());
        Figures f = figures.figures(period);
        Funnel.Result fun = funnel.funnel(user, period);
        return new HalfYearReport(businessYear, part, period, years, enquiries, signins, f, events(f, fun),
                measure.measure(period), fun);
    }

    /** The same part of every known year up to {@code businessYear}, oldest first. */
    private List<YearCount> years(int businessYear, Part part) throws SQLException {
        Map<Integer, long[]> captured = new TreeMap<>();
        for (FiguresService.MonthTotal m : figures.monthTotals()) {
            LocalDate day = m.month().atDay(1);
            int year = Period.businessYearOf(day);
            if (year <= businessYear && inPart(m.month(), part)) {
                long[] c = captured.computeIfAbsent(year, k -> new long[2]);
                c[0] += m.signins();
                c[1] += m.enquiries();
            }
        }
        // A reported year counts for the whole year only when both its halves were reported.
        Map<Integer, long[]> reported = new TreeMap<>();
        for (ReportedHalf h : history.halves()) {
            if (h.businessYear() <= businessYear && part.holds(h.half())) {
                long[] r = reported.computeIfAbsent(h.businessYear(), k -> new long[3]);
                r[h.half()] = 1;
                r[0] += h.enquiries();
            }
        }
        TreeSet<Integer> all = new TreeSet<>(captured.keySet());
        reported.forEach((year, r) -> {
            if (part != Part.YEAR || (r[1] == 1 && r[2] == 1)) {
                all.add(year);
            }
        });
        all.add(businessYear);
        List<YearCount> out = new ArrayList<>();
        for (int year : all) {
            String label = Period.businessYearLabel(year);
            long[] c = captured.get(year);
            if (c != null || !reported.containsKey(year)) {
                long[] n = c == null ? new long[2] : c;
                out.add(new YearCount(year, label, n[1], n[0], YearCount.Source.CAPTURED, year == businessYear));
            } else {
                out.add(new YearCount(year, label, reported.get(year)[0], null, YearCount.Source.REPORTED,
                        year == businessYear));
            }
        }
        return out;
    }

    private static boolean inPart(YearMonth month, Part part) {
        if (part == Part.YEAR) {
            return true;
        }
        boolean firstHalf = month.getMonthValue() >= 4 && month.getMonthValue() <= 9;
        return firstHalf == (part == Part.H1);
    }

    /** The figures' events (those set on a kiosk) with enquiries over footfall and the funnel's approvals. */
    private static List<EventLine> events(Figures f, Funnel.Result fun) {
        Map<String, Long> approvals = new HashMap<>();
        for (Funnel.Line l : fun.byEvent()) {
            if (l.key() != null) {
                approvals.put(l.key(), l.approvals());
            }
        }
        List<EventLine> out = new ArrayList<>();
        for (Figures.EventCounts e : f.byEvent()) {
            if (e.eventId() == null) {
                continue;
            }
            Double conversion = e.footfall() == null || e.footfall() == 0 ? null
                    : (double) e.enquiries() / e.footfall();
            out.add(new EventLine(e.eventId(), e.name() == null ? e.eventId() : e.name(), e.venue(), e.footfall(),
                    e.signins(), e.enquiries(), conversion, approvals.getOrDefault(e.eventId(), 0L)));
        }
        out.sort(Comparator.comparingLong(EventLine::enquiries).reversed().thenComparing(EventLine::eventId));
        return out;
    }

    private LocalDate today() {
        return clock.instant().atZone(RecordTiming.FIGURES_ZONE).toLocalDate();
    }
}
