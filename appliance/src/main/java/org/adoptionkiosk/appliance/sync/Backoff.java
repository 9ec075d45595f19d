package org.adoptionkiosk.appliance.sync;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a random time between 0 and
 * min(max, initial * 2^n). The jitter keeps a fleet of kiosks from reconnecting in step after the
 * broker comes back.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public Backoff(long initialMillis, long maxMillis, RandomGenerator random) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The kiosk's reconnect backoff: 0.5 s doubling to 30 s. */
    public static Backoff reconnect(RandomGenerator random) {
        return new Backoff(500, 30_000, random);
    }

    /** The longest wait for attempt {@code attempt} (0-based). */
    public long ceilingMillis(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more");
        }
        long ceiling = initialMillis;
        for (int i = 0; i < attempt && ceiling < maxMillis; i++) {
            ceiling = ceiling > maxMillis / 2 ? maxMillis : ceiling * 2;
        }
        return Math.min(ceiling, maxMillis);
    }

    /** A random wait in [0, ceilingMillis(attempt)]. */
    public long delayMillis(int attempt) {
        return random.nextLong(ceilingMillis(attempt) + 1);
    }
}
