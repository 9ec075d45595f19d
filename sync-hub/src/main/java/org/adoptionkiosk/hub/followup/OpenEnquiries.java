package org.adoptionkiosk.hub.followup;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Each queue's enquiries still open today, and how many of them wait for a first answer past
 * their due day or on it: what the hub's metrics and alerts watch. Every queue of the regions file
 * is listed, with nothing in it too, so a queue's count falls to 0 rather than vanishing.
 */
public final class OpenEnquiries {
    /**
     * One queue.
     *
     * @param open             not closed (answered or not)
     * @param overdue          not closed, never answered, and the due day has passed
     * @param dueTodayUnanswered not closed, never answered, and due today
     */
    public record Queue(String kind, String id, long open, long overdue, long dueTodayUnanswered) {
    }

    // One pass over the open enquiries (the queue index covers closed_at).
    private static final String QUERY = "SELECT route_kind, route_id, COUNT(*) AS open,"
            + " SUM(CASE WHEN first_response_on IS NULL AND due_date < ? THEN 1 ELSE 0 END) AS overdue,"
            + " SUM(CASE WHEN first_response_on IS NULL AND due_date = ? THEN 1 ELSE 0 END) AS due_today"
            + " FROM enquiries WHERE closed_at IS NULL GROUP BY route_kind, route_id";

    private final DataSource dataSource;
    private final RegionMap regions;
    private final Clock clock;

    public OpenEnquiries(DataSource dataSource, RegionMap regions, Clock clock) {
        this.dataSource = dataSource;
        this.regions = regions;
        this.clock = clock;
    }

    /** Today's counts (the Europe/London day, as the due days are), the regions file's queues first. */
    public List<Queue> byQueue() throws SQLException {
        LocalDate today = RecordTiming.day(clock.instant());
        Map<String, Queue> queues = new LinkedHashMap<>();
        for (RegionMap.Region r : regions.regions()) {
            queues.put(Route.REGION + "/" + r.id(), new Queue(Route.REGION, r.id(), 0, 0, 0));
        }
        for (RegionMap.Agency a : regions.agencies()) {
            queues.put(Route.AGENCY + "/" + a.id(), new Queue(Route.AGENCY, a.id(), 0, 0, 0));
        }
        queues.put(Route.CENTRAL + "/" + Route.CENTRAL_ID, new Queue(Route.CENTRAL, Route.CENTRAL_ID, 0, 0, 0));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setObject(1, today);
            ps.setObject(2, today);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // A queue the regions file no longer names still counts, by its id.
                    String kind = rs.getString("route_kind");
                    String id = rs.getString("route_id");
                    queues.put(kind + "/" + id, new Queue(kind, id, rs.getLong("open"), rs.getLong("overdue"),
                            rs.getLong("due_today")));
                }
            }
        }
        return new ArrayList<>(queues.values());
    }
}
