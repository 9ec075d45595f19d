package org.adoptionkiosk.hardware;

import java.time.Duration;

/**
 * How a {@link LightPattern} drives the two LED pins: which colours are lit and, when it blinks,
 * how long each on and each off phase lasts. Amber is red and green together (a bicolour LED or
 * two LEDs side by side).
 */
record LightRendering(boolean red, boolean green, Duration halfPeriod) {
    /** 1 Hz: calm, reads as "working on it". */
    static final Duration SLOW = Duration.ofMillis(500);
    /** 4 Hz: reads as urgent from across a stand, and clearly apart from the slow blink. */
    static final Duration FAST = Duration.ofMillis(125);

    static LightRendering of(LightPattern pattern) {
        switch (pattern) {
            case STEADY_GREEN:
                return new LightRendering(false, true, Duration.ZERO);
            case SLOW_AMBER:
                return new LightRendering(true, true, SLOW);
            case FAST_RED:
                return new LightRendering(true, false, FAST);
            case OFF:
                return new LightRendering(false, false, Duration.ZERO);
            default:
                throw new IllegalArgumentException("no rendering for " + pattern);
        }
    }

    boolean blinks() {
        return !halfPeriod.isZero();
    }
}
