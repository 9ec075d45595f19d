package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.DeviceStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** The device registry rows: delivery progress from batches, health from status messages. */
public final class DeviceStore {
    /** What the hub knows of a device's seq before a batch. */
    public record Progress(long contiguousSeq, long maxSeq) {
    }

    private static final int MAX_TEXT = 100;
    /** devices.mode */
    private static final int MAX_MODE = 8;
    /** events.name, events.venue: as long as the event rules let them be. */
    private static final int MAX_EVENT_TEXT = DeviceConfig.EventSpec.MAX_TEXT;

    /** How far ahead of the hub's clock a stored sentAt is taken for a wrong kiosk clock. */
    static final Duration CLOCK_AHEAD = Duration.ofHours(1);

    private final DataSource dataSource;

    public DeviceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes sure the device has a row, in its own transaction, so a batch transaction can lock it.
     * Two hub instances may race here; the loser's unique violation is harmless.
     */
    public void ensure(String deviceId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM devices WHERE device_id = ?")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (device_id, first_seen, last_seen,"
                    + " contiguous_seq, max_seq) VALUES (?, ?, ?, 0, 0)")) {
                ps.setString(1, deviceId);
                Sql.setInstant(ps, 2, now);
                Sql.setInstant(ps, 3, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Locks the device row for the caller's transaction: batches of one device from several hub
     * instances then go one after the other.
     */
    public Progress lock(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT contiguous_seq, max_seq FROM devices WHERE device_id = ? FOR UPDATE")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("device row missing for " + deviceId);
                }
                return new Progress(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    public void afterBatch(Connection c, String deviceId, Progress progress, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE devices SET contiguous_seq = ?, max_seq = ?, last_seen = ? WHERE device_id = ?")) {
            ps.setLong(1, progress.contiguousSeq());
            ps.setLong(2, progress.maxSeq());
            Sql.setInstant(ps, 3, now);
            ps.setString(4, deviceId);
            ps.executeUpdate();
        }
    }

    /**
     * Applies a status message. A kiosk's own status (online, or any status it sent itself: it
     * carries {@code sentAt}) says everything about it now, so every member is stored as given and a
     * member it leaves out is cleared (no backlog means no oldest unsynced; no config error once it
     * applied the config). The last-will carries only online=false: it changes nothing else. A
     * retained status replayed on (re)subscribe says nothing about when the device was last heard
     * from, so it leaves last_seen alone.
     *
     * <p>Every hub instance stores every status, each at its own pace, and a retained status is
     * replayed on (re)subscribe: a status older than the one stored ({@code sentAt}, the kiosk's own
     * clock) changes nothing, its event rows included. One as new as the stored one applies again
     * (the same message from a slower instance, harmless; and it puts back online=true should that
     * instance have applied a last-will in between). A stored {@code sentAt} more than
     * {@link #CLOCK_AHEAD} ahead of the hub's clock came from a kiosk clock that was wrong, and the
     * next status replaces it.
     *
     * <p>Texts come from kiosks and are untrusted: each is cut to its column's size, never refused.
     * The event's name and venue go to {@code events}, its footfall to {@code event_footfall}.
     */
    public void applyStatus(String deviceId, DeviceStatus s, boolean replayed, Instant now) throws SQLException {
        ensure(deviceId, now);
        boolean will = !s.online() && s.sentAt() == null;
        Instant sentAt = Sql.storable(s.sentAt());
        String sql = will
                ? "UPDATE devices SET online = ?, status_at = ?" + (replayed ? "" : ", last_seen = ?")
                        + " WHERE device_id = ?"
                : "UPDATE devices SET online = ?, backlog = ?, oldest_unsynced_at = ?, last_capture_at = ?,"
                        + " clock_offset_ms = ?, version = ?, event_id = ?, mode = ?, open_help_requests = ?,"
                        + " last_help_request_at = ?, footfall_today = ?, temperature_c = ?, disk_free_bytes = ?,"
                        + " region_id = ?, site_id = ?, config_version = ?, config_error = ?, forged_acks = ?, status_at = ?"
                        + (replayed ? "" : ", last_seen = ?")
                        + (sentAt == null ? "" : ", status_sent_at = ?")
                        + " WHERE device_id = ?"
                        + (sentAt == null ? "" : " AND (status_sent_at IS NULL OR status_sent_at <= ? OR status_sent_at > ?)");
        // Every hub instance sees every status (status is not a shared subscription), so two may
        // insert the same event row at once: the loser's unique violation means the row is there
        // now, and one retry updates it.
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    boolean applied = update(c, sql, deviceId, s, will, replayed, sentAt, now);
                    if (applied && !will && s.eventId() != null) {
                        events(c, deviceId, s, now);
                    }
                    c.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt > 0 || !Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /** False when the status was older than the one stored, and changed nothing. */
    private static boolean update(Connection c, String sql, String deviceId, DeviceStatus s, boolean will,
                                  boolean replayed, Instant sentAt, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setBoolean(i++, s.online());
            if (!will) {
                Sql.setLong(ps, i++, s.backlog());
                Sql.setInstant(ps, i++, Sql.storable(s.oldestUnsyncedAt()));
                Sql.setInstant(ps, i++, Sql.storable(s.lastCaptureAt()));
                Sql.setLong(ps, i++, s.clockOffsetMillis());
                setText(ps, i++, s.version(), MAX_TEXT);
                setText(ps, i++, s.eventId(), MAX_TEXT);
                setText(ps, i++, s.mode(), MAX_MODE);
                if (s.openHelpRequests() == null) {
                    ps.setNull(i++, Types.INTEGER);
                } else {
                    ps.setInt(i++, s.openHelpRequests());
                }
                Sql.setInstant(ps, i++, Sql.storable(s.lastHelpRequestAt()));
                Sql.setLong(ps, i++, s.footfallToday());
                if (s.temperatureC() == null || !Double.isFinite(s.temperatureC())) {
                    ps.setNull(i++, Types.DOUBLE);
                } else {
                    ps.setDouble(i++, s.temperatureC());
                }
                Sql.setLong(ps, i++, s.diskFreeBytes());
                setText(ps, i++, s.region(), MAX_TEXT);
                setText(ps, i++, s.site(), MAX_TEXT);
                Sql.setLong(ps, i++, s.configVersion());
                setText(ps, i++, s.configError(), MAX_TEXT);
                Sql.setLong(ps, i++, s.forgedAcks());
            }
            Sql.setInstant(ps, i++, now);
            if (!replayed) {
                Sql.setInstant(ps, i++, now);
            }
            if (!will && sentAt != null) {
                Sql.setInstant(ps, i++, sentAt);
            }
            ps.setString(i++, deviceId);
            if (!will && sentAt != null) {
                Sql.setInstant(ps, i++, sentAt);
                Sql.setInstant(ps, i, now.plus(CLOCK_AHEAD));
            }
            return ps.executeUpdate() > 0;
        }
    }

    /** The event's name and venue into {@code events}, this kiosk's footfall there into {@code event_footfall}. */
    private static void events(Connection c, String deviceId, DeviceStatus s, Instant now) throws SQLException {
        String eventId = Sql.truncate(s.eventId(), MAX_TEXT);
        boolean pg = Sql.isPostgres(c);
        if (s.eventName() != null || s.eventVenue() != null) {
            try (PreparedStatement ps = c.prepareStatement(pg ? EVENT_UPSERT : EVENT_MERGE)) {
                ps.setString(1, eventId);
                setText(ps, 2, s.eventName(), MAX_EVENT_TEXT);
                setText(ps, 3, s.eventVenue(), MAX_EVENT_TEXT);
                Sql.setInstant(ps, 4, now);
                ps.executeUpdate();
            }
        }
        if (s.footfallEvent() != null) {
            try (PreparedStatement ps = c.prepareStatement(pg ? FOOTFALL_UPSERT : FOOTFALL_MERGE)) {
                ps.setString(1, deviceId);
                ps.setString(2, eventId);
                ps.setLong(3, s.footfallEvent());
                Sql.setInstant(ps, 4, now);
                ps.executeUpdate();
            }
        }
    }

    /** H2, standard MERGE: the event's name and venue as its kiosk last gave them. */
    private static final String EVENT_MERGE = "MERGE INTO events t"
            + " USING (VALUES (CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(120)), CAST(? AS VARCHAR(120)),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(event_id, name, venue, updated_at)"
            + " ON t.event_id = s.event_id"
            + " WHEN MATCHED THEN UPDATE SET name = s.name, venue = s.venue, updated_at = s.updated_at"
            + " WHEN NOT MATCHED THEN INSERT (event_id, name, venue, updated_at)"
            + " VALUES (s.event_id, s.name, s.venue, s.updated_at)";

    /** A kiosk's footfall at an event: the latest count it reported (it counts up from the event's start). */
    private static final String FOOTFALL_MERGE = "MERGE INTO event_footfall t"
            + " USING (VALUES (CAST(? AS VARCHAR(63)), CAST(? AS VARCHAR(100)), CAST(? AS BIGINT),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(device_id, event_id, footfall, updated_at)"
            + " ON t.device_id = s.device_id AND t.event_id = s.event_id"
            + " WHEN MATCHED THEN UPDATE SET footfall = s.footfall, updated_at = s.updated_at"
            + " WHEN NOT MATCHED THEN INSERT (device_id, event_id, footfall, updated_at)"
            + " VALUES (s.device_id, s.event_id, s.footfall, s.updated_at)";

    /** PostgreSQL: the same two, safe when every hub instance stores the same status at once. */
    private static final String EVENT_UPSERT = "INSERT INTO events (event_id, name, venue, updated_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (event_id)"
            + " DO UPDATE SET name = EXCLUDED.name, venue = EXCLUDED.venue, updated_at = EXCLUDED.updated_at";
    private static final String FOOTFALL_UPSERT = "INSERT INTO event_footfall (device_id, event_id, footfall,"
            + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (device_id, event_id)"
            + " DO UPDATE SET footfall = EXCLUDED.footfall, updated_at = EXCLUDED.updated_at";

    private static void setText(PreparedStatement ps, int i, String v, int max) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, Sql.truncate(v, max));
        }
    }
}
