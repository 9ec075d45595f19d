package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.KioskRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Each kiosk process's anchor ({@link RecordTiming.Boot}) in {@code boot_anchors}, and the timing of
 * the records a batch inserts, by {@link RecordTiming}'s rule. Runs in the storing transaction, under
 * the device's lock, before the batch's rows are inserted.
 */
final class BootAnchors {
    private static final String SELECT = "SELECT bound, corrected_start FROM boot_anchors"
            + " WHERE device_id = ? AND boot_id = ?";

    /** H2: standard MERGE. The bound only ever falls; the first corrected start stays. */
    private static final String MERGE = "MERGE INTO boot_anchors t"
            + " USING (VALUES (CAST(? AS VARCHAR(63)), CAST(? AS UUID), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(device_id, boot_id, bound, corrected_start)"
            + " ON t.device_id = s.device_id AND t.boot_id = s.boot_id"
            + " WHEN MATCHED THEN UPDATE SET bound = LEAST(t.bound, s.bound),"
            + " corrected_start = COALESCE(t.corrected_start, s.corrected_start)"
            + " WHEN NOT MATCHED THEN INSERT (device_id, boot_id, bound, corrected_start)"
            + " VALUES (s.device_id, s.boot_id, s.bound, s.corrected_start)";

    /** PostgreSQL: the same, safe when two hub instances write the same new key at once. */
    private static final String UPSERT = "INSERT INTO boot_anchors (device_id, boot_id, bound, corrected_start)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (device_id, boot_id) DO UPDATE SET"
            + " bound = LEAST(boot_anchors.bound, EXCLUDED.bound),"
            + " corrected_start = COALESCE(boot_anchors.corrected_start, EXCLUDED.corrected_start)";

    /** The boot's records stored before its corrected start was known: none of them carried an offset. */
    private static final String STORED = "SELECT id, captured_at, mono_millis, time_suspect FROM records"
            + " WHERE device_id = ? AND boot_id = ? AND corrected_at IS NULL AND clock_offset_millis IS NULL";

    private static final String MARK = "UPDATE records SET corrected_at = ?, time_suspect = ?"
            + " WHERE device_id = ? AND id = ?";

    private BootAnchors() {
    }

    /**
     * @param timings       each inserted row's timing, in the rows' order
     * @param storedSuspect how many of the boots' records stored earlier were found suspect now
     */
    record Judged(List<RecordTiming.Timing> timings, int storedSuspect) {
        /** Suspect times this batch brought to light: its own and its boots' earlier records. */
        int suspect() {
            int n = storedSuspect;
            for (RecordTiming.Timing t : timings) {
                n += t.suspect() ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * Brings the anchors of the rows' boots up to date (each batch's rows counted in), judges each
     * row, and, for a boot whose corrected start this batch makes known, judges the boot's records
     * stored before again (rule (d)).
     */
    static Judged judge(Connection c, String deviceId, List<KioskRecord> rows, Instant receivedAt)
            throws SQLException {
        // Boots in one order, so two hub instances take their rows' locks alike.
        Map<UUID, RecordTiming.Boot> fromBatch = new TreeMap<>();
        for (KioskRecord r : rows) {
            RecordTiming.Boot b = new RecordTiming.Boot(RecordTiming.bound(receivedAt, r.monoMillis()),
                    RecordTiming.correctedStart(r.capturedAt(), r.monoMillis(), r.clockOffsetMillis()));
            fromBatch.merge(r.bootId(), b, BootAnchors::combine);
        }
        Map<UUID, RecordTiming.Boot> known = new HashMap<>();
        int storedSuspect = 0;
        boolean pg = Sql.isPostgres(c);
        for (Map.Entry<UUID, RecordTiming.Boot> e : fromBatch.entrySet()) {
            UUID boot = e.getKey();
            RecordTiming.Boot stored = read(c, deviceId, boot);
            RecordTiming.Boot now = combine(stored, e.getValue());
            if (now.bound() != null && !now.equals(stored)) {
                upsert(c, pg, deviceId, boot, now);
            }
            if (now.correctedStart() != null && (stored == null || stored.correctedStart() == null)) {
                storedSuspect += judgeStored(c, deviceId, boot, now.correctedStart());
            }
            known.put(boot, now);
        }
        List<RecordTiming.Timing> timings = new ArrayList<>(rows.size());
        for (KioskRecord r : rows) {
            timings.add(RecordTiming.judge(r.capturedAt(), r.monoMillis(), r.clockOffsetMillis(), receivedAt,
                    known.get(r.bootId())));
        }
        return new Judged(timings, storedSuspect);
    }

    /** The lower bound of both; the first corrected start known. */
    private static RecordTiming.Boot combine(RecordTiming.Boot first, RecordTiming.Boot then) {
        if (first == null) {
            return then;
        }
        Instant bound = first.bound() == null ? then.bound()
                : then.bound() == null || first.bound().isBefore(then.bound()) ? first.bound() : then.bound();
        return new RecordTiming.Boot(bound,
                first.correctedStart() != null ? first.correctedStart() : then.correctedStart());
    }

    private static RecordTiming.Boot read(Connection c, String deviceId, UUID boot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, deviceId);
            ps.setObject(2, boot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new RecordTiming.Boot(Sql.getInstant(rs, "bound"),
                        Sql.getInstant(rs, "corrected_start")) : null;
            }
        }
    }

    private static void upsert(Connection c, boolean pg, String deviceId, UUID boot, RecordTiming.Boot b)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(pg ? UPSERT : MERGE)) {
            ps.setString(1, deviceId);
            ps.setObject(2, boot);
            Sql.setInstant(ps, 3, b.bound());
            Sql.setInstant(ps, 4, b.correctedStart());
            ps.executeUpdate();
        }
    }

    /** Rule (d) for the boot's records stored without an offset; returns how many it newly found suspect. */
    private static int judgeStored(Connection c, String deviceId, UUID boot, Instant correctedStart)
            throws SQLException {
        record Row(UUID id, Instant correctedAt, boolean suspect, boolean wasSuspect) {
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(STORED)) {
            ps.setString(1, deviceId);
            ps.setObject(2, boot);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant captured = Sql.getInstant(rs, "captured_at");
                    long mono = rs.getLong("mono_millis");
                    Instant corrected = RecordTiming.correctedAt(captured, mono, null, correctedStart);
                    if (corrected != null) {
                        boolean was = rs.getBoolean("time_suspect");
                        rows.add(new Row(Sql.getUuid(rs, "id"), corrected,
                                was || RecordTiming.offCorrectedStart(captured, mono, correctedStart), was));
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        int newly = 0;
        try (PreparedStatement ps = c.prepareStatement(MARK)) {
            for (Row r : rows) {
                Sql.setInstant(ps, 1, r.correctedAt());
                ps.setBoolean(2, r.suspect());
                ps.setString(3, deviceId);
                ps.setObject(4, r.id());
                ps.addBatch();
                newly += r.suspect() && !r.wasSuspect() ? 1 : 0;
            }
            ps.executeBatch();
        }
        return newly;
    }
}
