package org.adoptionkiosk.provisioning;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition of a real component; no timing is asserted, the limit only ends a hung test. */
final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
