package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.figures.FigureCounts;
import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.ingest.Ingest;
import org.adoptionkiosk.hub.ingest.RecordsIngest;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.hub.routing.EnquiryRouting;
import org.adoptionkiosk.hub.routing.Router;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.DeviceStore;
import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.hub.store.TransientRetry;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hub instances (each its own connection pool, store and ingest, as behind a shared
 * subscription) store at once, from several threads, batches of many kiosks whose records add to the
 * same figure counts in different orders. Only means something on PostgreSQL, where the instances
 * really share rows: skipped when it does not answer, unless -Dit.require.services=true.
 */
class ConcurrentHubsTest {
    private static final String[] COUNCILS = {"cardiff", "swansea", "newport", "powys", "conwy", "gwynedd"};
    private static final String[] EVENTS = {"eisteddfod-2026", "pride-cymru-2026"};
    private static final int INSTANCES = 3;
    private static final int THREADS_PER_INSTANCE = 2;
    private static final int DEVICES = 24;
    private static final int BATCHES_PER_DEVICE = 5;
    private static final int MAX_GROUP = 5;
    /** Kiosk resends of batches not acked (the kiosk resends on ack timeout). */
    private static final int MAX_RESEND_ROUNDS = 3;

    private final WireCodec codec = new WireCodec();
    private final Clock clock = Clock.fixed(Instant.parse("2026-06-10T12:00:00Z"), ZoneOffset.UTC);

    /** One hub instance: its own pool, store and ingest on the shared schema. */
    private final class Instance implements AutoCloseable {
        final HikariDataSource ds;
        final CapturingLink link;
        final RecordsIngest ingest;
        /** The real retry policy; it also counts every transient failure the store threw, by SQL state. */
        final TransientRetry retry = new TransientRetry();

        Instance(TestStore store, Path dir) throws Exception {
            link = new CapturingLink(dir);
            ds = store.dataSource(dir);
            DeviceStore devices = new DeviceStore(ds);
            DeadLetterStore deadLetters = new DeadLetterStore(ds);
            RecordStore records = new RecordStore(ds, codec, devices, deadLetters, clock,
                    List.of(new FigureCounts(), new EnquiryRouting(new Router(RegionMap.wales(codec.mapper())),
                            WorkingDays.englandAndWales(codec.mapper()))));
            ingest = new RecordsIngest(codec, records, deadLetters, link, clock, d -> false, retry, SigningKeys.loadOrCreate(dir, null));
        }

        @Override
        public void close() {
            ds.close();
        }
    }

