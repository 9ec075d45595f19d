package org.adoptionkiosk.appliance.sync;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = Backoff.reconnect(new Random(42));

    @Test
    void ceilingDoublesFromHalfASecond() {
        assertEquals(500, backoff.ceilingMillis(0));
        assertEquals(1_000, backoff.ceilingMillis(1));
        assertEquals(2_000, backoff.ceilingMillis(2));
        assertEquals(16_000, backoff.ceilingMillis(5));
    }

    @Test
    void ceilingIsCappedAtThirtySeconds() {
        assertEquals(30_000, backoff.ceilingMillis(6));
        assertEquals(30_000, backoff.ceilingMillis(30));
        assertEquals(30_000, backoff.ceilingMillis(Integer.MAX_VALUE));
    }

    @Test
    void delaysAreJitteredWithinZeroAndTheCeiling() {
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = backoff.ceilingMillis(attempt);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                long d = backoff.delayMillis(attempt);
                assertTrue(d >= 0 && d <= ceiling, "attempt " + attempt + " gave " + d + " > " + ceiling);
                seen.add(d);
            }
            assertTrue(seen.size() > 50, "delays vary: " + seen.size() + " distinct of 200");
        }
    }

    @Test
    void laterAttemptsWaitLongerOnAverage() {
        double early = average(0);
        double late = average(8);
        assertTrue(late > early * 10, "early " + early + " late " + late);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10, new Random()));
        assertThrows(IllegalArgumentException.class, () -> backoff.ceilingMillis(-1));
    }

    private double average(int attempt) {
        long sum = 0;
        for (int i = 0; i < 1000; i++) {
            sum += backoff.delayMillis(attempt);
        }
        return sum / 1000.0;
    }
}
