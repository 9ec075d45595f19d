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
import java.util.Optional;
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

    /** How many of the rows counted have a suspect kiosk time. */
    private static final String SUSPECT = "COALESCE(SUM(CASE WHEN time_suspect THEN 1 ELSE 0 END), 0)";

    private final DataSource dataSource;

    public FleetService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The registry's columns with the event's name and footfall and the config last pushed. */
    private static final String SELECT = "SELECT d.*, e.name AS event_name, e.venue AS event_venue,"
            + " f.footfall AS footfall_event, c.version AS desired_config_version,"
            + " c.published_at AS config_published_at"
            + " FROM devices d"
            + " LEFT JOIN events e ON e.event_id = d.event_id"
            + " LEFT JOIN event_footfall f ON f.device_id = d.device_id AND f.event_id = d.event_id"
            + " LEFT JOIN device_configs c ON c.device_id = d.device_id";

    public List<DeviceView> devices() throws SQLException {
        List<DeviceView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, long[]> counts = counts(c);
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY d.device_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] n = counts.getOrDefault(rs.getString("device_id"), new long[2]);
                    out.add(view(c, rs, n[0], n[1]));
                }
            }
        }
        return out;
    }

    /**
     * Every kiosk's health, from the registry rows alone: one query that reads no records, cheap
     * enough for the metrics to run every few seconds.
     */
    public List<KioskHealth> health() throws SQLException {
        List<KioskHealth> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT device_id, online, backlog, oldest_unsynced_at,"
                     + " last_seen, mode, event_id FROM devices ORDER BY device_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new KioskHealth(rs.getString("device_id"), Sql.getBoolean(rs, "online"),
                        Sql.getLong(rs, "backlog"), Sql.getInstant(rs, "oldest_unsynced_at"),
                        Sql.getInstant(rs, "last_seen"),
                        KioskHealth.EVENT_MODE.equals(rs.getString("mode")) && rs.getString("event_id") != null));
            }
        }
        return out;
    }

    /** One kiosk, if the hub has heard of it. */
    public Optional<DeviceView> device(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + " WHERE d.device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long records;
                long suspect;
                try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*), " + SUSPECT
                        + " FROM records WHERE device_id = ?")) {
                    count.setString(1, deviceId);
                    try (ResultSet n = count.executeQuery()) {
                        n.next();
                        records = n.getLong(1);
                        suspect = n.getLong(2);
                    }
                }
                return Optional.of(view(c, rs, records, suspect));
            }
        }
    }

    private static DeviceView view(Connection c, ResultSet rs, long records, long suspect) throws SQLException {
        String id = rs.getString("device_id");
        long contiguous = rs.getLong("contiguous_seq");
        long max = rs.getLong("max_seq");
        List<DeviceView.Gap> gaps = max > contiguous ? gaps(c, id, contiguous) : List.of();
        return new DeviceView(id, Sql.getBoolean(rs, "online"), Sql.getInstant(rs, "first_seen"),
                Sql.getInstant(rs, "last_seen"), Sql.getLong(rs, "backlog"),
                Sql.getInstant(rs, "oldest_unsynced_at"), Sql.getInstant(rs, "last_capture_at"),
                contiguous, max, records, suspect, gaps, Sql.getLong(rs, "clock_offset_ms"),
                rs.getString("version"), rs.getString("event_id"), Sql.getInstant(rs, "status_at"),
                rs.getString("mode"), Sql.getLong(rs, "open_help_requests"),
                Sql.getInstant(rs, "last_help_request_at"), Sql.getLong(rs, "footfall_today"),
                getDouble(rs, "temperature_c"), Sql.getLong(rs, "disk_free_bytes"), rs.getString("region_id"),
                rs.getString("site_id"), Sql.getLong(rs, "config_version"), rs.getString("config_error"),
                Sql.getLong(rs, "forged_acks"),
                rs.getString("event_name"), rs.getString("event_venue"), Sql.getLong(rs, "footfall_event"),
                Sql.getLong(rs, "desired_config_version"), Sql.getInstant(rs, "config_published_at"));
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** Each device's records and, of them, those with a suspect kiosk time. */
    private static Map<String, long[]> counts(Connection c) throws SQLException {
        Map<String, long[]> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT device_id, COUNT(*) AS n, " + SUSPECT + " AS suspect FROM records GROUP BY device_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString("device_id"), new long[] {rs.getLong("n"), rs.getLong("suspect")});
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
