package org.adoptionkiosk.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves on: the hub's "today" decides due days, retention and silent kiosks.
 * Either frozen at a start and moved only by the test, or the real time plus an offset the test
 * grows ({@link #running()}), for tests that also need time to pass by itself.
 */
final class MovableClock extends Clock {
    private final boolean running;
    private final Instant start;
    private volatile Duration offset = Duration.ZERO;

    /** Frozen at {@code start}. */
    MovableClock(Instant start) {
        this(start, false);
    }

    private MovableClock(Instant start, boolean running) {
        this.start = start;
        this.running = running;
    }

    /** The real time, moved on by {@link #advance}. */
    static MovableClock running() {
        return new MovableClock(null, true);
    }

    void advance(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        return (running ? Instant.now() : start).plus(offset);
    }
}
