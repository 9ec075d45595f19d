package org.adoptionkiosk.hub.figures;

import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * National figures from {@code figure_months} and {@code figure_counts} (kept by {@link FigureCounts}
 * at ingest, so a resend never counts twice). SQL reads the period's months (and the days of any
 * part-months) by dimension; the folding into regions and periods happens here, from the region
 * map, because regions are data, not code.
 */
public final class FiguresService {
    public static final String UNKNOWN = "unknown";
    public static final RegionMap.Names UNKNOWN_NAME = new RegionMap.Names("Anhysbys", "Unknown");

    /** Whole months, from the monthly counts: a business year reads a few thousand rows at most. */
    private static final String MONTHS = "SELECT ym, dim, dim_key, type, n FROM figure_months"
            + " WHERE ym >= ? AND ym <= ?";
    /** The days of part-months at the ends of a date range. */
    private static final String DAYS = "SELECT dim, dim_key, type, EXTRACT(YEAR FROM figure_date) AS y,"
            + " EXTRACT(MONTH FROM figure_date) AS m, SUM(n) AS n FROM figure_counts"
            + " WHERE figure_date >= ? AND figure_date <= ?"
            + " GROUP BY dim, dim_key, type, EXTRACT(YEAR FROM figure_date), EXTRACT(MONTH FROM figure_date)";

    /** Summed counts of one dimension's key, or of one month. */
    private static final class Tally {
        long signins;
        long enquiries;

        void add(String type, long n) {
            if (RecordType.SIGNIN.wire().equals(type)) {
                signins += n;
            } else if (RecordType.ENQUIRY.wire().equals(type)) {
                enquiries += n;
            }
        }

        void add(Tally t) {
            signins += t.signins;
            enquiries += t.enquiries;
        }

        boolean isEmpty() {
            return signins == 0 && enquiries == 0;
        }
    }

    /** One period's tallies: dimension → key → tally, and the total by month. */
    private static final class Tallies {
        final Map<String, Map<String, Tally>> byDim = new HashMap<>();
        final Map<YearMonth, Tally> byMonth = new TreeMap<>();

        Tally get(String dim, String key) {
            return byDim.getOrDefault(dim, Map.of()).getOrDefault(key, new Tally());
        }

        Map<String, Tally> dim(String dim) {
            return byDim.getOrDefault(dim, Map.of());
        }

        void add(String dim, String key, String type, YearMonth month, long n) {
            byDim.computeIfAbsent(dim, k -> new HashMap<>()).computeIfAbsent(key, k -> new Tally()).add(type, n);
            // Any one dimension holds every record once: the council one gives the months.
            if (FigureCounts.COUNCIL.equals(dim)) {
                byMonth.computeIfAbsent(month, k -> new Tally()).add(type, n);
            }
        }
    }

    /** An event as its kiosks named it, and the footfall they counted there. */
    public record EventInfo(String name, String venue, Long footfall) {
    }

    private final DataSource dataSource;
    private final RegionMap regions;
    private final Function<String, RegionMap.Names> texts;

    /** @param texts the Welsh and English text of a key, for topic and language names */
    public FiguresService(DataSource dataSource, RegionMap regions, Function<String, RegionMap.Names> texts) {
        this.dataSource = dataSource;
        this.regions = regions;
        this.texts = texts;
    }

    public RegionMap regions() {
        return regions;
    }

