package org.adoptionkiosk.appliance.store;

import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.CaptureRejected;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.Captured;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The device's seq is gap-free and never reused: across restarts, refusals, failures and threads. */
class SeqTest {
    private static final Map<String, Object> FIELDS = Map.of("localAuthority", "conwy", "privacyVersion", "2026-11");

    @TempDir
    Path dir;

    private static CaptureRequest signin() {
        return CaptureRequest.signin("cy", FIELDS);
    }

    @Test
    void seqContinuesAfterTheKioskRestarts() throws Exception {
        HubKeys keys = HubKeys.create(dir);
        Path data = dir.resolve("data");
        try (TestKiosk kiosk = TestKiosk.start(data, keys)) {
            assertEquals(1, kiosk.appliance.capture(signin()).seq());
            assertEquals(2, kiosk.appliance.capture(signin()).seq());
            assertEquals(3, kiosk.appliance.capture(signin()).seq());
        }
        try (TestKiosk kiosk = TestKiosk.start(data, keys)) {
            assertEquals(4, kiosk.appliance.capture(signin()).seq());
            assertEquals(4, kiosk.appliance.backlog());
        }
    }

    @Test
    void refusedCaptureUsesNoSeq() throws Exception {
        try (TestKiosk kiosk = TestKiosk.start(dir.resolve("data"), HubKeys.create(dir))) {
            assertEquals(1, kiosk.appliance.capture(signin()).seq());
            CaptureRejected refused = assertThrows(CaptureRejected.class, () -> kiosk.appliance.capture(
                    CaptureRequest.enquiry("en", Map.of("localAuthority", "conwy", "topic", "adopting",
                            "privacyVersion", "2026-11"), Map.of("name", "A", "email", "a@example.org"))));
            assertEquals("contact_consent_required", refused.code().code());
            assertEquals("fields.contactConsent", refused.field());
            assertEquals(2, kiosk.appliance.capture(signin()).seq());
        }
    }

    @Test
    void failedTransactionRollsBackAndUsesNoSeq() throws Exception {
        try (Database db = Database.open(dir.resolve("data"))) {
            CaptureWriter store = new CaptureWriter(db);
            UUID id = UUID.randomUUID();
            assertEquals(1, store.insert(record(id)));
            // Same id again: the primary key refuses it part-way through the transaction.
            assertThrows(StoreException.class, () -> store.insert(record(id)));
            assertEquals(2, store.insert(record(UUID.randomUUID())));
        }
    }

    @Test
    void concurrentCapturesGetAGapFreeSeqSet() throws Exception {
        int threads = 8;
        int each = 25;
        try (TestKiosk kiosk = TestKiosk.start(dir.resolve("data"), HubKeys.create(dir))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Captured>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Callable<List<Captured>> work = () -> {
                        List<Captured> mine = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            mine.add(kiosk.appliance.capture(signin()));
                        }
                        return mine;
                    };
                    futures.add(pool.submit(work));
                }
                Set<Long> seqs = new TreeSet<>();
                Set<UUID> ids = new java.util.HashSet<>();
                for (Future<List<Captured>> f : futures) {
                    for (Captured c : f.get()) {
                        seqs.add(c.seq());
                        ids.add(c.id());
                    }
                }
                assertEquals(threads * each, ids.size());
                assertEquals(threads * each, seqs.size(), "no seq handed out twice");
                assertEquals(1L, ((TreeSet<Long>) seqs).first());
                assertEquals((long) threads * each, ((TreeSet<Long>) seqs).last(), "no gaps");
                assertEquals(threads * each, kiosk.appliance.backlog());
            } finally {
                pool.shutdown();
            }
        }
    }

    private static NewRecord record(UUID id) {
        return new NewRecord(id, RecordType.SIGNIN, Instant.parse("2026-08-01T10:00:00Z"), UUID.randomUUID(), 5,
                null, Lang.CY, WireCodec.SCHEMA, "{\"localAuthority\":\"conwy\"}", null);
    }
}
