package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores a batch idempotently on (device, id), in one transaction, and works out the ack:
 * a resend of a stored record is accepted again; the same id with other content, or a seq that
 * another record holds, is rejected and dead-lettered without holding up the rest of the batch.
 */
public final class RecordStore {
    private static final Logger log = LoggerFactory.getLogger(RecordStore.class);
    public static final String DIFFERENT_CONTENT = "same id already stored with different content";
    public static final int MAX_EVENT_ID_CHARS = 100;
    public static final int MAX_KEY_CHARS = 100;
    /** How many seqs the contiguous walk reads per query. */
    private static final int WALK_STEP = 2000;
    private static final Instant EARLIEST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

    private static final String INSERT = "INSERT INTO records (device_id, id, seq, type, captured_at, received_at,"
            + " boot_id, mono_millis, event_id, lang, schema_version, fields_json, sealed, content_hash,"
            + " local_authority, figure_date, time_suspect, batch_id, topic, person_indexed, corrected_at,"
            + " clock_offset_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private record Stored(UUID id, long seq, String contentHash) {
    }

    private final DataSource dataSource;
    private final WireCodec codec;
    private final DeviceStore devices;
    private final DeadLetterStore deadLetters;
    private final Clock clock;
    private final List<InsertHook> hooks;

    /** @param hooks run, in order, once per storing transaction, for all the rows it inserts */
    public RecordStore(DataSource dataSource, WireCodec codec, DeviceStore devices, DeadLetterStore deadLetters,
                       Clock clock, List<InsertHook> hooks) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.devices = devices;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.hooks = List.copyOf(hooks);
    }

    /** A batch that passed the whole-batch checks, with the topic it came on. */
    public record Incoming(String topic, RecordBatch batch) {
    }

    /** What one batch did to its device's progress, within the transaction, and the rows it inserted. */
    private record Step(BatchResult result, DeviceStore.Progress after, List<StoredRow> inserted) {
    }

    public BatchResult store(String topic, RecordBatch batch) throws SQLException {
        return store(List.of(new Incoming(topic, batch))).get(0);
    }

    /**
     * Stores batches in one transaction (one commit is much cheaper than several for a file
     * database) and returns their results, in order, only after the commit.
     * <p>
     * The first attempt is optimistic: a batch whose seqs are all beyond its device's highest
     * stored seq (the usual case) cannot clash on seq, so it skips looking for stored rows and lets
     * the primary key catch a reused id. A unique violation (that, or another hub instance storing
     * the same record at the same moment) rolls back, and the batches are tried once more the
     * careful way.
     * <p>
     * Every row two transactions may both write is written in one global order: the devices first,
     * sorted by id; then the hooks' shared rows (figure counts), which the hooks write once for the
     * whole group, each table's keys sorted. So two or three hub instances storing at once wait for
     * each other, never in a circle (no deadlock). A failure here rolls everything back: the caller
     * may run the same group again ({@link TransientRetry}).
     */
    public List<BatchResult> store(List<Incoming> group) throws SQLException {
        Instant now = clock.instant();
        SortedSet<String> deviceIds = new TreeSet<>();
        for (Incoming in : group) {
            deviceIds.add(in.batch().deviceId());
        }
        for (String d : deviceIds) {
            devices.ensure(d, now);
        }
        try {
            return attempt(group, deviceIds, now, true);
        } catch (SQLException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            return attempt(group, deviceIds, clock.instant(), false);
        }
    }

    private List<BatchResult> attempt(List<Incoming> group, SortedSet<String> deviceIds, Instant now,
                                      boolean optimistic) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Locked in one order, so two hub instances never wait on each other in a circle.
                Map<String, DeviceStore.Progress> progress = new HashMap<>();
                for (String d : deviceIds) {
                    progress.put(d, devices.lock(c, d));
                }
                List<BatchResult> results = new ArrayList<>();
                List<StoredRow> inserted = new ArrayList<>();
                for (Incoming in : group) {
                    String d = in.batch().deviceId();
                    Step step = storeBatch(c, in, progress.get(d), now, optimistic);
                    progress.put(d, step.after());
                    results.add(step.result());
                    inserted.addAll(step.inserted());
                }
                // Once for the whole group, not per batch: a hook sums what the group adds to each
                // shared row and writes the rows in its sorted order, the same in every transaction.
                // Per batch, batch 1's council x then batch 2's council y here, and the other way round
                // in another hub's group, is a deadlock.
                if (!inserted.isEmpty()) {
                    for (InsertHook hook : hooks) {
                        hook.inserted(c, Collections.unmodifiableList(inserted));
                    }
                }
                for (String d : deviceIds) {
                    devices.afterBatch(c, d, progress.get(d), now);
                }
                c.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Step storeBatch(Connection c, Incoming in, DeviceStore.Progress before, Instant now, boolean optimistic)
            throws SQLException {
        RecordBatch batch = in.batch();
        String topic = in.topic();
        String deviceId = batch.deviceId();
        List<UUID> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        Map<DeadLetterReason, Integer> reasons = new EnumMap<>(DeadLetterReason.class);
        List<KioskRecord> candidates = new ArrayList<>();
        for (KioskRecord r : batch.records()) {
            Optional<String> problem = codec.problemWith(r).or(() -> storeProblem(r));
            if (problem.isPresent()) {
                reject(r, problem.get(), DeadLetterReason.RECORD_INVALID, topic, batch, now, rejected, letters,
                        reasons);
            } else {
                candidates.add(r);
            }
        }
        Map<UUID, Stored> byId = new HashMap<>();
        Map<Long, UUID> seqOwner = new HashMap<>();
        boolean allNew = optimistic && candidates.stream().allMatch(r -> r.seq() > before.maxSeq());
        for (Stored s : allNew ? List.<Stored>of() : existing(c, deviceId, candidates)) {
            byId.put(s.id(), s);
            seqOwner.put(s.seq(), s.id());
        }
        List<KioskRecord> inserts = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (KioskRecord r : candidates) {
            String hash = codec.contentHash(r);
            Stored s = byId.get(r.id());
            if (s != null) {
                if (s.contentHash().equals(hash)) {
                    accepted.add(r.id());
                } else {
                    reject(r, DIFFERENT_CONTENT, DeadLetterReason.DIFFERENT_CONTENT, topic, batch, now, rejected,
                            letters, reasons);
                }
                continue;
            }
            if (seqOwner.containsKey(r.seq())) {
                reject(r, "seq " + r.seq() + " is already used by another record", DeadLetterReason.SEQ_TAKEN,
                        topic, batch, now, rejected, letters, reasons);
                continue;
            }
            seqOwner.put(r.seq(), r.id());
            inserts.add(r);
            hashes.add(hash);
            accepted.add(r.id());
        }
        List<StoredRow> stored = insert(c, deviceId, batch.batchId(), inserts, hashes, now);
        deadLetters.add(c, letters);
        long maxSeq = before.maxSeq();
        for (KioskRecord r : inserts) {
            maxSeq = Math.max(maxSeq, r.seq());
        }
        long contiguous = inserts.isEmpty() ? before.contiguousSeq()
                : walkContiguous(c, deviceId, before.contiguousSeq());
        Map<RecordType, Integer> types = new EnumMap<>(RecordType.class);
        for (KioskRecord r : inserts) {
            types.merge(r.type(), 1, Integer::sum);
        }
        BatchResult result = new BatchResult(Collections.unmodifiableList(accepted),
                Collections.unmodifiableList(rejected), contiguous, inserts.size(), types, reasons);
        return new Step(result, new DeviceStore.Progress(contiguous, maxSeq), stored);
    }

    /** Limits of the hub's own columns, beyond the wire checks. Reasons name fields, never values. */
    private static Optional<String> storeProblem(KioskRecord r) {
        if (r.eventId() != null && r.eventId().length() > MAX_EVENT_ID_CHARS) {
            return Optional.of("eventId is over " + MAX_EVENT_ID_CHARS + " characters");
        }
        if (r.capturedAt().isBefore(EARLIEST_STORABLE) || r.capturedAt().isAfter(LATEST_STORABLE)) {
            return Optional.of("capturedAt is outside the years 1 to 9999");
        }
        return Optional.empty();
    }

    private void reject(KioskRecord r, String reason, DeadLetterReason code, String topic, RecordBatch batch,
                        Instant now, List<Rejection> rejected, List<DeadLetter> letters,
                        Map<DeadLetterReason, Integer> reasons) {
        rejected.add(new Rejection(r.id(), reason));
        reasons.merge(code, 1, Integer::sum);
        // The record itself is kept so it can be recovered; its personal part is sealed.
        String json = codec.canonicalJson(r);
        letters.add(new DeadLetter(now, topic, batch.deviceId(), batch.batchId(), r.id(), reason, json,
                json.getBytes(StandardCharsets.UTF_8).length));
    }

    /**
     * Stored rows sharing an id or a seq with the batch, in one query. The batch's ids and seqs are
     * joined in as VALUES lists: H2 then looks each one up in the (device_id, id) and
     * (device_id, seq) indexes, where "id IN (...)" would scan all of the device's rows.
     */
    private static List<Stored> existing(Connection c, String deviceId, List<KioskRecord> candidates)
            throws SQLException {
        if (candidates.isEmpty()) {
            return List.of();
        }
        String values = String.join(", ", Collections.nCopies(candidates.size(), "(?)"));
        String sql = "SELECT r.id, r.seq, r.content_hash FROM (VALUES " + values + ") AS v(x)"
                + " JOIN records r ON r.device_id = ? AND r.id = v.x"
                + " UNION SELECT r.id, r.seq, r.content_hash FROM (VALUES " + values + ") AS w(s)"
                + " JOIN records r ON r.device_id = ? AND r.seq = w.s";
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (KioskRecord r : candidates) {
                ps.setObject(i++, r.id());
            }
            ps.setString(i++, deviceId);
            for (KioskRecord r : candidates) {
                ps.setLong(i++, r.seq());
            }
            ps.setString(i, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Inserts the rows; returns them as the hooks will see them. */
    private List<StoredRow> insert(Connection c, String deviceId, UUID batchId, List<KioskRecord> rows,
                                   List<String> hashes, Instant now) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<StoredRow> stored = new ArrayList<>(rows.size());
        // The kiosk's time is kept as sent; whether it looks wrong is RecordTiming's rule.
        BootAnchors.Judged timing = BootAnchors.judge(c, deviceId, rows, now);
        if (timing.suspect() > 0) {
            log.info("kiosk {}: {} record(s) with a suspect capture time", deviceId, timing.suspect());
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int k = 0; k < rows.size(); k++) {
                KioskRecord r = rows.get(k);
                RecordTiming.Timing time = timing.timings().get(k);
                LocalDate figureDate = time.figureDate();
                String la = localAuthority(r);
                String topic = r.type() == RecordType.ENQUIRY ? text(r, "topic") : null;
                stored.add(new StoredRow(deviceId, r, figureDate, la, topic, now));
                int i = 1;
                ps.setString(i++, deviceId);
                ps.setObject(i++, r.id());
                ps.setLong(i++, r.seq());
                ps.setString(i++, r.type().wire());
                Sql.setInstant(ps, i++, r.capturedAt());
                Sql.setInstant(ps, i++, now);
                ps.setObject(i++, r.bootId());
                ps.setLong(i++, r.monoMillis());
                if (r.eventId() == null) {
                    ps.setNull(i++, Types.VARCHAR);
                } else {
                    ps.setString(i++, r.eventId());
                }
                ps.setString(i++, r.lang().code());
                ps.setInt(i++, r.schema());
                ps.setString(i++, codec.canonicalJson(r.fields()));
                if (r.sealed() == null) {
                    ps.setNull(i++, Types.VARCHAR);
                } else {
                    ps.setString(i++, r.sealed());
                }
                ps.setString(i++, hashes.get(k));
                Sql.setText(ps, i++, la);
                ps.setObject(i++, figureDate);
                ps.setBoolean(i++, time.suspect());
                Sql.setUuid(ps, i++, batchId);
                Sql.setText(ps, i++, topic);
                // Nothing sealed, nothing for the person index to read.
                ps.setBoolean(i++, r.sealed() == null);
                Sql.setInstant(ps, i++, time.correctedAt());
                Sql.setLong(ps, i, r.clockOffsetMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return stored;
    }

    /** The council slug the figures group by; anything unusable counts as unknown. */
    static String localAuthority(KioskRecord r) {
        return text(r, "localAuthority");
    }

    /**
     * A short text field the hub groups by; anything else (missing, not text, too long) is null.
     * Unknown values are kept as data: a newer kiosk may offer more.
     */
    static String text(KioskRecord r, String field) {
        Object v = r.fields().get(field);
        if (v instanceof String s && !s.isBlank() && s.length() <= MAX_KEY_CHARS) {
            return s;
        }
        return null;
    }

    /** Advances from the stored contiguous seq over the seqs now present, a bounded page at a time. */
    private static long walkContiguous(Connection c, String deviceId, long from) throws SQLException {
        long contiguous = from;
        String sql = "SELECT seq FROM records WHERE device_id = ? AND seq > ? ORDER BY seq FETCH FIRST "
                + WALK_STEP + " ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            while (true) {
                ps.setString(1, deviceId);
                ps.setLong(2, contiguous);
                int read = 0;
                boolean gap = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        long seq = rs.getLong(1);
                        if (seq != contiguous + 1) {
                            gap = true;
                            break;
                        }
                        contiguous = seq;
                    }
                }
                if (gap || read < WALK_STEP) {
                    return contiguous;
                }
            }
        }
    }
}