    /** The first business year with any count, for the period chooser; empty before the first record. */
    public OptionalInt firstBusinessYear() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(ym) FROM figure_months");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return OptionalInt.empty();
            }
            int ym = rs.getInt(1);
            return rs.wasNull() ? OptionalInt.empty()
                    : OptionalInt.of(Period.businessYearOf(LocalDate.of(ym / 100, ym % 100, 1)));
        }
    }

    /** Sign-ins and enquiries of one calendar month, all kiosks. */
    public record MonthTotal(YearMonth month, long signins, long enquiries) {
    }

    /**
     * Every month's totals, oldest first: what the board's report compares a half-year with. One
     * dimension holds every record once, so the council one is summed.
     */
    public List<MonthTotal> monthTotals() throws SQLException {
        Map<YearMonth, Tally> months = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ym, type, SUM(n) FROM figure_months WHERE dim = ?"
                     + " GROUP BY ym, type")) {
            ps.setString(1, FigureCounts.COUNCIL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int ym = rs.getInt(1);
                    months.computeIfAbsent(YearMonth.of(ym / 100, ym % 100), k -> new Tally())
                            .add(rs.getString(2), rs.getLong(3));
                }
            }
        }
        List<MonthTotal> out = new ArrayList<>();
        months.forEach((m, t) -> out.add(new MonthTotal(m, t.signins, t.enquiries)));
        return out;
    }

    public Figures figures(Period period) throws SQLException {
        Period before = period.yearEarlier();
        Tallies now;
        Tallies then;
        Map<String, EventInfo> events;
        Map<String, String> kioskSites;
        try (Connection c = dataSource.getConnection()) {
            now = query(c, period);
            then = query(c, before);
            events = events(c);
            kioskSites = kioskSites(c);
        }
        // Any dimension sums to the total; the council one holds every record.
        Tally total = new Tally();
        Tally totalBefore = new Tally();
        now.dim(FigureCounts.COUNCIL).values().forEach(total::add);
        then.dim(FigureCounts.COUNCIL).values().forEach(totalBefore::add);
        return new Figures(
                new Figures.PeriodView(period.from(), period.to(), period.label()),
                new Figures.PeriodView(before.from(), before.to(), before.label()),
                new Figures.Counts(total.signins, total.enquiries, last(totalBefore)),
                regionCounts(now, then),
                councilCounts(now, then),
                eventCounts(now, then, events),
                keyCounts(now, then, FigureCounts.KIOSK, k -> kioskName(k, kioskSites)),
                keyCounts(now, then, FigureCounts.TOPIC, k -> texts.apply(k.isEmpty() ? "topic.none" : "topic." + k)),
                keyCounts(now, then, FigureCounts.LANG, k -> texts.apply("lang." + k)),
                new Figures.ByPeriod(spans(period, now.byMonth, 6, then), spans(period, now.byMonth, 3, then),
                        spans(period, now.byMonth, 1, then)));
    }

    /**
     * The period's counts: its whole months from figure_months, and the days before the first whole
     * month and after the last from figure_counts.
     */
    private static Tallies query(Connection c, Period period) throws SQLException {
        Tallies t = new Tallies();
        YearMonth first = YearMonth.from(period.from());
        if (period.from().getDayOfMonth() != 1) {
            first = first.plusMonths(1);
        }
        YearMonth last = YearMonth.from(period.to());
        if (!period.to().equals(last.atEndOfMonth())) {
            last = last.minusMonths(1);
        }
        if (first.isAfter(last)) {
            days(c, t, period.from(), period.to());
            return t;
        }
        if (period.from().isBefore(first.atDay(1))) {
            days(c, t, period.from(), first.atDay(1).minusDays(1));
        }
        try (PreparedStatement ps = c.prepareStatement(MONTHS)) {
            ps.setInt(1, first.getYear() * 100 + first.getMonthValue());
            ps.setInt(2, last.getYear() * 100 + last.getMonthValue());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int ym = rs.getInt("ym");
                    t.add(rs.getString("dim"), rs.getString("dim_key"), rs.getString("type"),
                            YearMonth.of(ym / 100, ym % 100), rs.getLong("n"));
                }
            }
        }
        if (period.to().isAfter(last.atEndOfMonth())) {
            days(c, t, last.atEndOfMonth().plusDays(1), period.to());
        }
        return t;
    }

    private static void days(Connection c, Tallies t, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DAYS)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    t.add(rs.getString("dim"), rs.getString("dim_key"), rs.getString("type"),
                            YearMonth.of(rs.getInt("y"), rs.getInt("m")), rs.getLong("n"));
                }
            }
        }
    }

    /** Events as kiosks named them, with the footfall all their kiosks counted there. */
    private static Map<String, EventInfo> events(Connection c) throws SQLException {
        Map<String, EventInfo> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.event_id, e.name, e.venue,"
                + " (SELECT SUM(f.footfall) FROM event_footfall f WHERE f.event_id = e.event_id) AS footfall"
                + " FROM events e");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long footfall = rs.getLong("footfall");
                out.put(rs.getString("event_id"), new EventInfo(rs.getString("name"), rs.getString("venue"),
                        rs.wasNull() ? null : footfall));
            }
        }
        return out;
    }

    private static Map<String, String> kioskSites(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT device_id, site_id FROM devices WHERE site_id IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString("device_id"), rs.getString("site_id"));
            }
        }
        return out;
    }

    private RegionMap.Names kioskName(String deviceId, Map<String, String> sites) {
        String site = sites.get(deviceId);
        return regions.site(site == null ? "" : site)
                .map(e -> new RegionMap.Names(deviceId + " · " + e.getValue().name().cy(),
                        deviceId + " · " + e.getValue().name().en()))
                .orElse(new RegionMap.Names(deviceId, deviceId));
    }

    /** A council of the map, the map's outside slug, or "unknown" for anything else. */
    private String councilKey(String slug) {
        return !slug.isEmpty() && regions.isKnownLocalAuthority(slug) ? slug : UNKNOWN;
    }

    private String regionKey(String council) {
        return regions.regionOf(council).map(RegionMap.Region::id).orElse(council);
    }

    private Map<String, Tally> byCouncil(Tallies t) {
        Map<String, Tally> out = new HashMap<>();
        t.dim(FigureCounts.COUNCIL).forEach((slug, tally) ->
                out.computeIfAbsent(councilKey(slug), k -> new Tally()).add(tally));
        return out;
    }

    private Map<String, Tally> byRegion(Map<String, Tally> byCouncil) {
        Map<String, Tally> out = new HashMap<>();
        byCouncil.forEach((council, tally) -> out.computeIfAbsent(regionKey(council), k -> new Tally()).add(tally));
        return out;
    }

    private List<Figures.RegionCounts> regionCounts(Tallies now, Tallies then) {
        Map<String, Tally> a = byRegion(byCouncil(now));
        Map<String, Tally> b = byRegion(byCouncil(then));
        List<Figures.RegionCounts> out = new ArrayList<>();
        for (RegionMap.Region r : regions.regions()) {
            out.add(regionRow(r.id(), r.name(), a, b, true));
        }
        if (regions.outside() != null) {
            addIfAny(out, regionRow(regions.outside().slug(), regions.outside().name(), a, b, false));
        }
        addIfAny(out, regionRow(UNKNOWN, UNKNOWN_NAME, a, b, false));
        return out;
    }

    private static Figures.RegionCounts regionRow(String id, RegionMap.Names name, Map<String, Tally> a,
                                                  Map<String, Tally> b, boolean always) {
        Tally x = a.getOrDefault(id, new Tally());
        Tally y = b.getOrDefault(id, new Tally());
        return always || !x.isEmpty() || !y.isEmpty()
                ? new Figures.RegionCounts(id, name, x.signins, x.enquiries, last(y)) : null;
    }

    private List<Figures.LocalAuthorityCounts> councilCounts(Tallies now, Tallies then) {
        Map<String, Tally> a = byCouncil(now);
        Map<String, Tally> b = byCouncil(then);
        List<Figures.LocalAuthorityCounts> out = new ArrayList<>();
        for (RegionMap.Region r : regions.regions()) {
            for (RegionMap.LocalAuthority la : r.localAuthorities()) {
                out.add(councilRow(la.slug(), la.name(), r.id(), a, b, true));
            }
        }
        if (regions.outside() != null) {
            addIfAny(out, councilRow(regions.outside().slug(), regions.outside().name(), regions.outside().slug(),
                    a, b, false));
        }
        addIfAny(out, councilRow(UNKNOWN, UNKNOWN_NAME, UNKNOWN, a, b, false));
        return out;
    }

    private static Figures.LocalAuthorityCounts councilRow(String slug, RegionMap.Names name, String region,
                                                           Map<String, Tally> a, Map<String, Tally> b,
                                                           boolean always) {
        Tally x = a.getOrDefault(slug, new Tally());
        Tally y = b.getOrDefault(slug, new Tally());
        return always || !x.isEmpty() || !y.isEmpty()
                ? new Figures.LocalAuthorityCounts(slug, name, region, x.signins, x.enquiries, last(y)) : null;
    }

    private static <T> void addIfAny(List<T> list, T row) {
        if (row != null) {
            list.add(row);
        }
    }

    /** Events of the period, by id; records with no event (office mode, or none set) last, as null. */
    private static List<Figures.EventCounts> eventCounts(Tallies now, Tallies then, Map<String, EventInfo> info) {
        Map<String, Tally> a = new TreeMap<>(now.dim(FigureCounts.EVENT));
        List<Figures.EventCounts> out = new ArrayList<>();
        Figures.EventCounts none = null;
        for (Map.Entry<String, Tally> e : a.entrySet()) {
            String id = e.getKey();
            Tally x = e.getValue();
            Tally y = then.get(FigureCounts.EVENT, id);
            if (id.isEmpty()) {
                none = new Figures.EventCounts(null, null, null, x.signins, x.enquiries, last(y), null, null);
                continue;
            }
            EventInfo ev = info.getOrDefault(id, new EventInfo(null, null, null));
            Double conversion = ev.footfall() == null || ev.footfall() == 0 ? null
                    : (double) (x.signins + x.enquiries) / ev.footfall();
            out.add(new Figures.EventCounts(id, ev.name(), ev.venue(), x.signins, x.enquiries, last(y),
                    ev.footfall(), conversion));
        }
        if (none != null) {
            out.add(none);
        }
        return out;
    }

    private static List<Figures.KeyCounts> keyCounts(Tallies now, Tallies then, String dim,
                                                     Function<String, RegionMap.Names> name) {
        Map<String, Tally> keys = new TreeMap<>(now.dim(dim));
        then.dim(dim).keySet().forEach(k -> keys.putIfAbsent(k, new Tally()));
        List<Figures.KeyCounts> out = new ArrayList<>();
        keys.forEach((k, x) -> out.add(new Figures.KeyCounts(k.isEmpty() ? null : k, name.apply(k), x.signins,
                x.enquiries, last(then.get(dim, k)))));
        return out;
    }

    private static Figures.LastYear last(Tally t) {
        return new Figures.LastYear(t.signins, t.enquiries);
    }

    /**
     * Halves (6 months), quarters (3) or months (1) of the business years the period touches,
     * each cut to the period. Within one business year they are labelled H1, Q3, 2026-04…; across
     * several, halves and quarters carry the year: 2026-27 H1. Each span's last-year figure is the
     * same span a year earlier, counted afresh.
     */
    private static List<Figures.SpanCounts> spans(Period period, Map<YearMonth, Tally> byMonth, int months,
                                                  Tallies then) {
        int firstYear = Period.businessYearOf(period.from());
        int lastYear = Period.businessYearOf(period.to());
        List<Figures.SpanCounts> out = new ArrayList<>();
        for (int y = firstYear; y <= lastYear; y++) {
            YearMonth start = YearMonth.of(y, 4);
            for (int k = 0; k < 12 / months; k++) {
                YearMonth first = start.plusMonths((long) k * months);
                YearMonth last = first.plusMonths(months - 1L);
                LocalDate from = max(first.atDay(1), period.from());
                LocalDate to = min(last.atEndOfMonth(), period.to());
                if (from.isAfter(to)) {
                    continue;
                }
                Tally sum = new Tally();
                Tally sumBefore = new Tally();
                for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                    Tally t = byMonth.get(m);
                    if (t != null) {
                        sum.add(t);
                    }
                    Tally b = then.byMonth.get(m.minusYears(1));
                    if (b != null) {
                        sumBefore.add(b);
                    }
                }
                out.add(new Figures.SpanCounts(label(months, k, first, y, firstYear == lastYear), from, to,
                        sum.signins, sum.enquiries, last(sumBefore)));
            }
        }
        return out;
    }

    private static String label(int months, int index, YearMonth first, int businessYear, boolean oneYear) {
        if (months == 1) {
            return first.toString();
        }
        String part = (months == 6 ? "H" : "Q") + (index + 1);
        return oneYear ? part : Period.businessYearLabel(businessYear) + " " + part;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
