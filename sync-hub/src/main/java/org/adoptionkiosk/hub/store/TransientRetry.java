package org.adoptionkiosk.hub.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Runs a piece of database work again when it fails transiently ({@link Sql#isTransient}: a
 * deadlock, serialization failure, lock timeout, lost connection): a bounded number of attempts,
 * with jittered exponential backoff between them. Any other failure is thrown at once. When the
 * attempts run out the last transient failure is thrown; the caller then leaves the work for later
 * (a kiosk resends what was not acked) and never treats it as the work's own fault.
 * <p>
 * The work must be one whole transaction that rolls back when it fails, so running it again is
 * safe. Each transient failure is counted by its SQL state, for tests and for the log.
 */
public final class TransientRetry {
    private static final Logger log = LoggerFactory.getLogger(TransientRetry.class);

    public static final int ATTEMPTS = 5;
    public static final long FIRST_DELAY_MILLIS = 50;
    public static final long MAX_DELAY_MILLIS = 2_000;

    /** Database work: one transaction, whole or not at all. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Waits between attempts; a test gives one that only notes the delay. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int attempts;
    private final long firstDelayMillis;
    private final long maxDelayMillis;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Map<String, LongAdder> seen = new ConcurrentHashMap<>();

    /** {@value #ATTEMPTS} attempts, waits from {@value #FIRST_DELAY_MILLIS} ms doubling to {@value #MAX_DELAY_MILLIS} ms. */
    public TransientRetry() {
        this(ATTEMPTS, FIRST_DELAY_MILLIS, MAX_DELAY_MILLIS, Thread::sleep, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param jitter a number in [0, 1) per wait: after the n-th failed attempt the wait is
     *               {@code c/2 + jitter·c/2} with {@code c = min(max, first·2^(n-1))}, so waits grow
     *               (each is at least the largest the one before could be) until the cap, and two
     *               hub instances that collided do not try again in step
     */
    public TransientRetry(int attempts, long firstDelayMillis, long maxDelayMillis, Sleeper sleeper,
                          DoubleSupplier jitter) {
        if (attempts < 1 || firstDelayMillis < 0 || maxDelayMillis < firstDelayMillis) {
            throw new IllegalArgumentException("attempts >= 1 and 0 <= first delay <= max delay");
        }
        this.attempts = attempts;
        this.firstDelayMillis = firstDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /**
     * Runs {@code work}, again after a transient failure, up to the bound.
     *
     * @throws SQLException a failure that is not transient, at once; or the last transient one when
     *                      the attempts ran out (or the wait was interrupted)
     */
    public <T> T call(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!Sql.isTransient(e)) {
                    throw e;
                }
                String state = Sql.state(e);
                seen.computeIfAbsent(String.valueOf(state), s -> new LongAdder()).increment();
                if (attempt >= attempts) {
                    throw e;
                }
                long delay = delayAfter(attempt);
                log.debug("transient failure (SQL state {}) on attempt {} of {}; again in {} ms", state, attempt,
                        attempts, delay);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }

    /** The wait after the {@code failed}-th failed attempt (1 for the first). */
    long delayAfter(int failed) {
        long ceiling = firstDelayMillis << Math.min(failed - 1, 30);
        if (ceiling > maxDelayMillis || ceiling < 0) {
            ceiling = maxDelayMillis;
        }
        double j = Math.min(Math.max(jitter.getAsDouble(), 0), 1);
        return ceiling / 2 + Math.round(j * (ceiling - ceiling / 2));
    }

    public int attempts() {
        return attempts;
    }

    /** How many transient failures with this SQL state were seen (tried again or not). */
    public long seen(String sqlState) {
        LongAdder n = seen.get(sqlState);
        return n == null ? 0 : n.sum();
    }

    /** Every transient failure seen, by SQL state. */
    public Map<String, Long> seen() {
        Map<String, Long> out = new TreeMap<>();
        seen.forEach((state, n) -> out.put(state, n.sum()));
        return out;
    }
}
