package org.adoptionkiosk.hardware;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LightRenderingTest {
    @Test
    void eachPatternHasItsColoursAndRate() {
        assertEquals(new LightRendering(false, true, Duration.ZERO), LightRendering.of(LightPattern.STEADY_GREEN));
        assertEquals(new LightRendering(true, true, Duration.ofMillis(500)), LightRendering.of(LightPattern.SLOW_AMBER));
        assertEquals(new LightRendering(true, false, Duration.ofMillis(125)), LightRendering.of(LightPattern.FAST_RED));
        assertEquals(new LightRendering(false, false, Duration.ZERO), LightRendering.of(LightPattern.OFF));
    }

    @Test
    void slowIsOneHertzAndFastFourHertz() {
        assertEquals(1.0, 1000.0 / (2 * LightRendering.of(LightPattern.SLOW_AMBER).halfPeriod().toMillis()));
        assertEquals(4.0, 1000.0 / (2 * LightRendering.of(LightPattern.FAST_RED).halfPeriod().toMillis()));
        assertTrue(LightRendering.of(LightPattern.FAST_RED).blinks());
        assertFalse(LightRendering.of(LightPattern.STEADY_GREEN).blinks());
        assertFalse(LightRendering.of(LightPattern.OFF).blinks());
    }
}
