package org.adoptionkiosk.appliance.sync;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AckWaitTest {
    @Test
    void eachWaitWithoutAnAckDoublesTheNextUpToTwoMinutesAndAnAckResetsIt() {
        AckWait wait = new AckWait(10_000);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(wait.millis());
            wait.timedOut();
        }
        assertEquals(List.of(10_000L, 20_000L, 40_000L, 80_000L, 120_000L, 120_000L, 120_000L), waits);
        wait.acked();
        assertEquals(10_000L, wait.millis());
    }

    @Test
    void aConfiguredWaitLongerThanTheCapIsKept() {
        AckWait wait = new AckWait(300_000);
        wait.timedOut();
        assertEquals(300_000L, wait.millis());
        assertThrows(IllegalArgumentException.class, () -> new AckWait(0));
    }
}
