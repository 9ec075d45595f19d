package org.adoptionkiosk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves, so lockouts, due days, retention and silent kiosks need no waiting.
 * Either frozen at a start and moved only by the test, or the real time plus an offset the test
 * moves ({@link #running()}), for tests that also need time to pass by itself. Safe to read and
 * move from any thread; {@link #withZone} gives a view that moves with it.
 */
public final class TestClock extends Clock {
    /** The frozen start, or null for the real time. */
    private final Instant frozenAt;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    /** Frozen at {@code start}, in UTC. */
    public TestClock(Instant start) {
        this(start, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private TestClock(Instant frozenAt, AtomicReference<Duration> offset, ZoneId zone) {
        this.frozenAt = frozenAt;
        this.offset = offset;
        this.zone = zone;
    }

    /** The real time, in UTC, moved on by {@link #advance} and {@link #set}. */
    public static TestClock running() {
        return new TestClock(null, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    public void advance(Duration d) {
        offset.accumulateAndGet(d, Duration::plus);
    }

    /** From now on the clock reads {@code instant} (and, when running, goes on from there). */
    public void set(Instant instant) {
        offset.set(Duration.between(base(), instant));
    }

    @Override
    public Instant instant() {
        return base().plus(offset.get());
    }

    private Instant base() {
        return frozenAt == null ? Instant.now() : frozenAt;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public TestClock withZone(ZoneId z) {
        return new TestClock(frozenAt, offset, z);
    }
}
