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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * National figures from the stored rows (one row per record, so a resend never counts twice).
 * SQL groups by type, council, event and month; the folding into regions and periods happens
 * here, from the region map, because regions are data rather than code.
 */
public final class FiguresService {
    public static final String UNKNOWN = "unknown";
    public static final RegionMap.Names UNKNOWN_NAME = new RegionMap.Names("Anhysbys", "Unknown");

    private static final String QUERY = "SELECT type, local_authority, event_id,"
            + " EXTRACT(YEAR FROM figure_date) AS y, EXTRACT(MONTH FROM figure_date) AS m, COUNT(*) AS n"
            + " FROM records WHERE figure_date >= ? AND figure_date <= ?"
            + " GROUP BY type, local_authority, event_id, EXTRACT(YEAR FROM figure_date),"
            + " EXTRACT(MONTH FROM figure_date)";

    /** Counters of one bucket, by type. */
    private static final class Tally {
        long signins;
        long enquiries;

        void add(FigureRow r) {
            if (RecordType.SIGNIN.wire().equals(r.type())) {
                signins += r.count();
            } else if (RecordType.ENQUIRY.wire().equals(r.type())) {
                enquiries += r.count();
            }
        }

        boolean isEmpty() {
            return signins == 0 && enquiries == 0;
        }
    }

    private final DataSource dataSource;
    private final RegionMap regions;

    public FiguresService(DataSource dataSource, RegionMap regions) {
        this.dataSource = dataSource;
        this.regions = regions;
    }

    public Figures figures(Period period) throws SQLException {
        List<FigureRow> rows = query(period);
        Tally total = new Tally();
        Map<String, Tally> byCouncil = new LinkedHashMap<>();
        Map<String, Tally> byRegion = new LinkedHashMap<>();
        Map<String, Tally> byEvent = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        Map<YearMonth, Tally> byMonth = new TreeMap<>();
        for (FigureRow r : rows) {
            total.add(r);
            String council = councilKey(r.localAuthority());
            byCouncil.computeIfAbsent(council, k -> new Tally()).add(r);
            byRegion.computeIfAbsent(regionKey(council), k -> new Tally()).add(r);
            byEvent.computeIfAbsent(r.eventId(), k -> new Tally()).add(r);
            byMonth.computeIfAbsent(YearMonth.of(r.year(), r.month()), k -> new Tally()).add(r);
        }
        return new Figures(
                new Figures.PeriodView(period.from(), period.to(), period.label()),
                new Figures.Counts(total.signins, total.enquiries),
                regionCounts(byRegion),
                councilCounts(byCouncil),
                eventCounts(byEvent),
                new Figures.ByPeriod(spans(period, byMonth, 6), spans(period, byMonth, 3), spans(period, byMonth, 1)));
    }

    private List<FigureRow> query(Period period) throws SQLException {
        List<FigureRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setObject(1, period.from());
            ps.setObject(2, period.to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new FigureRow(rs.getString("type"), rs.getString("local_authority"),
                            rs.getString("event_id"), rs.getInt("y"), rs.getInt("m"), rs.getLong("n")));
                }
            }
        }
        return rows;
    }

    /** A council of the map, the map's outside slug, or "unknown" for anything else. */
    private String councilKey(String slug) {
        return slug != null && regions.isKnownLocalAuthority(slug) ? slug : UNKNOWN;
    }

    private String regionKey(String council) {
        return regions.regionOf(council).map(RegionMap.Region::id).orElse(council);
    }

    private List<Figures.RegionCounts> regionCounts(Map<String, Tally> byRegion) {
        List<Figures.RegionCounts> out = new ArrayList<>();
        for (RegionMap.Region r : regions.regions()) {
            Tally t = byRegion.getOrDefault(r.id(), new Tally());
            out.add(new Figures.RegionCounts(r.id(), r.name(), t.signins, t.enquiries));
        }
        if (regions.outside() != null) {
            Tally t = byRegion.get(regions.outside().slug());
            if (t != null && !t.isEmpty()) {
                out.add(new Figures.RegionCounts(regions.outside().slug(), regions.outside().name(), t.signins,
                        t.enquiries));
            }
        }
        Tally unknown = byRegion.get(UNKNOWN);
        if (unknown != null && !unknown.isEmpty()) {
            out.add(new Figures.RegionCounts(UNKNOWN, UNKNOWN_NAME, unknown.signins, unknown.enquiries));
        }
        return out;
    }

    private List<Figures.LocalAuthorityCounts> councilCounts(Map<String, Tally> byCouncil) {
        List<Figures.LocalAuthorityCounts> out = new ArrayList<>();
        for (RegionMap.Region r : regions.regions()) {
            for (RegionMap.LocalAuthority la : r.localAuthorities()) {
                Tally t = byCouncil.getOrDefault(la.slug(), new Tally());
                out.add(new Figures.LocalAuthorityCounts(la.slug(), la.name(), r.id(), t.signins, t.enquiries));
            }
        }
        if (regions.outside() != null) {
            Tally t = byCouncil.get(regions.outside().slug());
            if (t != null && !t.isEmpty()) {
                out.add(new Figures.LocalAuthorityCounts(regions.outside().slug(), regions.outside().name(),
                        regions.outside().slug(), t.signins, t.enquiries));
            }
        }
        Tally unknown = byCouncil.get(UNKNOWN);
        if (unknown != null && !unknown.isEmpty()) {
            out.add(new Figures.LocalAuthorityCounts(UNKNOWN, UNKNOWN_NAME, UNKNOWN, unknown.signins,
                    unknown.enquiries));
        }
        return out;
    }

    private static List<Figures.EventCounts> eventCounts(Map<String, Tally> byEvent) {
        List<Figures.EventCounts> out = new ArrayList<>();
        byEvent.forEach((id, t) -> out.add(new Figures.EventCounts(id, t.signins, t.enquiries)));
        return out;
    }

    /**
     * Halves (6 months), quarters (3) or months (1) of the business years the period touches,
     * each cut to the period. Within one business year they are labelled H1, Q3, 2026-04…; across
     * several, halves and quarters carry the year: 2026-27 H1.
     */
    private static List<Figures.SpanCounts> spans(Period period, Map<YearMonth, Tally> byMonth, int months) {
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
                long signins = 0;
                long enquiries = 0;
                for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                    Tally t = byMonth.get(m);
                    if (t != null) {
                        signins += t.signins;
                        enquiries += t.enquiries;
                    }
                }
                out.add(new Figures.SpanCounts(label(months, k, first, y, firstYear == lastYear), from, to,
                        signins, enquiries));
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
