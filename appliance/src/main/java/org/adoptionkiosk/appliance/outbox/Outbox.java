package org.adoptionkiosk.appliance.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.StoreException;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.WireCodec;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The records waiting for the hub's ack: which to send next, and what an ack settles. All of it
 * runs on the database thread.
 */
public final class Outbox {
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };
    private static final int MAX_REASON_CHARS = 1000;

    private final Database db;
    private final WireCodec codec;
    private final ObjectMapper mapper;
    private final String deviceId;
    private final UUID bootId;

    public Outbox(Database db, WireCodec codec, String deviceId, UUID bootId) {
        this.db = db;
        this.codec = codec;
        this.mapper = codec.mapper();
        this.deviceId = deviceId;
        this.bootId = bootId;
    }

    /**
     * The next batch: up to {@code maxRecords} waiting records in seq order, fewer if more would
     * make the encoded batch larger than {@code maxBytes}. Each call gives a new batch id. Empty
     * when nothing waits.
     */
    public Optional<RecordBatch> nextBatch(int maxRecords, int maxBytes) {
        return nextBatch(maxRecords, maxBytes, 0);
    }

    /** As {@link #nextBatch(int, int)}, only records with a seq above {@code afterSeq}. */
    public Optional<RecordBatch> nextBatch(int maxRecords, int maxBytes, long afterSeq) {
        List<Pending> pending = db.call(c -> pending(c, maxRecords, afterSeq));
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        UUID batchId = UUID.randomUUID();
        // Jackson writes no whitespace, so the batch is the envelope plus each record and a comma.
        long envelope = codec.encode(new RecordBatch(WireCodec.SCHEMA, deviceId, batchId, bootId, List.of())).length;
        long bound = envelope;
        for (Pending p : pending) {
            bound += p.sizeBound() + 1;
        }
        List<KioskRecord> chosen = new ArrayList<>();
        if (bound <= maxBytes) {
            // The usual case, and the cheap one: even at its largest the batch fits.
            pending.forEach(p -> chosen.add(p.record()));
        } else {
            long size = envelope;
            for (Pending p : pending) {
                long recordSize = codec.encode(p.record()).length + (chosen.isEmpty() ? 0 : 1);
                if (!chosen.isEmpty() && size + recordSize > maxBytes) {
                    break;
                }
                // A single record over the cap still goes alone: records are far smaller by
                // validation, and holding it back would block everything behind it.
                chosen.add(p.record());
                size += recordSize;
            }
        }
        return Optional.of(new RecordBatch(WireCodec.SCHEMA, deviceId, batchId, bootId, List.copyOf(chosen)));
    }

    /**
     * A waiting record and an upper bound of its encoded size: its stored fields and sealed text
     * plus room for every other member (ids, times, numbers, names), which together stay well
     * under {@link #RECORD_OVERHEAD_BOUND} bytes.
     */
    private record Pending(KioskRecord record, long sizeBound) {
    }

    private static final int RECORD_OVERHEAD_BOUND = 512;

    private List<Pending> pending(Connection c, int maxRecords, long afterSeq) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.id, r.seq, r.type, r.captured_at, r.boot_id, r.mono_millis, r.event_id, r.lang,
                       r.schema_version, r.fields_json, r.sealed, r.clock_offset_millis
                FROM (SELECT seq FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?) o
                JOIN records r ON r.seq = o.seq
                ORDER BY o.seq""")) {
            // The limit sits in a subquery: on a join, H2 would read the whole outbox before limiting.
            ps.setLong(1, afterSeq);
            ps.setInt(2, maxRecords);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String fieldsJson = rs.getString(10);
                    String sealed = rs.getString(11);
                    String eventId = rs.getString(7);
                    long offset = rs.getLong(12);
                    Long clockOffsetMillis = rs.wasNull() ? null : offset;
                    KioskRecord record = new KioskRecord(
                            rs.getObject(1, UUID.class),
                            rs.getLong(2),
                            RecordType.fromWire(rs.getString(3)),
                            rs.getObject(4, OffsetDateTime.class).toInstant(),
                            rs.getObject(5, UUID.class),
                            rs.getLong(6),
                            eventId,
                            Lang.fromCode(rs.getString(8)),
                            rs.getInt(9),
                            fields(fieldsJson),
                            sealed,
                            clockOffsetMillis);
                    // The stored fields are already JSON and come back out the same: at most 3 UTF-8
                    // bytes a character. An event id is plain text: escaped, at most 6 a character.
                    long bound = RECORD_OVERHEAD_BOUND + 3L * fieldsJson.length()
                            + (sealed == null ? 0 : sealed.length()) + (eventId == null ? 0 : 6L * eventId.length());
                    out.add(new Pending(record, bound));
                }
            }
        }
        return out;
    }

    private Map<String, Object> fields(String json) {
        try {
            return mapper.readValue(json, FIELDS);
        } catch (IOException e) {
            throw new StoreException("stored fields are not JSON");
        }
    }

    /**
     * Settles what the ack lists, in one transaction: accepted records are marked synced,
     * rejected ones keep the hub's reason; both leave the outbox. Ids that are not waiting are
     * ignored, so a repeated ack changes nothing.
     *
     * @param sent the batch the ack answers, whose records give each id's seq; an id it does not
     *             hold is looked up
     */
    public AckOutcome apply(Ack ack, RecordBatch sent, Instant now) {
        Map<UUID, Long> seqOf = new HashMap<>();
        if (sent != null) {
            for (KioskRecord r : sent.records()) {
                seqOf.put(r.id(), r.seq());
            }
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return db.call(c -> {
            int synced = 0;
            if (!ack.accepted().isEmpty()) {
                List<long[]> runs = runs(seqs(c, ack.accepted(), seqOf));
                // Consecutive seqs become one range each: a whole batch is usually a single run,
                // and rows keyed by seq make each range a short walk through adjacent pages.
                try (PreparedStatement leave = c.prepareStatement("DELETE FROM outbox WHERE seq BETWEEN ? AND ?");
                     PreparedStatement mark = c.prepareStatement(
                             "UPDATE records SET synced_at = ? WHERE seq BETWEEN ? AND ? AND synced_at IS NULL")) {
                    for (long[] run : runs) {
                        leave.setLong(1, run[0]);
                        leave.setLong(2, run[1]);
                        leave.addBatch();
                        mark.setObject(1, at);
                        mark.setLong(2, run[0]);
                        mark.setLong(3, run[1]);
                        mark.addBatch();
                    }
                    synced = count(leave.executeBatch());
                    mark.executeBatch();
                }
            }
            int rejected = 0;
            if (!ack.rejected().isEmpty()) {
                try (PreparedStatement leave = c.prepareStatement("DELETE FROM outbox WHERE seq = ?");
                     PreparedStatement mark = c.prepareStatement("""
                             UPDATE records SET rejected_reason = ?
                             WHERE seq = ? AND synced_at IS NULL AND rejected_reason IS NULL""")) {
                    for (Rejection r : ack.rejected()) {
                        Long seq = r == null || r.id() == null ? null : seqOf(c, r.id(), seqOf);
                        if (seq == null) {
                            continue;
                        }
                        leave.setLong(1, seq);
                        leave.addBatch();
                        mark.setString(1, reason(r.reason()));
                        mark.setLong(2, seq);
                        mark.addBatch();
                    }
                    leave.executeBatch();
                    rejected = count(mark.executeBatch());
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE counters SET next_value = next_value + ? WHERE name = 'rejected'")) {
                    ps.setLong(1, rejected);
                    ps.executeUpdate();
                }
            }
            if (synced + rejected > 0) {
                // A repeated ack that settles nothing new is not news of the hub.
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sync_state SET last_ack_at = ? WHERE id = 1")) {
                    ps.setObject(1, at);
                    ps.executeUpdate();
                }
            }
            return new AckOutcome(synced, rejected);
        });
    }

    private static long[] seqs(Connection c, List<UUID> ids, Map<UUID, Long> known) throws SQLException {
        long[] out = new long[ids.size()];
        int n = 0;
        for (UUID id : ids) {
            Long seq = id == null ? null : seqOf(c, id, known);
            if (seq != null) {
                out[n++] = seq;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static Long seqOf(Connection c, UUID id, Map<UUID, Long> known) throws SQLException {
        Long seq = known.get(id);
        if (seq != null) {
            return seq;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM records WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Sorted, de-duplicated seqs as inclusive ranges [from, to] of consecutive numbers. */
    static List<long[]> runs(long[] seqs) {
        long[] sorted = Arrays.stream(seqs).sorted().distinct().toArray();
        List<long[]> runs = new ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            runs.add(new long[]{sorted[i], sorted[j]});
            i = j + 1;
        }
        return runs;
    }

    private static String reason(String reason) {
        String r = reason == null || reason.isBlank() ? "rejected by the hub" : reason;
        return r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r;
    }

    private static int count(int[] updates) {
        int n = 0;
        for (int u : updates) {
            n += Math.max(u, 0);
        }
        return n;
    }

    /** Records captured but not yet acknowledged. */
    public long backlog() {
        return db.call(Outbox::backlog);
    }

    private static long backlog(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Staff's wipe: removes the sealed personal part of every record the hub has acknowledged
     * (it holds them now); records still waiting keep theirs so nothing is lost. The non-personal
     * fields stay for the kiosk's own figures. Returns how many records were wiped.
     */
    public int wipeSyncedPersonalData() {
        return wipeSyncedPersonalData(null);
    }

    /**
     * As {@link #wipeSyncedPersonalData()}, only records the hub acknowledged before
     * {@code syncedBefore} (all of them when null): the kiosk's local retention.
     */
    public int wipeSyncedPersonalData(Instant syncedBefore) {
        return db.call(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE records SET sealed = NULL "
                    + "WHERE sealed IS NOT NULL AND synced_at IS NOT NULL AND seq NOT IN (SELECT seq FROM outbox)"
                    + (syncedBefore == null ? "" : " AND synced_at < ?"))) {
                if (syncedBefore != null) {
                    ps.setObject(1, OffsetDateTime.ofInstant(syncedBefore, ZoneOffset.UTC));
                }
                return ps.executeUpdate();
            }
        });
    }

    public OutboxStats stats() {
        return db.call(c -> new OutboxStats(
                backlog(c),
                // Lowest seq waiting: the oldest capture unless the device clock went backwards.
                instant(c, """
                        SELECT r.captured_at FROM (SELECT seq FROM outbox ORDER BY seq LIMIT 1) o
                        JOIN records r ON r.seq = o.seq"""),
                instant(c, "SELECT captured_at FROM records ORDER BY seq DESC LIMIT 1"),
                number(c, "SELECT next_value FROM counters WHERE name = 'rejected'"),
                instant(c, "SELECT last_ack_at FROM sync_state WHERE id = 1")));
    }

    private static Instant instant(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
