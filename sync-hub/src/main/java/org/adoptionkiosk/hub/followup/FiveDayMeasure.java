package org.adoptionkiosk.hub.followup;

import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.store.RecordTiming;
import org.adoptionkiosk.protocol.RegionMap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The national measure: the share of enquiries whose first response came within 5 working days
 * (weekends and England and Wales bank holidays left out), per queue and nationally, against the
 * target of 100%. Enquiries are counted by the day they were made, within the period. One not yet
 * answered counts only once its due day has passed (or it was closed unanswered); until then it is
 * pending and outside the share.
 */
public final class FiveDayMeasure {
    public static final double TARGET = 1.0;

    private static final String QUERY = "SELECT route_kind, route_id, COUNT(*) AS total,"
            + " SUM(CASE WHEN first_response_on IS NOT NULL AND first_response_on <= due_date THEN 1 ELSE 0 END) AS in_time,"
            + " SUM(CASE WHEN first_response_on IS NOT NULL AND first_response_on > due_date THEN 1 ELSE 0 END) AS late,"
            + " SUM(CASE WHEN first_response_on IS NULL AND (closed_at IS NOT NULL OR due_date < ?) THEN 1 ELSE 0 END) AS missed,"
            + " SUM(CASE WHEN first_response_on IS NULL AND closed_at IS NULL AND due_date >= ? THEN 1 ELSE 0 END) AS pending"
            + " FROM enquiries WHERE enquiry_date >= ? AND enquiry_date <= ? GROUP BY route_kind, route_id";

    /**
     * One queue's (or the nation's) figures.
     *
     * @param late    answered, but after the due day
     * @param missed  not answered and past the due day, or closed unanswered
     * @param pending not answered, not yet due
     * @param share   inTime over (inTime + late + missed), or null when none has come due
     */
    public record Line(String kind, String id, RegionMap.Names name, long total, long inTime, long late, long missed,
                       long pending, Double share) {
        public boolean metTarget() {
            return share != null && share >= TARGET;
        }
    }

    /** The measure of a period: a line per queue, then the nation. */
    public record Result(Period period, LocalDate asOf, List<Line> queues, Line national) {
    }

    private final DataSource dataSource;
    private final RegionMap regions;
    private final Clock clock;

    public FiveDayMeasure(DataSource dataSource, RegionMap regions, Clock clock) {
        this.dataSource = dataSource;
        this.regions = regions;
        this.clock = clock;
    }

    public Result measure(Period period) throws SQLException {
        LocalDate today = clock.instant().atZone(RecordTiming.FIGURES_ZONE).toLocalDate();
        Map<String, long[]> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setObject(1, today);
            ps.setObject(2, today);
            ps.setObject(3, period.from());
            ps.setObject(4, period.to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString("route_kind") + "/" + rs.getString("route_id"), new long[] {
                            rs.getLong("total"), rs.getLong("in_time"), rs.getLong("late"), rs.getLong("missed"),
                            rs.getLong("pending")});
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        long[] all = new long[5];
        for (RegionMap.Region r : regions.regions()) {
            lines.add(line(Route.REGION, r.id(), r.name(), counts.remove(Route.REGION + "/" + r.id()), all));
        }
        for (RegionMap.Agency a : regions.agencies()) {
            lines.add(line(Route.AGENCY, a.id(), a.name(), counts.remove(Route.AGENCY + "/" + a.id()), all));
        }
        lines.add(line(Route.CENTRAL, Route.CENTRAL_ID, null, counts.remove(Route.CENTRAL + "/" + Route.CENTRAL_ID),
                all));
        // Queues the regions file no longer names still count nationally and are listed by id.
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] kindId = e.getKey().split("/", 2);
            lines.add(line(kindId[0], kindId[1], new RegionMap.Names(kindId[1], kindId[1]), e.getValue(), all));
        }
        return new Result(period, today, lines, line("national", "national", null, all, null));
    }

    private static Line line(String kind, String id, RegionMap.Names name, long[] n, long[] sum) {
        long[] v = n == null ? new long[5] : n;
        if (sum != null) {
            for (int i = 0; i < 5; i++) {
                sum[i] += v[i];
            }
        }
        long due = v[1] + v[2] + v[3];
        return new Line(kind, id, name, v[0], v[1], v[2], v[3], v[4], due == 0 ? null : (double) v[1] / due);
    }
}
