package org.adoptionkiosk.chaos;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls for a condition with a deadline; the deadline bounds the wait and is not what is tested.
 * On time-out the failure says what was awaited and the state at that moment.
 */
final class Await {
    private Await() {
    }

    static void until(String what, Duration deadline, Callable<Boolean> condition) throws Exception {
        until(what, deadline, Duration.ofMillis(25), condition, () -> "");
    }

    static void until(String what, Duration deadline, Callable<Boolean> condition, Supplier<String> state)
            throws Exception {
        until(what, deadline, Duration.ofMillis(25), condition, state);
    }

    static void until(String what, Duration deadline, Duration every, Callable<Boolean> condition,
                      Supplier<String> state) throws Exception {
        if (!tryUntil(deadline, every, condition)) {
            throw new AssertionError("gave up waiting for " + what + " after " + deadline + "; state: " + state.get());
        }
    }

    /** True once the condition holds, false when the deadline passes first; exceptions count as "not yet". */
    static boolean tryUntil(Duration deadline, Duration every, Callable<Boolean> condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // not yet
            }
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(every.toMillis());
        }
    }
}
