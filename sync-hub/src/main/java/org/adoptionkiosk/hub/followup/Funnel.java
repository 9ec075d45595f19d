package org.adoptionkiosk.hub.followup;

import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.store.RecordTiming;
import org.adoptionkiosk.protocol.RegionMap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The recruitment funnel of the enquiries made in a period (by enquiry date): enquiries → information
 * sessions → registrations of interest (stage 1) → stage 2 → approvals, in total and by region,
 * council, event, kiosk language and how-heard, with the conversion at each step; the time from enquiry to
 * approval against the 8-month target; and stage 1 within 2 months and stage 2 within 4 as shares
 * against 100%.
 *
 * <p>An enquiry has reached a step when that stage or any later one is recorded, so stages recorded
 * out of order (an approval before its stage 2) still count at every step before. Approvals count
 * where the enquiry was made: its event, council and region. A regional user sees their queue's
 * enquiries; central and figures-only users see all (the funnel holds nothing personal).
 */
public final class Funnel {
    /** The service's target for the time from enquiry to approval, in months. */
    public static final double TARGET_MONTHS = 8.0;
    /** The length of an average month in days: times are shown as days / 30.44, to one decimal. */
    public static final double DAYS_PER_MONTH = 30.44;
    public static final int STAGE1_MONTHS = 2;
    public static final int STAGE2_MONTHS = 4;
    /** The steps, in order; the first is the enquiry itself. */
    public static final List<String> STEPS = List.of("enquiry", Stage.SESSION, Stage.REGISTRATION, Stage.STAGE2,
            Stage.APPROVED);

    /**
     * One group's funnel.
     *
     * @param key   the region id, council slug, event id or language code; null for "none" (no event)
     * @param steps the number of enquiries that reached each of {@link #STEPS}
     * @param ended withdrawn or not progressed
     */
    public record Line(String key, RegionMap.Names name, List<Long> steps, long ended) {
        public long enquiries() {
            return steps.get(0);
        }

        public long approvals() {
            return steps.get(steps.size() - 1);
        }

        /** The share of step {@code i - 1} that reached step {@code i}, or null when none reached {@code i - 1}. */
        public Double conversion(int i) {
            long before = steps.get(i - 1);
            return before == 0 ? null : (double) steps.get(i) / before;
        }

        /** Approvals over enquiries, or null when there were no enquiries. */
        public Double overall() {
            return enquiries() == 0 ? null : (double) approvals() / enquiries();
        }
    }

    /**
     * The time from enquiry to approval of the period's approved enquiries.
     *
     * @param approvals      how many had an approval date
     * @param medianMonths   the nearest-rank 50th percentile, in months to one decimal, or null
     * @param p75Months      the nearest-rank 75th percentile, in months to one decimal, or null
     * @param withinTarget   how many took no more than 8 months as shown (8.0 months, to one decimal, or less): the same
     *                       rounding as the median, so a median of 8.0 "met" and its approval count alike
     * @param shareInTarget  withinTarget over approvals, or null
     */
    public record Times(long approvals, Double medianMonths, Double p75Months, long withinTarget,
                        Double shareInTarget) {
        public boolean medianMet() {
            return medianMonths != null && medianMonths <= TARGET_MONTHS;
        }

        public boolean p75Met() {
            return p75Months != null && p75Months <= TARGET_MONTHS;
        }
    }

    /**
     * A stage's completion within its months, against 100%.
     *
     * @param inTime  the next stage began within the months (on or before the same day N months on)
     * @param late    it began later, or has not begun and the months have passed
     * @param pending not begun, months not yet passed
     * @param share   inTime over (inTime + late), or null when none has come due
     */
    public record StageShare(long inTime, long late, long pending, Double share) {
        public boolean met() {
            return share != null && share >= 1.0;
        }
    }

    public record Result(Period period, LocalDate asOf, Line total, List<Line> byRegion, List<Line> byCouncil,
                         List<Line> byEvent, List<Line> byLanguage, List<Line> byHowHeard,
                         Map<String, Long> endedByReason, Times times,
                         StageShare stage1, StageShare stage2) {
    }

    /** One enquiry of the period and what it has reached. */
    private static final class Row {
        final LocalDate enquiryDate;
        final String region;
        final String council;
        final String lang;
        final String event;
        final String howHeard;
        final Map<String, LocalDate> stages = new HashMap<>();
        String reason;

