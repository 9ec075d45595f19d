package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.accounts.LoginThrottle;
import org.adoptionkiosk.hub.ingest.StatusIngest;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.DeviceStore;
import org.adoptionkiosk.hub.store.JobRuns;
import org.adoptionkiosk.hub.store.TransientRetry;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What several hub instances share through one store, each instance its own connection pool on it
 * (H2 by default, where one process owns the store; PostgreSQL in the build's second run, where the
 * instances are really apart): the login throttle's counts, kiosk statuses, the dead letters made
 * from statuses every instance receives, and the daily jobs one instance runs for all.
 */
class InstancesOnOneStoreTest {
    private static final Instant NOW = Instant.parse("2026-08-05T10:05:00Z");
    private final WireCodec codec = new WireCodec();
    private final TestClock clock = new TestClock(NOW);

    @TempDir
    Path dir;
    private TestStore store;
    /** The pools of two hub instances. */
    private HikariDataSource one;
    private HikariDataSource two;
    private ExecutorService threads;

    @BeforeEach
    void open() {
        store = TestStore.open();
        one = store.dataSource(dir);
        two = store.dataSource(dir);
        threads = Executors.newFixedThreadPool(10);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        one.close();
        two.close();
        store.close();
    }

    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = one.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs {@code work} on {@code n} threads released together; rethrows the first failure. */
    private void together(int n, Work work) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(n);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            all.add(threads.submit(() -> {
                barrier.await();
                work.run(k);
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(int thread) throws Exception;
    }

    /**
     * Ten wrong passwords for one new user name at once, half through each instance: every one
     * counts (none fails on the first failure's row made twice), and the name is locked twice, the
     * second lock as long as a second lock is.
     */
    @Test
    void wrongPasswordsAtSeveralInstancesAtOnceAllCountAndLockAsOnOne() throws Exception {
        LoginThrottle[] throttles = {new LoginThrottle(one, clock), new LoginThrottle(two, clock)};
        for (int round = 0; round < 10; round++) {
            String name = "staff-" + round;
            String address = "203.0.113." + round;
            together(2 * LoginThrottle.USER_TRIES, k -> throttles[k % 2].failed(name, address));
            String key = LoginThrottle.userKey(name);
            assertEquals(0, count("SELECT failures FROM login_throttle WHERE throttle_key = ?", key), name);
            assertEquals(2, count("SELECT locks FROM login_throttle WHERE throttle_key = ?", key), name);
            assertEquals(10, count("SELECT failures FROM login_throttle WHERE throttle_key = ?",
                    LoginThrottle.addressKey(address)), "the address counts all ten, not locked yet");
            assertEquals(NOW.plusSeconds(60), throttles[0].lockedUntil(name, address), "a second lock: 60 s");
        }
    }

    private Instant sentAt(String deviceId) throws SQLException {
        try (Connection c = one.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status_sent_at FROM devices WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    /**
     * Each instance stores every status at its own pace: one that is behind brings an older status
     * after a newer one, and the older changes nothing (the event's footfall included). The
     * last-will sets only online=false, and the newest status again, from the instance behind, puts
     * it back. A status stamped by a kiosk clock far ahead is replaced by the next right one.
     */
    @Test
    void anOlderStatusNeverOverwritesANewerOne() throws Exception {
        String d = "kiosk-order";
        DeviceStore fast = new DeviceStore(one);
        DeviceStore slow = new DeviceStore(two);
        Statuses newer = Statuses.of(d);
        newer.sentAt = NOW.minusSeconds(60);
        newer.backlog = 5L;
        newer.footfallEvent = 50L;
        Statuses older = Statuses.of(d);
        older.sentAt = NOW.minusSeconds(120);
        older.backlog = 9L;
        older.footfallEvent = 40L;
        fast.applyStatus(d, older.build(), false, NOW);
        fast.applyStatus(d, newer.build(), false, NOW);
        slow.applyStatus(d, older.build(), false, NOW);
        assertEquals(5, count("SELECT backlog FROM devices WHERE device_id = ?", d));
        assertEquals(50, count("SELECT footfall FROM event_footfall WHERE device_id = ?", d));
        assertEquals(newer.sentAt, sentAt(d));

        fast.applyStatus(d, DeviceStatus.offline(d), false, NOW);
        assertEquals(0, count("SELECT COUNT(*) FROM devices WHERE device_id = ? AND online = TRUE", d));
        assertEquals(5, count("SELECT backlog FROM devices WHERE device_id = ?", d), "the will changes only online");
        slow.applyStatus(d, newer.build(), false, NOW);
        assertEquals(1, count("SELECT COUNT(*) FROM devices WHERE device_id = ? AND online = TRUE", d));

        Statuses ahead = Statuses.of(d);
        ahead.sentAt = NOW.plus(Duration.ofDays(400));
        ahead.backlog = 7L;
        fast.applyStatus(d, ahead.build(), false, NOW);
        Statuses right = Statuses.of(d);
        right.sentAt = NOW;
        right.backlog = 3L;
        fast.applyStatus(d, right.build(), false, NOW);
        assertEquals(3, count("SELECT backlog FROM devices WHERE device_id = ?", d));
    }

    /** Every instance receives a revoked kiosk's status (statuses are not shared): one dead letter. */
    @Test
    void aRevokedKiosksStatusIsDeadLetteredOnceHoweverManyInstancesReceiveIt() throws Exception {
        String d = "kiosk-revoked";
        List<StatusIngest> instances = new ArrayList<>();
        for (HikariDataSource ds : List.of(one, two, one, two)) {
            instances.add(new StatusIngest(codec, new DeviceStore(ds), new DeadLetterStore(ds), clock, id -> true,
                    new TransientRetry()));
        }
        byte[] first = codec.encode(Statuses.of(d).build());
        together(4, k -> instances.get(k).handle(Topics.status(d), first, false));
        assertEquals(1, count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ?", d));

        Statuses later = Statuses.of(d);
        later.sentAt = Instant.now().plusSeconds(1);
        byte[] second = codec.encode(later.build());
        for (StatusIngest i : instances) {
            i.handle(Topics.status(d), second, false);
        }
        assertEquals(2, count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ?", d), "a new status is a new one");
    }

    /**
     * A daily job due on two instances at once runs on one of them; on PostgreSQL the other does
     * not even wait (the runner holds the advisory lock). Neither runs it again before a day has
     * passed; a run that fails counts as none.
     */
    @Test
    void oneInstanceRunsADueJobAndNoneRunsItAgainBeforeItIsDue() throws Exception {
        JobRuns a = new JobRuns(one, clock, "hub-a");
        JobRuns b = new JobRuns(two, clock, "hub-b");
        Duration day = Duration.ofDays(1);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<Boolean> first = threads.submit(() -> a.runIfDue("retention", day, () -> {
            runs.incrementAndGet();
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        Future<Boolean> second = threads.submit(() -> b.runIfDue("retention", day, runs::incrementAndGet));
        if (TestStore.postgres()) {
            assertFalse(second.get(30, TimeUnit.SECONDS), "left to the instance running it");
        }
        finish.countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS));
        assertFalse(second.get(30, TimeUnit.SECONDS));
        assertEquals(1, runs.get());

        clock.advance(Duration.ofHours(23));
        assertFalse(b.runIfDue("retention", day, runs::incrementAndGet), "not due again yet");
        clock.advance(Duration.ofHours(1));
        assertThrows(SQLException.class, () -> b.runIfDue("retention", day, () -> {
            throw new SQLException("the run failed");
        }));
        assertTrue(a.runIfDue("retention", day, runs::incrementAndGet), "a failed run counts as none");
        assertEquals(2, runs.get());
        assertEquals(1, count("SELECT COUNT(*) FROM job_runs WHERE instance_id = 'hub-a'"));
    }
}
