package org.adoptionkiosk.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls for an asynchronous outcome with a generous deadline; the deadline is not what is tested. */
final class Await {
    private Await() {
    }

    static void until(String what, Duration deadline, Callable<Boolean> condition) throws Exception {
        until(what, deadline, condition, () -> "");
    }

    static void until(String what, Duration deadline, Callable<Boolean> condition, Supplier<String> state)
            throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(25);
        }
        AssertionError error = new AssertionError("gave up waiting for " + what + " after " + deadline
                + "; state: " + state.get());
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }
}
