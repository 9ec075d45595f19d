package org.adoptionkiosk.appliance.sync;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AckWaitTest {
    @Test
    void eachWaitWithoutAnAckDoublesTheNextUpToFourTimesTheSetOneAndAnAckResetsIt() {
        AckWait wait = new AckWait(10_000);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(wait.millis());
            wait.timedOut();
        }
        assertEquals(List.of(10_000L, 20_000L, 40_000L, 40_000L, 40_000L), waits);
        wait.acked();
        assertEquals(10_000L, wait.millis());
    }

    @Test
    void aWaitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new AckWait(0));
    }
}
