package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.DeviceStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;

/** The device registry rows: delivery progress from batches, health from status messages. */
public final class DeviceStore {
    /** What the hub knows of a device's seq before a batch. */
    public record Progress(long contiguousSeq, long maxSeq) {
    }

    private static final int MAX_TEXT = 100;

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
     * Applies a status message. Fields the message leaves out (a last-will carries only
     * online=false) keep their earlier values. A retained status replayed on (re)subscribe says
     * nothing about when the device was last heard from, so it leaves last_seen alone.
     */
    public void applyStatus(String deviceId, DeviceStatus s, boolean replayed, Instant now) throws SQLException {
        ensure(deviceId, now);
        String sql = "UPDATE devices SET online = ?,"
                + " backlog = COALESCE(?, backlog),"
                + " oldest_unsynced_at = COALESCE(?, oldest_unsynced_at),"
                + " last_capture_at = COALESCE(?, last_capture_at),"
                + " clock_offset_ms = COALESCE(?, clock_offset_ms),"
                + " version = COALESCE(?, version),"
                + " event_id = COALESCE(?, event_id),"
                + " status_at = ?"
                + (replayed ? "" : ", last_seen = ?")
                + " WHERE device_id = ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            int i = 1;
            ps.setBoolean(i++, s.online());
            Sql.setLong(ps, i++, s.backlog());
            Sql.setInstant(ps, i++, Sql.storable(s.oldestUnsyncedAt()));
            Sql.setInstant(ps, i++, Sql.storable(s.lastCaptureAt()));
            Sql.setLong(ps, i++, s.clockOffsetMillis());
            setText(ps, i++, s.version());
            setText(ps, i++, s.eventId());
            Sql.setInstant(ps, i++, now);
            if (!replayed) {
                Sql.setInstant(ps, i++, now);
            }
            ps.setString(i, deviceId);
            ps.executeUpdate();
        }
    }

    private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, Sql.truncate(v, MAX_TEXT));
        }
    }
}
