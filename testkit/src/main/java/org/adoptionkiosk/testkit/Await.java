package org.adoptionkiosk.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls for something that happens on another thread or in another process. The limit only ends a
 * hung test; it is not what is tested, so it is generous. On time-out the failure names what was
 * awaited, the last value seen and, when given, the state of the things around it; an exception
 * the probe threw counts as "not yet", and the last one is the failure's cause.
 *
 * <pre>{@code
 * Await.until("the dead letter", () -> f.deadLetters(d), n -> n == 1);
 * Await.atMost(Duration.ofSeconds(90)).showing(kiosk::tail).until("the backlog drained", () -> kiosk.backlog() == 0);
 * }</pre>
 */
public final class Await {
    /** The limit unless a test says otherwise: far beyond anything that works. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    static final Duration EVERY = Duration.ofMillis(25);

    private Await() {
    }

    /** Waits up to {@link #PATIENCE} until {@code done} holds for what {@code probe} answers, and returns that. */
    public static <T> T until(String what, Callable<T> probe, Predicate<? super T> done) throws InterruptedException {
        return atMost(PATIENCE).until(what, probe, done);
    }

    /** Waits up to {@link #PATIENCE} until {@code condition} is true. */
    public static void until(String what, Callable<Boolean> condition) throws InterruptedException {
        atMost(PATIENCE).until(what, condition);
    }

    /** A wait with its own limit, polled every 25 ms unless {@link Poll#every} says otherwise. */
    public static Poll atMost(Duration limit) {
        return new Poll(limit, EVERY, null);
    }

    /**
     * How to wait: the limit, the pause between looks, and what to show beside the last value on a
     * time-out (null for nothing).
     */
    public record Poll(Duration limit, Duration every, Supplier<String> state) {
        public Poll {
            if (limit.isNegative() || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("limit " + limit + ", every " + every);
            }
        }

        public Poll every(Duration pause) {
            return new Poll(limit, pause, state);
        }

        /** Adds {@code describe}'s answer at the moment of a time-out to the failure. */
        public Poll showing(Supplier<String> describe) {
            return new Poll(limit, every, describe);
        }

        /** Waits until {@code done} holds for what {@code probe} answers, and returns that value. */
        public <T> T until(String what, Callable<T> probe, Predicate<? super T> done) throws InterruptedException {
            Look<T> look = poll(probe, done);
            if (look.done()) {
                return look.value();
            }
            StringBuilder message = new StringBuilder("gave up waiting for ").append(what).append(" after ")
                    .append(limit.toMillis()).append(" ms; last seen: ")
                    .append(look.failure() == null ? String.valueOf(look.value()) : "an exception (the cause)");
            if (state != null) {
                message.append("; state: ").append(describeSafely());
            }
            throw new AssertionError(message.toString(), look.failure());
        }

        /** Waits until {@code condition} is true. */
        public void until(String what, Callable<Boolean> condition) throws InterruptedException {
            until(what, condition, Boolean.TRUE::equals);
        }

        /** Whether {@code condition} comes true within the limit: for a wait whose end is not a failure. */
        public boolean holds(Callable<Boolean> condition) throws InterruptedException {
            return poll(condition, Boolean.TRUE::equals).done();
        }

        /** Looks at least once, and again until done or past the limit. */
        private <T> Look<T> poll(Callable<T> probe, Predicate<? super T> done) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            T last = null;
            Exception failure = null;
            while (true) {
                try {
                    last = probe.call();
                    failure = null;
                    if (done.test(last)) {
                        return new Look<>(true, last, null);
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failure = e; // not yet: a service still starting, a row not yet written
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return new Look<>(false, last, failure);
                }
                Thread.sleep(Math.max(1, Math.min(every.toMillis(), Duration.ofNanos(left).toMillis())));
            }
        }

        private String describeSafely() {
            try {
                return state.get();
            } catch (RuntimeException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    private record Look<T>(boolean done, T value, Exception failure) {
    }
}