    @Test
    void threeHubsStoringAtOnceNeitherDeadlockNorDeadLetterNorLoseARecord(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("ConcurrentHubsTest seed " + seed + " (again with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);

        Map<UUID, RecordBatch> batches = new HashMap<>();
        List<KioskRecord> all = new ArrayList<>();
        Instant day = clock.instant().minus(Duration.ofHours(2));
        for (int d = 0; d < DEVICES; d++) {
            String deviceId = "kiosk-" + d;
            long seq = 0;
            for (int b = 0; b < BATCHES_PER_DEVICE; b++) {
                // Every batch touches several councils, each in its own order: x,y here, y,x there.
                List<String> councils = new ArrayList<>(List.of(COUNCILS));
                Collections.shuffle(councils, random);
                int n = 2 + random.nextInt(5);
                List<KioskRecord> records = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    seq++;
                    String council = councils.get(k % councils.size());
                    String event = EVENTS[random.nextInt(EVENTS.length)];
                    Instant at = day.plusSeconds(random.nextInt(3600));
                    records.add(random.nextInt(4) == 0 ? TestRecords.enquiry(seq, at, council, event)
                            : TestRecords.signin(seq, at, council, event));
                }
                RecordBatch batch = TestRecords.batch(deviceId, records);
                batches.put(batch.batchId(), batch);
                all.addAll(records);
            }
        }

        long deadlocksBefore;
        try (TestStore store = TestStore.openPostgres()) {
            List<Instance> hubs = new ArrayList<>();
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    hubs.add(new Instance(store, dir));
                }
                deadlocksBefore = serverDeadlocks(hubs.get(0).ds);

                List<RecordBatch> pending = new ArrayList<>(batches.values());
                pending.sort((a, b) -> a.batchId().compareTo(b.batchId()));
                int resends = 0;
                for (int round = 0; round <= MAX_RESEND_ROUNDS && !pending.isEmpty(); round++) {
                    resends = round;
                    Collections.shuffle(pending, random);
                    runAtOnce(hubs, groups(pending, random));
                    Set<UUID> acked = new HashSet<>();
                    for (Instance h : hubs) {
                        for (Ack a : h.link.acks()) {
                            acked.add(a.batchId());
                        }
                    }
                    pending = new ArrayList<>(pending.stream().filter(b -> !acked.contains(b.batchId())).toList());
                    pending.sort((a, b) -> a.batchId().compareTo(b.batchId()));
                    if (!pending.isEmpty()) {
                        System.out.println("ConcurrentHubsTest: " + pending.size() + " batches not acked in round "
                                + round + ", resent");
                    }
                }
                long serverDeadlocks = serverDeadlocks(hubs.get(0).ds) - deadlocksBefore;
                List<String> deadLetters = deadLetterReasons(hubs.get(0).ds);
                long deadlocks = hubs.stream().mapToLong(h -> h.retry.seen("40P01")).sum();
                System.out.println("ConcurrentHubsTest: " + batches.size() + " batches, " + all.size()
                        + " records; 40P01 seen by the hubs' stores: " + deadlocks + "; transient failures by hub "
                        + hubs.stream().map(h -> h.retry.seen()).toList() + "; resend rounds " + resends
                        + "; dead letters " + deadLetters.size() + " " + deadLetters
                        + "; deadlocks PostgreSQL counted in its whole database meanwhile: " + serverDeadlocks);

                // Not merely no dead letters (the retry would hide a deadlock): none happened at all.
                assertEquals(0, deadlocks, "hub instances storing at once deadlocked (40P01)");
                assertEquals(List.of(), deadLetters, "no batch is dead-lettered for what another hub did");
                assertEquals(List.of(), pending.stream().map(RecordBatch::batchId).toList(),
                        "every batch acked in the end");
                for (Instance h : hubs) {
                    for (Ack a : h.link.acks()) {
                        RecordBatch b = batches.get(a.batchId());
                        assertEquals(b.records().stream().map(KioskRecord::id).toList(), a.accepted());
                        assertEquals(List.of(), a.rejected());
                    }
                }
                assertStoredOnce(hubs.get(0).ds, all);
                assertFigureCounts(hubs.get(0).ds, all);
            } finally {
                for (Instance h : hubs) {
                    h.close();
                }
            }
        }
    }

    /** Messages in groups of 1 to MAX_GROUP, as the ingest thread takes what is waiting. */
    private List<List<Ingest.Message>> groups(List<RecordBatch> batches, Random random) {
        List<List<Ingest.Message>> groups = new ArrayList<>();
        int i = 0;
        while (i < batches.size()) {
            int n = Math.min(1 + random.nextInt(MAX_GROUP), batches.size() - i);
            List<Ingest.Message> group = new ArrayList<>();
            for (RecordBatch b : batches.subList(i, i + n)) {
                group.add(new Ingest.Message(Topics.records(b.deviceId()), codec.encode(b), false));
            }
            groups.add(group);
            i += n;
        }
        return groups;
    }

    /** Every group handled by one of the instances' threads, all threads starting together. */
    private static void runAtOnce(List<Instance> hubs, List<List<Ingest.Message>> groups) throws Exception {
        int threads = hubs.size() * THREADS_PER_INSTANCE;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Instance hub = hubs.get(t % hubs.size());
                List<List<Ingest.Message>> mine = new ArrayList<>();
                for (int g = t; g < groups.size(); g += threads) {
                    mine.add(groups.get(g));
                }
                running.add(pool.submit(() -> {
                    start.await();
                    for (List<Ingest.Message> group : mine) {
                        hub.ingest.handle(group);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void assertStoredOnce(HikariDataSource ds, List<KioskRecord> all) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM records");
             ResultSet rs = ps.executeQuery()) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                ids.add(rs.getObject(1, UUID.class));
            }
            assertEquals(all.size(), rows, "every record stored exactly once");
        }
        assertEquals(all.stream().map(KioskRecord::id).collect(java.util.stream.Collectors.toSet()), ids);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM enquiries");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(all.stream().filter(r -> r.type() == RecordType.ENQUIRY).count(), rs.getLong(1),
                    "every enquiry routed once");
        }
    }

    /** The shared counters hold exactly what the records add up to. */
    private static void assertFigureCounts(HikariDataSource ds, List<KioskRecord> all) throws SQLException {
        Map<String, Long> expected = new HashMap<>();
        for (KioskRecord r : all) {
            expected.merge(FigureCounts.COUNCIL + "/" + r.fields().get("localAuthority") + "/" + r.type().wire(), 1L,
                    Long::sum);
            expected.merge(FigureCounts.EVENT + "/" + r.eventId() + "/" + r.type().wire(), 1L, Long::sum);
        }
        Map<String, Long> stored = new HashMap<>();
        for (String table : List.of("figure_counts", "figure_months")) {
            stored.clear();
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT dim, dim_key, type, SUM(n) FROM " + table
                         + " WHERE dim IN ('" + FigureCounts.COUNCIL + "', '" + FigureCounts.EVENT + "')"
                         + " GROUP BY dim, dim_key, type");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getLong(4));
                }
            }
            assertEquals(expected, stored, table);
        }
        assertTrue(expected.size() > 1);
    }

    private static List<String> deadLetterReasons(HikariDataSource ds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reason FROM dead_letters ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Deadlocks PostgreSQL has detected in this database so far. Shared with whatever else runs
     * on it, so only printed: the assertion is on what this test's hubs saw.
     */
    private static long serverDeadlocks(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
