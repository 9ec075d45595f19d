package org.adoptionkiosk.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry policy and what counts as transient; waits are noted by an injected sleeper, never slept. */
class TransientRetryTest {
    private final List<Long> waits = new ArrayList<>();

    @Test
    void transientFailuresAreTriedAgainUpToTheBoundWithGrowingJitteredWaits() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("TransientRetryTest seed " + seed);
        Random random = new Random(seed);
        TransientRetry retry = new TransientRetry(5, 50, 2_000, waits::add, random::nextDouble);
        AtomicInteger attempts = new AtomicInteger();
        List<SQLException> thrown = new ArrayList<>();

        SQLException last = assertThrows(SQLException.class, () -> retry.call(() -> {
            attempts.incrementAndGet();
            SQLException e = new SQLException("deadlock detected", "40P01");
            thrown.add(e);
            throw e;
        }));

        assertEquals(5, attempts.get());
        assertSame(thrown.get(4), last, "the last failure is the one thrown");
        assertEquals(4, waits.size(), "a wait between attempts, none after the last");
        long ceiling = 50;
        long previous = 0;
        for (long w : waits) {
            assertTrue(w >= ceiling / 2 && w <= ceiling, w + " within [" + ceiling / 2 + ", " + ceiling + "]");
            assertTrue(w >= previous, "waits grow: " + waits);
            previous = w;
            ceiling *= 2;
        }
        assertEquals(5, retry.seen("40P01"));
        assertEquals(java.util.Map.of("40P01", 5L), retry.seen());
    }

    @Test
    void theJitterSpreadsTheWaitAndTheCapHoldsIt() {
        TransientRetry low = new TransientRetry(12, 50, 2_000, waits::add, () -> 0.0);
        TransientRetry high = new TransientRetry(12, 50, 2_000, waits::add, () -> 0.999_999);
        assertEquals(List.of(25L, 50L, 100L, 200L, 400L, 800L, 1000L, 1000L),
                List.of(low.delayAfter(1), low.delayAfter(2), low.delayAfter(3), low.delayAfter(4),
                        low.delayAfter(5), low.delayAfter(6), low.delayAfter(7), low.delayAfter(40)));
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L),
                List.of(high.delayAfter(1), high.delayAfter(2), high.delayAfter(3), high.delayAfter(4),
                        high.delayAfter(5), high.delayAfter(6), high.delayAfter(7), high.delayAfter(40)));
    }

    @Test
    void aTransientFailureThatPassesGivesTheResult() throws SQLException {
        TransientRetry retry = new TransientRetry(5, 50, 2_000, waits::add, () -> 0.5);
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.call(() -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new SQLException("could not obtain lock", "55P03");
            }
            return "stored";
        });
        assertEquals("stored", result);
        assertEquals(3, attempts.get());
        assertEquals(List.of(38L, 75L), waits);
        assertEquals(2, retry.seen("55P03"));
    }

    @Test
    void aFailureThatIsNotTransientIsThrownAtOnce() {
        TransientRetry retry = new TransientRetry(5, 50, 2_000, waits::add, () -> 0.5);
        for (SQLException e : List.of(new SQLException("duplicate key", "23505"),
                new SQLException("value too long", "22001"), new SQLException("device row missing"),
                new SQLException("relation does not exist", "42P01"))) {
            AtomicInteger attempts = new AtomicInteger();
            SQLException thrown = assertThrows(SQLException.class, () -> retry.call(() -> {
                attempts.incrementAndGet();
                throw e;
            }));
            assertSame(e, thrown);
            assertEquals(1, attempts.get(), e.getSQLState());
        }
        assertEquals(List.of(), waits);
        assertEquals(java.util.Map.of(), retry.seen());
    }

    @Test
    void anInterruptedWaitStopsTryingAndKeepsTheInterrupt() {
        TransientRetry retry = new TransientRetry(5, 50, 2_000, millis -> {
            throw new InterruptedException();
        }, () -> 0.5);
        AtomicInteger attempts = new AtomicInteger();
        try {
            SQLException thrown = assertThrows(SQLException.class, () -> retry.call(() -> {
                attempts.incrementAndGet();
                throw new SQLException("connection lost", "08006");
            }));
            assertEquals("08006", thrown.getSQLState());
            assertEquals(1, attempts.get());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void transientStatesOfPostgresqlH2AndThePool() {
        for (String state : List.of("40P01", "40001", "55P03", "08000", "08003", "08006", "08001", "57P01", "57P02",
                "57P03", "HYT00", "90098", "90067")) {
            assertTrue(Sql.isTransient(new SQLException("x", state)), state);
        }
        for (String state : List.of("23505", "23503", "22001", "22P02", "42P01", "42703", "XX000")) {
            assertFalse(Sql.isTransient(new SQLException("x", state)), state);
        }
        assertFalse(Sql.isTransient(new SQLException("no state")));
        // HikariCP's "connection is not available" carries no state: its class says it.
        assertTrue(Sql.isTransient(new SQLTransientConnectionException("hub-store - Connection is not available")));
        // A batch's failure may name its cause only in the next exception, a pool's in its cause.
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 was aborted", null, 0, new int[0], null);
        batch.setNextException(new SQLException("deadlock detected", "40P01"));
        assertTrue(Sql.isTransient(batch));
        assertEquals("40P01", Sql.state(batch));
        assertTrue(Sql.isTransient(new SQLException("wrapped", null, new SQLException("lost", "08006"))));
        assertEquals("23505", Sql.state(new SQLException("duplicate", "23505")));
    }

    @Test
    void realLockTimeoutsOfH2AndHikariAreTransient() throws Exception {
        String url = "jdbc:h2:mem:transient-" + System.nanoTime() + ";LOCK_TIMEOUT=100;DB_CLOSE_DELAY=-1";
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            try (Statement st = a.createStatement()) {
                st.execute("CREATE TABLE t (k INT PRIMARY KEY, n INT)");
                st.execute("INSERT INTO t VALUES (1, 0)");
            }
            a.setAutoCommit(false);
            try (Statement st = a.createStatement()) {
                st.executeUpdate("UPDATE t SET n = 1 WHERE k = 1");
            }
            SQLException timeout = assertThrows(SQLException.class, () -> {
                try (Statement st = b.createStatement()) {
                    st.executeUpdate("UPDATE t SET n = 2 WHERE k = 1");
                }
            });
            assertEquals(50200, timeout.getErrorCode(), timeout.getMessage());
            assertTrue(Sql.isTransient(timeout));
            a.rollback();
            try (Statement st = a.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }

        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:h2:mem:pool-" + System.nanoTime());
        hc.setMaximumPoolSize(1);
        hc.setConnectionTimeout(250);
        try (HikariDataSource ds = new HikariDataSource(hc); Connection held = ds.getConnection()) {
            SQLException exhausted = assertThrows(SQLException.class, ds::getConnection);
            assertTrue(Sql.isTransient(exhausted), exhausted.getClass() + " " + exhausted.getSQLState());
        }
    }
}
