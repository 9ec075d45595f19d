package org.adoptionkiosk.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitTest {
    @Test
    void returnsTheFirstValueThatIsDone() throws Exception {
        AtomicInteger n = new AtomicInteger();
        assertEquals(3, Await.until("three", n::incrementAndGet, v -> v == 3));
        assertEquals(3, n.get(), "no look after it was done");
    }

    @Test
    void aTimeOutNamesWhatWasAwaitedTheLastValueAndTheState() {
        AtomicInteger n = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class, () -> Await.atMost(Duration.ofMillis(100))
                .every(Duration.ofMillis(10)).showing(() -> "the queue is empty")
                .until("the answer", () -> "try " + n.incrementAndGet(), v -> v.equals("never")));
        assertTrue(e.getMessage().startsWith("gave up waiting for the answer after 100 ms; last seen: try "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; state: the queue is empty"), e.getMessage());
        assertTrue(e.getMessage().contains("try " + n.get()), "the last value: " + e.getMessage());
        assertTrue(n.get() > 1, "looked again");
    }

    @Test
    void anExceptionIsNotYetAndTheLastOneIsTheCause() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Await.until("the service", () -> {
            if (n.incrementAndGet() < 3) {
                throw new IOException("connection refused");
            }
            return true;
        });
        assertEquals(3, n.get());

        IOException refused = new IOException("still refused");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.atMost(Duration.ofMillis(50)).until("the service", () -> {
                    throw refused;
                }));
        assertSame(refused, e.getCause());
        assertTrue(e.getMessage().contains("last seen: an exception"), e.getMessage());
    }

    @Test
    void anAssertionInTheProbeFailsAtOnce() {
        AtomicInteger n = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("a process", () -> {
            n.incrementAndGet();
            throw new AssertionError("the process exited with 1");
        }));
        assertEquals("the process exited with 1", e.getMessage());
        assertEquals(1, n.get());
    }

    @Test
    void holdsAnswersInsteadOfFailing() throws Exception {
        assertTrue(Await.atMost(Duration.ZERO).holds(() -> true), "looks at least once, even with no time");
        assertFalse(Await.atMost(Duration.ofMillis(30)).holds(() -> false));
        assertInstanceOf(Await.Poll.class, Await.atMost(Duration.ofSeconds(1)).every(Duration.ofMillis(5)));
        assertThrows(IllegalArgumentException.class, () -> Await.atMost(Duration.ofSeconds(1)).every(Duration.ZERO));
    }
}
