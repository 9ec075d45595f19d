package org.adoptionkiosk.appliance.store;

import org.adoptionkiosk.appliance.outbox.Outbox;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Thank you" means on the device: every record whose insert has returned is in the image a power
 * cut would leave at that moment (what H2 forced to disk), with its seq, from several threads at
 * once. Without a forced write per commit H2 leaves commits in the operating system's cache only.
 */
class PowerCutTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void fileSystem() {
        PowerCutFileSystem.register();
    }

    @Test
    void everyAnsweredInsertSurvivesAPowerCutAtThatMoment() throws Exception {
        long seed = Long.getLong("powercut.seed", System.nanoTime());
        System.out.println("PowerCutTest seed " + seed + " (replay with -Dpowercut.seed=" + seed + ")");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Map<UUID, Long> answered = new ConcurrentHashMap<>();
        AtomicInteger cuts = new AtomicInteger();
        int records = 240;
        // The cuts fall after seeded answers: a power cut just then must keep all answered so far.
        boolean[] cutAfter = new boolean[records];
        for (int i = 0; i < 8; i++) {
            cutAfter[random.nextInt(records)] = true;
        }
        cutAfter[records - 1] = true;
        try (Database db = Database.open(PowerCutFileSystem.SCHEME, data)) {
            CaptureWriter store = new CaptureWriter(db);
            AtomicInteger done = new AtomicInteger();
            ExecutorService visitors = Executors.newFixedThreadPool(8);
            // The hub acks as it drains: rows leave the outbox and records are marked synced, so
            // H2 frees and reuses file space between the commits, as on a kiosk in use.
            Outbox outbox = new Outbox(db, new WireCodec(), "kiosk-test", UUID.randomUUID());
            AtomicBoolean capturing = new AtomicBoolean(true);
            Thread hub = new Thread(() -> {
                while (capturing.get()) {
                    outbox.nextBatch(20, WireCodec.MAX_BATCH_BYTES).ifPresent(b -> outbox.apply(
                            new Ack(b.batchId(), b.records().stream().map(KioskRecord::id).toList(), List.of(),
                                    0, Instant.now()), b, Instant.now()));
                }
            }, "acks");
            hub.start();
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    work.add(visitors.submit(() -> {
                        UUID id = UUID.randomUUID();
                        answered.put(id, store.insert(record(id)));
                        if (cutAfter[done.getAndIncrement()]) {
                            Map<UUID, Long> promised = new HashMap<>(answered);
                            assertSurvives(data, promised, cuts.incrementAndGet());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                visitors.shutdownNow();
                capturing.set(false);
                hub.join();
            }
        }
        assertEquals(records, answered.size());
        assertTrue(cuts.get() >= 1);
    }

    /** Opens a copy of the power-cut image and checks every promised record is there with its seq. */
    private static void assertSurvives(Path data, Map<UUID, Long> promised, int cut) throws Exception {
        Path copy = Files.createTempDirectory(data.getParent(), "cut" + cut);
        PowerCutFileSystem.powerCutImage(data.resolve("kiosk.mv.db"), copy.resolve("kiosk.mv.db"));
        Map<UUID, Long> found = new HashMap<>();
        try (Connection c = DriverManager.getConnection(Database.urlFor(copy), "sa", "");
             PreparedStatement ps = c.prepareStatement("SELECT id, seq FROM records");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("power cut " + cut + ": the forced image does not open as a kiosk "
                    + "database with records (" + e.getMessage() + "); " + promised.size() + " records were answered", e);
        }
        List<String> lost = new ArrayList<>();
        promised.forEach((id, seq) -> {
            if (!seq.equals(found.get(id))) {
                lost.add("seq " + seq + " (" + id + ")");
            }
        });
        assertTrue(lost.isEmpty(), "power cut " + cut + " lost " + lost.size() + " of " + promised.size()
                + " answered records: " + lost.subList(0, Math.min(10, lost.size())));
    }

    private static NewRecord record(UUID id) {
        return new NewRecord(id, RecordType.SIGNIN, Instant.parse("2026-08-01T10:00:00Z"), UUID.randomUUID(), 5,
                null, Lang.CY, 1, "{\"localAuthority\":\"gwynedd\"}", null);
    }
}
