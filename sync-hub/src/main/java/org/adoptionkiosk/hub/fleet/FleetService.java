package org.adoptionkiosk.hub.fleet;

import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The kiosk fleet: registry rows, stored counts and the seq ranges still missing. */
public final class FleetService {
    /** Enough to see what is wrong; a device with more gaps than this has a bigger problem. */
    public static final int MAX_GAPS = 100;

    /**
     * Missing ranges above the contiguous seq: each stored seq compared with the one before it,
     * starting from the contiguous seq itself (LAG's default).
     */
    private static final String GAPS = "SELECT prev + 1 AS gap_from, seq - 1 AS gap_to FROM ("
            + " SELECT seq, LAG(seq, 1, CAST(? AS BIGINT)) OVER (ORDER BY seq) AS prev FROM records"
            + " WHERE device_id = ? AND seq > ?) t"
            + " WHERE seq - prev > 1 ORDER BY seq FETCH FIRST " + MAX_GAPS + " ROWS ONLY";

    private final DataSource dataSource;

    public FleetService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<DeviceView> devices() throws SQLException {
        List<DeviceView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> counts = counts(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM devices ORDER BY device_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("device_id");
                    long contiguous = rs.getLong("contiguous_seq");
                    long max = rs.getLong("max_seq");
                    List<DeviceView.Gap> gaps = max > contiguous ? gaps(c, id, contiguous) : List.of();
                    out.add(new DeviceView(id, Sql.getBoolean(rs, "online"), Sql.getInstant(rs, "first_seen"),
                            Sql.getInstant(rs, "last_seen"), Sql.getLong(rs, "backlog"),
                            Sql.getInstant(rs, "oldest_unsynced_at"), Sql.getInstant(rs, "last_capture_at"),
                            contiguous, max, counts.getOrDefault(id, 0L), gaps, Sql.getLong(rs, "clock_offset_ms"),
                            rs.getString("version"), rs.getString("event_id"), Sql.getInstant(rs, "status_at")));
                }
            }
        }
        return out;
    }

    private static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT device_id, COUNT(*) AS n FROM records GROUP BY device_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString("device_id"), rs.getLong("n"));
            }
        }
        return counts;
    }

    private static List<DeviceView.Gap> gaps(Connection c, String deviceId, long contiguous) throws SQLException {
        List<DeviceView.Gap> gaps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(GAPS)) {
            ps.setLong(1, contiguous);
            ps.setString(2, deviceId);
            ps.setLong(3, contiguous);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new DeviceView.Gap(rs.getLong("gap_from"), rs.getLong("gap_to")));
                }
            }
        }
        return gaps;
    }
}
