package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.privacy.Erasure;
import org.adoptionkiosk.hub.privacy.PersonIndex;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The person index with several hub instances on one store: each pending record is taken by one
 * instance only (row locks, SKIP LOCKED), an erasure's catch-up waits for rows another instance is
 * indexing rather than collide with it, and a sealed part the hub's key cannot open is never marked
 * indexed without its digests.
 */
class PersonIndexInstancesTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private final WireCodec codec = new WireCodec();

    @TempDir
    Path dir;

    private PersonIndex index(HikariDataSource ds) throws Exception {
        return new PersonIndex(ds, SealingKeys.loadOrCreate(dir), IndexKey.loadOrCreate(dir), codec, CLOCK);
    }

    private static String email(int i) {
        return "person-" + i + "@example.cymru";
    }

    /** A record as ingest stores it, its sealed part (email and phone) sealed to {@code publicKey}. */
    private void insertRecords(HikariDataSource ds, Path publicKey, String deviceId, int from, int count)
            throws Exception {
        TestSealer sealer = new TestSealer(publicKey);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO records (device_id, id, seq, type, captured_at,"
                     + " received_at, boot_id, mono_millis, lang, schema_version, fields_json, sealed, content_hash,"
                     + " figure_date, time_suspect) VALUES (?, ?, ?, 'enquiry', ?, ?, ?, 1, 'cy', 1, '{}', ?, 'h', ?,"
                     + " FALSE)")) {
            for (int i = from; i < from + count; i++) {
                UUID id = UUID.randomUUID();
                ps.setString(1, deviceId);
                ps.setObject(2, id);
                ps.setLong(3, i + 1);
                ps.setObject(4, Instant.now().atOffset(java.time.ZoneOffset.UTC));
                ps.setObject(5, Instant.now().atOffset(java.time.ZoneOffset.UTC));
                ps.setObject(6, TestRecords.BOOT);
                ps.setString(7, sealer.seal(new SealedPersonal("Person " + i, email(i), "07700 9" + (10000 + i),
                        null, null), id));
                ps.setObject(8, LocalDate.now());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long count(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Three instances index 300 records at once: each record once, every digest there, no collision. */
    @Test
    void threeInstancesShareTheIndexingAndTakeEachRecordOnce() throws Exception {
        int records = 300;
        try (TestStore store = TestStore.openPostgres()) {
            List<HikariDataSource> pools = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(3);
            try {
                for (int i = 0; i < 3; i++) {
                    pools.add(store.dataSource(dir));
                }
                SealingKeys.loadOrCreate(dir);
                insertRecords(pools.get(0), dir.resolve(SealingKeys.PUBLIC_FILE), "kiosk-index", 0, records);
                CyclicBarrier together = new CyclicBarrier(3);
                List<Future<Integer>> taken = new ArrayList<>();
                for (HikariDataSource ds : pools) {
                    PersonIndex index = index(ds);
                    taken.add(threads.submit(() -> {
                        together.await();
                        int mine = 0;
                        while (index.pending() > 0) {
                            mine += index.indexPending(10);
                        }
                        return mine;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : taken) {
                    total += f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(records, total, "every record taken by exactly one instance");
                assertEquals(0, count(pools.get(0), "SELECT COUNT(*) FROM records WHERE person_indexed = FALSE"));
                assertEquals(2L * records, count(pools.get(0), "SELECT COUNT(*) FROM person_index"),
                        "an email and a phone digest for each");
            } finally {
                threads.shutdownNow();
                pools.forEach(HikariDataSource::close);
            }
        }
    }

    /**
     * Another instance is in the middle of indexing a record (its step holds the row) when an
     * erasure request comes: the request's catch-up waits for that step and then finds the person
     * through the digests the other instance wrote, instead of indexing the row again beside it.
     */
    @Test
    void anErasureWaitsForTheRowsAnotherInstanceIsIndexingAndFindsThePerson() throws Exception {
        try (TestStore store = TestStore.openPostgres();
             HikariDataSource ds = store.dataSource(dir);
             HikariDataSource other = store.dataSource(dir)) {
            SealingKeys.loadOrCreate(dir);
            insertRecords(ds, dir.resolve(SealingKeys.PUBLIC_FILE), "kiosk-erase", 0, 1);
            PersonIndex index = index(ds);
            Erasure erasure = new Erasure(ds, index, new AuditLog(ds, CLOCK), CLOCK, Duration.ofDays(30));
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try (Connection step = other.getConnection()) {
                step.setAutoCommit(false);
                UUID id;
                try (PreparedStatement ps = step.prepareStatement("SELECT id FROM records WHERE person_indexed = FALSE"
                        + " FOR UPDATE"); ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    id = rs.getObject(1, UUID.class);
                }
                int stepPid;
                try (PreparedStatement ps = step.prepareStatement("SELECT pg_backend_pid()");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    stepPid = rs.getInt(1);
                }
                Future<List<Erasure.Ref>> found = thread.submit(() -> erasure.find(email(0), null));
                Await.until("the erasure to wait for the other step", () -> count(other,
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE " + stepPid + " = ANY (pg_blocking_pids(pid))"),
                        n -> n > 0);
                // The other instance's step ends: the digests in, the record marked indexed.
                try (PreparedStatement add = step.prepareStatement(
                        "INSERT INTO person_index (digest, device_id, record_id) VALUES (?, 'kiosk-erase', ?)");
                     PreparedStatement done = step.prepareStatement(
                             "UPDATE records SET person_indexed = TRUE WHERE id = ?")) {
                    for (String digest : index.digests(email(0), "07700 910000")) {
                        add.setString(1, digest);
                        add.setObject(2, id);
                        add.executeUpdate();
                    }
                    done.setObject(1, id);
                    done.executeUpdate();
                }
                step.commit();
                List<Erasure.Ref> refs = found.get(30, TimeUnit.SECONDS);
                assertEquals(1, refs.size());
                assertEquals(id, refs.get(0).recordId());
            } finally {
                thread.shutdownNow();
            }
        }
    }

    /**
     * A sealed part this hub's key cannot open (sealed to another hub's public key) is left out of
     * the index and not marked indexed, so it is never mistaken for a record with no one in it; it
     * is tried again after a start.
     */
    @Test
    void aSealedPartTheKeyCannotOpenIsNeverMarkedIndexed() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("another-hub"));
        SealingKeys.loadOrCreate(elsewhere);
        try (TestStore store = TestStore.open(); HikariDataSource ds = store.dataSource(dir)) {
            SealingKeys.loadOrCreate(dir);
            insertRecords(ds, dir.resolve(SealingKeys.PUBLIC_FILE), "kiosk-keys", 0, 2);
            insertRecords(ds, elsewhere.resolve(SealingKeys.PUBLIC_FILE), "kiosk-keys", 2, 1);
            PersonIndex index = index(ds);
            assertEquals(3, index.indexPending(10));
            assertEquals(2, count(ds, "SELECT COUNT(*) FROM records WHERE person_indexed = TRUE"));
            assertEquals(1, count(ds, "SELECT COUNT(*) FROM records WHERE person_indexed = FALSE"
                    + " AND person_index_failed_at IS NOT NULL"), "the unreadable one: not indexed, marked failed");
            assertEquals(0, index.pending(), "and not taken again at every step");
            assertEquals(0, index.indexPending(10));
            assertEquals(1, index.retryUnreadable());
            assertEquals(1, index.pending(), "tried again after a start");
        }
    }
}