        Row(LocalDate enquiryDate, String region, String council, String lang, String event, String howHeard) {
            this.enquiryDate = enquiryDate;
            this.region = region;
            this.council = council;
            this.lang = lang;
            this.event = event;
            this.howHeard = howHeard;
        }

        /** The furthest step reached: 0 for the enquiry alone, up to 4 for approved. */
        int furthest() {
            int f = 0;
            for (int i = 1; i < STEPS.size(); i++) {
                if (stages.containsKey(STEPS.get(i))) {
                    f = i;
                }
            }
            return f;
        }

        boolean ended() {
            return stages.containsKey(Stage.WITHDRAWN) || stages.containsKey(Stage.NOT_PROGRESSED);
        }
    }

    private final DataSource dataSource;
    private final RegionMap regions;
    private final Function<String, RegionMap.Names> texts;
    private final Clock clock;

    /** @param texts the Welsh and English text of a key, for language names */
    public Funnel(DataSource dataSource, RegionMap regions, Function<String, RegionMap.Names> texts, Clock clock) {
        this.dataSource = dataSource;
        this.regions = regions;
        this.texts = texts;
        this.clock = clock;
    }

    public Result funnel(User user, Period period) throws SQLException {
        LocalDate today = clock.instant().atZone(RecordTiming.FIGURES_ZONE).toLocalDate();
        String where = " WHERE e.enquiry_date >= ? AND e.enquiry_date <= ?"
                + (user.isCentral() || user.scopeKind() == null ? "" : " AND e.route_kind = ? AND e.route_id = ?");
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, String> eventNames = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.device_id, e.record_id, e.enquiry_date,"
                    + " e.region_id, e.local_authority, e.lang, e.how_heard, e.event_id FROM enquiries e" + where)) {
                bind(ps, user, period);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString("device_id") + "/" + rs.getObject("record_id"), new Row(
                                rs.getObject("enquiry_date", LocalDate.class), rs.getString("region_id"),
                                rs.getString("local_authority"), rs.getString("lang"), rs.getString("event_id"),
                                rs.getString("how_heard")));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT s.device_id, s.record_id, s.stage, s.on_date,"
                    + " s.reason FROM enquiry_stages s JOIN enquiries e ON e.device_id = s.device_id"
                    + " AND e.record_id = s.record_id" + where)) {
                bind(ps, user, period);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Row r = rows.get(rs.getString("device_id") + "/" + rs.getObject("record_id"));
                        if (r != null) {
                            r.stages.put(rs.getString("stage"), rs.getObject("on_date", LocalDate.class));
                            if (rs.getString("reason") != null) {
                                r.reason = rs.getString("reason");
                            }
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, name FROM events");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    eventNames.put(rs.getString("event_id"), rs.getString("name"));
                }
            }
        }
        List<Row> all = new ArrayList<>(rows.values());
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (String reason : EnquiryStore.REASONS) {
            long n = all.stream().filter(r -> r.ended() && reason.equals(r.reason)).count();
            if (n > 0) {
                reasons.put(reason, n);
            }
        }
        return new Result(period, today, line(null, null, all),
                group(all, r -> r.region, this::regionName),
                group(all, r -> r.council, this::councilName),
                group(all, r -> r.event, id -> {
                    String name = eventNames.get(id);
                    return name == null ? null : new RegionMap.Names(name, name);
                }),
                group(all, r -> r.lang, code -> texts.apply("lang." + code)),
                group(all, r -> r.howHeard, this::howHeardName),
                reasons, times(all), share(all, Stage.REGISTRATION, Stage.STAGE2, STAGE1_MONTHS, today),
                share(all, Stage.STAGE2, Stage.APPROVED, STAGE2_MONTHS, today));
    }

    private static void bind(PreparedStatement ps, User user, Period period) throws SQLException {
        ps.setObject(1, period.from());
        ps.setObject(2, period.to());
        if (!user.isCentral() && user.scopeKind() != null) {
            ps.setString(3, user.scopeKind());
            ps.setString(4, user.scopeId());
        }
    }

    private static Line line(String key, RegionMap.Names name, List<Row> rows) {
        long[] steps = new long[STEPS.size()];
        long ended = 0;
        for (Row r : rows) {
            int f = r.furthest();
            for (int i = 0; i <= f; i++) {
                steps[i]++;
            }
            if (r.ended()) {
                ended++;
            }
        }
        List<Long> list = new ArrayList<>();
        for (long n : steps) {
            list.add(n);
        }
        return new Line(key, name, List.copyOf(list), ended);
    }

    /** Lines by a key, most enquiries first, then by key; a row without the key groups under null, last. */
    private static List<Line> group(List<Row> rows, Function<Row, String> key,
                                    Function<String, RegionMap.Names> name) {
        Map<String, List<Row>> by = new HashMap<>();
        for (Row r : rows) {
            by.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<Line> out = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : by.entrySet()) {
            out.add(line(e.getKey(), e.getKey() == null ? null : name.apply(e.getKey()), e.getValue()));
        }
        out.sort(Comparator.comparing((Line l) -> l.key() == null)
                .thenComparing(Comparator.comparingLong(Line::enquiries).reversed())
                .thenComparing(l -> l.key() == null ? "" : l.key()));
        return out;
    }

    private RegionMap.Names regionName(String id) {
        if (regions.outside() != null && regions.outside().slug().equals(id)) {
            return regions.outside().name();
        }
        return regions.region(id).map(RegionMap.Region::name).orElse(new RegionMap.Names(id, id));
    }

    /** An answer's name; one the hub has no words for (a newer kiosk's) as it came. */
    private RegionMap.Names howHeardName(String answer) {
        String key = "how_heard." + answer;
        RegionMap.Names name = texts.apply(key);
        return key.equals(name.en()) ? new RegionMap.Names(answer, answer) : name;
    }

    private RegionMap.Names councilName(String slug) {
        if (regions.outside() != null && regions.outside().slug().equals(slug)) {
            return regions.outside().name();
        }
        for (RegionMap.Region r : regions.regions()) {
            for (RegionMap.LocalAuthority la : r.localAuthorities()) {
                if (la.slug().equals(slug)) {
                    return la.name();
                }
            }
        }
        return new RegionMap.Names(slug, slug);
    }

    /** Nearest-rank percentiles of the days from enquiry to approval, shown in months. */
    static Times times(List<Row> rows) {
        List<Long> days = new ArrayList<>();
        for (Row r : rows) {
            LocalDate approved = r.stages.get(Stage.APPROVED);
            if (approved != null) {
                days.add(ChronoUnit.DAYS.between(r.enquiryDate, approved));
            }
        }
        if (days.isEmpty()) {
            return new Times(0, null, null, 0, null);
        }
        Collections.sort(days);
        long within = days.stream().filter(d -> months(d) <= TARGET_MONTHS).count();
        return new Times(days.size(), months(nearestRank(days, 50)), months(nearestRank(days, 75)), within,
                (double) within / days.size());
    }

    /** The value at rank ceil(p/100 × n) of the sorted values (1-based): always one of the values. */
    static long nearestRank(List<Long> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    /** Days as months of 30.44 days, to one decimal. */
    static double months(long days) {
        return Math.round(days / DAYS_PER_MONTH * 10) / 10.0;
    }

    /**
     * Whether {@code next} began within {@code months} calendar months of {@code from}. An enquiry
     * without a {@code from} date is outside it; one that went on to {@code next} (or beyond) without
     * its date recorded cannot be timed and is left out; one that ended without {@code next} is left
     * out too; one still waiting counts as late once the months have passed, else as pending.
     */
    private static StageShare share(List<Row> rows, String from, String next, int months, LocalDate today) {
        long inTime = 0;
        long late = 0;
        long pending = 0;
        int nextStep = STEPS.indexOf(next);
        for (Row r : rows) {
            LocalDate start = r.stages.get(from);
            if (start == null) {
                continue;
            }
            LocalDate deadline = start.plusMonths(months);
            LocalDate done = r.stages.get(next);
            if (done != null) {
                if (done.isAfter(deadline)) {
                    late++;
                } else {
                    inTime++;
                }
            } else if (r.furthest() >= nextStep || r.ended()) {
                continue;
            } else if (today.isAfter(deadline)) {
                late++;
            } else {
                pending++;
            }
        }
        long due = inTime + late;
        return new StageShare(inTime, late, pending, due == 0 ? null : (double) inTime / due);
    }
}
