package org.adoptionkiosk.appliance.outbox;

import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.NewRecord;
import org.adoptionkiosk.appliance.store.CaptureWriter;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    private static final Instant T0 = Instant.parse("2026-08-03T09:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private CaptureWriter store;
    private Outbox outbox;
    private final WireCodec codec = new WireCodec();
    private final UUID bootId = UUID.randomUUID();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir);
        store = new CaptureWriter(db);
        outbox = new Outbox(db, codec, "kiosk-outbox", bootId);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<UUID> capture(int n, String sealed) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            store.insert(new NewRecord(id, sealed == null ? RecordType.SIGNIN : RecordType.ENQUIRY,
                    T0.plusSeconds(ids.size()), bootId, 1000L + i, "eisteddfod-2026", Lang.CY, WireCodec.SCHEMA,
                    "{\"localAuthority\":\"ceredigion\",\"interests\":[\"a\",\"b\"]}", sealed));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void batchesComeInSeqOrderUpToTheBatchSize() {
        List<UUID> ids = capture(7, null);
        RecordBatch batch = outbox.nextBatch(5, WireCodec.MAX_BATCH_BYTES).orElseThrow();
        assertEquals(5, batch.records().size());
        assertEquals("kiosk-outbox", batch.deviceId());
        assertEquals(bootId, batch.bootId());
        assertEquals(WireCodec.SCHEMA, batch.schema());
        for (int i = 0; i < 5; i++) {
            KioskRecord r = batch.records().get(i);
            assertEquals(i + 1, r.seq());
            assertEquals(ids.get(i), r.id());
            assertEquals("ceredigion", r.fields().get("localAuthority"));
            assertEquals(List.of("a", "b"), r.fields().get("interests"));
            assertEquals("eisteddfod-2026", r.eventId());
            assertTrue(codec.problemWith(r).isEmpty(), "the hub would accept it");
        }
        RecordBatch again = outbox.nextBatch(5, WireCodec.MAX_BATCH_BYTES).orElseThrow();
        assertNotEquals(batch.batchId(), again.batchId(), "each send is a new batch");
        assertEquals(batch.records(), again.records(), "until acked, the same records come again");
    }

    @Test
    void resendIsByteForByteTheSameRecord() {
        capture(1, "c2VhbGVk");
        KioskRecord first = outbox.nextBatch(10, WireCodec.MAX_BATCH_BYTES).orElseThrow().records().get(0);
        KioskRecord second = outbox.nextBatch(10, WireCodec.MAX_BATCH_BYTES).orElseThrow().records().get(0);
        assertEquals(codec.contentHash(first), codec.contentHash(second));
    }

    @Test
    void batchesStayUnderTheByteCap() throws Exception {
        String sealed = "A".repeat(4000);
        capture(30, sealed);
        int cap = 20_000;
        RecordBatch batch = outbox.nextBatch(500, cap).orElseThrow();
        int encoded = codec.encode(batch).length;
        assertTrue(encoded <= cap, "batch of " + encoded + " bytes is over " + cap);
        assertTrue(batch.records().size() >= 3 && batch.records().size() < 30, "cut by bytes, not count");
        // One more record would not have fitted.
        RecordBatch bigger = outbox.nextBatch(batch.records().size() + 1, Integer.MAX_VALUE).orElseThrow();
        assertTrue(codec.encode(bigger).length > cap);
        assertEquals(batch, codec.decodeBatch(codec.encode(batch)), "what goes on the wire reads back the same");
    }

    @Test
    void emptyOutboxGivesNoBatch() {
        assertTrue(outbox.nextBatch(10, WireCodec.MAX_BATCH_BYTES).isEmpty());
        OutboxStats stats = outbox.stats();
        assertEquals(0, stats.backlog());
        assertNull(stats.oldestUnsyncedAt());
        assertNull(stats.lastCaptureAt());
    }

    @Test
    void ackSettlesAcceptedAndRejectedRecords() {
        List<UUID> ids = capture(5, null);
        RecordBatch batch = outbox.nextBatch(5, WireCodec.MAX_BATCH_BYTES).orElseThrow();
        Instant ackAt = T0.plusSeconds(60);
        Ack ack = new Ack(batch.batchId(), List.of(ids.get(0), ids.get(1), ids.get(3)),
                List.of(new Rejection(ids.get(2), "same id with different content")), 5, ackAt);

        AckOutcome outcome = outbox.apply(ack, batch, ackAt);
        assertEquals(new AckOutcome(3, 1), outcome);

        OutboxStats stats = outbox.stats();
        assertEquals(1, stats.backlog(), "only the record the ack did not list is left");
        assertEquals(1, stats.rejected());
        assertEquals(T0.plusSeconds(4), stats.oldestUnsyncedAt());
        assertEquals(T0.plusSeconds(4), stats.lastCaptureAt());
        assertEquals(ackAt, stats.lastSyncedAt());
        RecordBatch rest = outbox.nextBatch(5, WireCodec.MAX_BATCH_BYTES).orElseThrow();
        assertEquals(List.of(ids.get(4)), rest.records().stream().map(KioskRecord::id).toList());

        // The same ack again (a late duplicate) changes nothing.
        assertEquals(new AckOutcome(0, 0), outbox.apply(ack, batch, ackAt.plusSeconds(1)));
        assertEquals(1, outbox.backlog());
        assertEquals(ackAt, outbox.stats().lastSyncedAt());
    }

    @Test
    void ackForRecordsOutsideTheSentBatchStillSettlesThem() {
        List<UUID> ids = capture(4, null);
        Ack ack = new Ack(UUID.randomUUID(), List.of(ids.get(3), ids.get(1)),
                List.of(new Rejection(ids.get(0), null)), 0, T0);
        assertEquals(new AckOutcome(2, 1), outbox.apply(ack, null, T0));
        assertEquals(List.of(ids.get(2)), outbox.nextBatch(10, WireCodec.MAX_BATCH_BYTES).orElseThrow().records()
                .stream().map(KioskRecord::id).toList());
        assertEquals(1, outbox.stats().rejected());
    }

    @Test
    void nextBatchCanStartAfterTheOneInFlight() {
        List<UUID> ids = capture(5, null);
        RecordBatch first = outbox.nextBatch(2, WireCodec.MAX_BATCH_BYTES).orElseThrow();
        RecordBatch second = outbox.nextBatch(2, WireCodec.MAX_BATCH_BYTES,
                first.records().get(1).seq()).orElseThrow();
        assertEquals(List.of(ids.get(2), ids.get(3)), second.records().stream().map(KioskRecord::id).toList());
        assertTrue(outbox.nextBatch(2, WireCodec.MAX_BATCH_BYTES, 5).isEmpty());
    }

    @Test
    void consecutiveSeqsBecomeRanges() {
        List<long[]> runs = Outbox.runs(new long[]{7, 3, 4, 5, 9, 4, 10});
        assertEquals(3, runs.size());
        assertEquals(List.of(3L, 5L), List.of(runs.get(0)[0], runs.get(0)[1]));
        assertEquals(List.of(7L, 7L), List.of(runs.get(1)[0], runs.get(1)[1]));
        assertEquals(List.of(9L, 10L), List.of(runs.get(2)[0], runs.get(2)[1]));
        assertTrue(Outbox.runs(new long[0]).isEmpty());
    }

    @Test
    void largeAckIsAppliedInOneGo() {
        List<UUID> ids = capture(600, null);
        RecordBatch batch = outbox.nextBatch(500, WireCodec.MAX_BATCH_BYTES).orElseThrow();
        assertEquals(500, batch.records().size());
        List<UUID> accepted = batch.records().stream().map(KioskRecord::id).toList();
        assertEquals(new AckOutcome(500, 0), outbox.apply(new Ack(batch.batchId(), accepted, List.of(), 500, T0), batch, T0));
        assertEquals(100, outbox.backlog());
        assertEquals(ids.get(500), outbox.nextBatch(1, WireCodec.MAX_BATCH_BYTES).orElseThrow().records().get(0).id());
    }
}
