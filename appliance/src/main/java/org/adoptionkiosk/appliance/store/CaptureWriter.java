package org.adoptionkiosk.appliance.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes captured records, each forced to disk before its caller hears of it.
 *
 * <p>Captures that arrive while the database thread is busy are stored together in one
 * transaction and one forced write (group commit): each caller still hears of its record only
 * after the fsync that holds it, but eight visitors at once share one disk flush instead of
 * queueing for eight.
 */
public final class CaptureWriter {
    /** Most records one commit takes; more waiting are taken by the next. */
    static final int MAX_GROUP = 128;

    private record Pending(NewRecord record, CompletableFuture<Insertion> result) {
    }

    private final Database db;
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    public CaptureWriter(Database db) {
        this.db = db;
    }

    /**
     * Stores the record and its outbox row and advances the seq counter in one transaction: the
     * returned seq is committed and on disk, and a failed insert leaves the counter where it was.
     *
     * @throws StoreException also when a record with this id is stored already
     */
    public long insert(NewRecord r) {
        Insertion done = insertOnce(r);
        if (done.outcome() != Insertion.Outcome.NEW) {
            throw new StoreException("a record with this id is stored already");
        }
        return done.seq();
    }

    /**
     * As {@link #insert}, but a record whose id is stored already is not an error: with the same
     * fingerprint it is the same capture ({@link Insertion.Outcome#REPEAT}), with another it is a
     * clash ({@link Insertion.Outcome#CONFLICT}); either way nothing is written.
     */
    public Insertion insertOnce(NewRecord r) {
        Pending pending = new Pending(r, new CompletableFuture<>());
        waiting.add(pending);
        scheduleDrain();
        return db.await(pending.result());
    }

    private void scheduleDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                db.runLater(this::drain);
            } catch (StoreException closed) {
                drainQueued.set(false);
                // No drain will come for whoever is waiting: tell them now.
                for (Pending p = waiting.poll(); p != null; p = waiting.poll()) {
                    p.result().completeExceptionally(closed);
                }
            }
        }
    }

    /** On the database thread: stores what is waiting, in one transaction if it can. */
    private void drain() {
        drainQueued.set(false);
        List<Pending> group = new ArrayList<>();
        Pending next;
        while (group.size() < MAX_GROUP && (next = waiting.poll()) != null) {
            group.add(next);
        }
        if (!group.isEmpty()) {
            store(group);
        }
        if (!waiting.isEmpty()) {
            scheduleDrain();
        }
    }

    private void store(List<Pending> group) {
        List<NewRecord> records = group.stream().map(Pending::record).toList();
        List<Insertion> results;
        try {
            results = db.runDurably(c -> insertAll(c, records));
        } catch (RuntimeException groupFailed) {
            // One bad record must not fail the others: retry each on its own.
            for (Pending p : group) {
                try {
                    p.result().complete(db.runDurably(c -> insertAll(c, List.of(p.record()))).get(0));
                } catch (RuntimeException e) {
                    p.result().completeExceptionally(e);
                }
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }

    /**
     * Inserts the records that are new with consecutive seqs; a record with a client's id that is
     * stored already (before, or earlier in this group) is answered from the stored one.
     */
    private static List<Insertion> insertAll(Connection c, List<NewRecord> records) throws SQLException {
        long next = nextSeq(c);
        Insertion[] results = new Insertion[records.size()];
        Map<UUID, Integer> firstInGroup = new HashMap<>();
        try (PreparedStatement rec = c.prepareStatement("""
                INSERT INTO records (id, seq, type, captured_at, boot_id, mono_millis, event_id, lang,
                                     schema_version, fields_json, sealed, fingerprint, clock_offset_millis)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement out = c.prepareStatement("INSERT INTO outbox (seq, record_id) VALUES (?, ?)")) {
            for (int k = 0; k < records.size(); k++) {
                NewRecord r = records.get(k);
                if (r.fingerprint() != null) {
                    Integer first = firstInGroup.get(r.id());
                    Insertion earlier = first != null
                            ? same(records.get(first), results[first].seq(), r)
                            : stored(c, r);
                    if (earlier != null) {
                        results[k] = earlier;
                        continue;
                    }
                    firstInGroup.put(r.id(), k);
                }
                long seq = next++;
                rec.setObject(1, r.id());
                rec.setLong(2, seq);
                rec.setString(3, r.type().wire());
                rec.setObject(4, OffsetDateTime.ofInstant(r.capturedAt(), ZoneOffset.UTC));
                rec.setObject(5, r.bootId());
                rec.setLong(6, r.monoMillis());
                rec.setString(7, r.eventId());
                rec.setString(8, r.lang().code());
                rec.setInt(9, r.schema());
                rec.setString(10, r.fieldsJson());
                rec.setString(11, r.sealed());
                rec.setString(12, r.fingerprint());
                rec.setObject(13, r.clockOffsetMillis(), java.sql.Types.BIGINT);
                rec.addBatch();
                out.setLong(1, seq);
                out.setObject(2, r.id());
                out.addBatch();
                results[k] = new Insertion(seq, Insertion.Outcome.NEW);
            }
            rec.executeBatch();
            out.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE counters SET next_value = ? WHERE name = 'seq'")) {
            ps.setLong(1, next);
            ps.executeUpdate();
        }
        return List.of(results);
    }

    /** The stored record with this one's id, as a repeat or a clash; null when there is none. */
    private static Insertion stored(Connection c, NewRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, fingerprint FROM records WHERE id = ?")) {
            ps.setObject(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return outcome(rs.getLong(1), r.fingerprint().equals(rs.getString(2)));
            }
        }
    }

    private static Insertion same(NewRecord first, long seq, NewRecord again) {
        return outcome(seq, again.fingerprint().equals(first.fingerprint()));
    }

    private static Insertion outcome(long seq, boolean sameFingerprint) {
        return new Insertion(seq, sameFingerprint ? Insertion.Outcome.REPEAT : Insertion.Outcome.CONFLICT);
    }

    private static long nextSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT next_value FROM counters WHERE name = 'seq'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the seq counter is missing");
            }
            return rs.getLong(1);
        }
    }
}
