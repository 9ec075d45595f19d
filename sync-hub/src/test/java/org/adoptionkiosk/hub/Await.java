package org.adoptionkiosk.hub;

import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls for something that happens asynchronously; the deadline is generous and not what is tested. */
final class Await {
    private Await() {
    }

    static <T> T until(Callable<T> probe, Predicate<T> done, String what) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}
