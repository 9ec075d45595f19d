package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.hardware.LightPattern;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LightPolicyTest {
    private static final Instant T0 = Instant.parse("2026-08-03T10:00:00Z");
    private static final long PLENTY = 10L * 1024 * 1024 * 1024;

    @Test
    void greenWhenSyncedAmberWithABacklogRedWhenTheBrokerIsLongGone() {
        LightPolicy policy = new LightPolicy();
        assertEquals(LightPattern.STEADY_GREEN, policy.decide(T0, true, 0, PLENTY));
        assertEquals(LightPattern.SLOW_AMBER, policy.decide(T0, true, 12, PLENTY));
        // The broker goes: amber while records wait, for five minutes; then red.
        assertEquals(LightPattern.SLOW_AMBER, policy.decide(T0.plusSeconds(1), false, 12, PLENTY));
        assertEquals(LightPattern.SLOW_AMBER, policy.decide(T0.plusSeconds(300), false, 13, PLENTY));
        assertEquals(LightPattern.FAST_RED, policy.decide(T0.plusSeconds(302), false, 13, PLENTY));
        assertEquals(LightPattern.FAST_RED, policy.decide(T0.plusSeconds(302), false, 0, PLENTY),
                "red even with nothing waiting: staff must know the hub is out of reach");
        // It comes back: amber while it drains, green when done.
        assertEquals(LightPattern.SLOW_AMBER, policy.decide(T0.plusSeconds(400), true, 13, PLENTY));
        assertEquals(LightPattern.STEADY_GREEN, policy.decide(T0.plusSeconds(401), true, 0, PLENTY));
    }

    @Test
    void redWhenTheDiskIsNearlyFull() {
        LightPolicy policy = new LightPolicy();
        assertEquals(LightPattern.FAST_RED, policy.decide(T0, true, 0, LightPolicy.DISK_LOW_BYTES - 1));
        assertEquals(LightPattern.STEADY_GREEN, policy.decide(T0, true, 0, null), "unknown disk is not an alarm");
    }
}
