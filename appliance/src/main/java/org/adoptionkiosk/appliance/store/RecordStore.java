package org.adoptionkiosk.appliance.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes captured records.
 *
 * <p>Captures that arrive while the database thread is busy are stored together in one
 * transaction (group commit): each caller still hears of its record only after the commit that
 * holds it, but eight visitors at once share one disk write instead of queueing for eight.
 */
public final class RecordStore {
    /** Most records one commit takes; more waiting are taken by the next. */
    static final int MAX_GROUP = 128;

    private record Pending(NewRecord record, CompletableFuture<Long> seq) {
    }

    private final Database db;
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    public RecordStore(Database db) {
        this.db = db;
    }

    /**
     * Stores the record and its outbox row and advances the seq counter in one transaction: the
     * returned seq is committed, and a failed insert leaves the counter where it was.
     */
    public long insert(NewRecord r) {
        Pending pending = new Pending(r, new CompletableFuture<>());
        waiting.add(pending);
        scheduleDrain();
        return db.await(pending.seq());
    }

    private void scheduleDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                db.runLater(this::drain);
            } catch (StoreException closed) {
                drainQueued.set(false);
                // No drain will come for whoever is waiting: tell them now.
                for (Pending p = waiting.poll(); p != null; p = waiting.poll()) {
                    p.seq().completeExceptionally(closed);
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
        try {
            List<NewRecord> records = group.stream().map(Pending::record).toList();
            long first = db.runInTransaction(c -> insertAll(c, records));
            for (int i = 0; i < group.size(); i++) {
                group.get(i).seq().complete(first + i);
            }
        } catch (RuntimeException groupFailed) {
            // One bad record must not fail the others: retry each on its own.
            for (Pending p : group) {
                try {
                    p.seq().complete(db.runInTransaction(c -> insertAll(c, List.of(p.record()))));
                } catch (RuntimeException e) {
                    p.seq().completeExceptionally(e);
                }
            }
        }
    }

    /** Inserts the records with consecutive seqs; returns the first. */
    private static long insertAll(Connection c, List<NewRecord> records) throws SQLException {
        long first = nextSeq(c);
        try (PreparedStatement rec = c.prepareStatement("""
                INSERT INTO records (id, seq, type, captured_at, boot_id, mono_millis, event_id, lang,
                                     schema_version, fields_json, sealed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement out = c.prepareStatement("INSERT INTO outbox (seq, record_id) VALUES (?, ?)")) {
            long seq = first;
            for (NewRecord r : records) {
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
                rec.addBatch();
                out.setLong(1, seq);
                out.setObject(2, r.id());
                out.addBatch();
                seq++;
            }
            rec.executeBatch();
            out.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE counters SET next_value = ? WHERE name = 'seq'")) {
            ps.setLong(1, first + records.size());
            ps.executeUpdate();
        }
        return first;
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
