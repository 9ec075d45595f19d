package org.adoptionkiosk.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The real clock moved by an offset a test sets, so the hub can be made to live "a day later". */
final class TestClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void shift(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the hub uses UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
