package org.adoptionkiosk.hub.audit;

import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Who viewed or changed which enquiry, every erasure and every right-of-access request: an append-only table. Entries name
 * records and users, never a visitor's details.
 */
public final class AuditLog {
    public static final String VIEW = "view";
    public static final String CLAIM = "claim";
    public static final String RESPOND = "respond";
    public static final String OUTCOME = "outcome";
    public static final String ERASE_REQUEST = "erase-request";
    public static final String ERASE_RETENTION = "erase-retention";
    /** A right-of-access search: who, and how many records matched (never what was searched for). */
    public static final String ACCESS_SEARCH = "access-search";
    /** A record given out in a right-of-access download. */
    public static final String ACCESS_EXPORT = "access-export";
    public static final String SIGN_IN = "sign-in";
    public static final String SIGN_IN_FAILED = "sign-in-failed";
    public static final String CONFIG_PUSH = "config-push";
    public static final String DEAD_LETTER_VIEW = "dead-letter-view";
    /** A later stage of an enquiry (the funnel); the detail says which and its day, never anything personal. */
    public static final String STAGE = "stage";
    /** A later stage taken back because it was recorded in error; the detail says which and its day. */
    public static final String STAGE_REMOVED = "stage-removed";
    private static final int MAX_DETAIL = 500;

    public record Entry(long id, Instant at, String username, String action, String deviceId, UUID recordId,
                        String detail) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    public AuditLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void add(String username, String action, String deviceId, UUID recordId, String detail)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            add(c, username, action, deviceId, recordId, detail);
        }
    }

    /** In the caller's transaction: the change and its entry commit together. */
    public void add(Connection c, String username, String action, String deviceId, UUID recordId, String detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (at, username, action, device_id,"
                + " record_id, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            Sql.setInstant(ps, 1, clock.instant());
            Sql.setText(ps, 2, username);
            ps.setString(3, action);
            Sql.setText(ps, 4, deviceId);
            Sql.setUuid(ps, 5, recordId);
            Sql.setText(ps, 6, Sql.truncate(detail, MAX_DETAIL));
            ps.executeUpdate();
        }
    }

    /** The newest entries first; for one enquiry when a device and record are given. */
    public List<Entry> latest(int limit, String deviceId, UUID recordId) throws SQLException {
        String where = deviceId == null ? "" : " WHERE device_id = ? AND record_id = ?";
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_log" + where
                     + " ORDER BY id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            if (deviceId != null) {
                ps.setString(1, deviceId);
                Sql.setUuid(ps, 2, recordId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong("id"), Sql.getInstant(rs, "at"), rs.getString("username"),
                            rs.getString("action"), rs.getString("device_id"), Sql.getUuid(rs, "record_id"),
                            rs.getString("detail")));
                }
            }
        }
        return out;
    }
}
