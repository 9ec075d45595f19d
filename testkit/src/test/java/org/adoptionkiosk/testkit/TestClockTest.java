package org.adoptionkiosk.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestClockTest {
    static final Instant START = Instant.parse("2026-06-10T09:00:00Z");

    @Test
    void aFrozenClockMovesOnlyWhenTold() {
        TestClock clock = new TestClock(START);
        assertEquals(START, clock.instant());
        assertEquals(ZoneOffset.UTC, clock.getZone());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(START.plusSeconds(300), clock.instant());
        clock.set(START.minusSeconds(60));
        assertEquals(START.minusSeconds(60), clock.instant());
    }

    @Test
    void aZonedViewFollowsTheClock() {
        TestClock clock = new TestClock(START);
        TestClock london = clock.withZone(ZoneId.of("Europe/London"));
        clock.advance(Duration.ofHours(1));
        assertEquals(START.plusSeconds(3600), london.instant());
        assertEquals(ZoneId.of("Europe/London"), london.getZone());
        assertEquals(11, java.time.LocalTime.now(london).getHour(), "10:00 UTC is 11:00 in London in June");
    }

    @Test
    void aRunningClockIsTheRealTimePlusWhatTheTestAdded() {
        TestClock clock = TestClock.running();
        clock.advance(Duration.ofDays(2));
        Instant expected = Instant.now().plus(Duration.ofDays(2));
        assertTrue(Math.abs(Duration.between(expected, clock.instant()).toMillis()) < 5_000, clock.instant().toString());
        clock.set(START);
        assertTrue(Duration.between(START, clock.instant()).abs().toMillis() < 5_000, "then runs on from there");
    }

    @Test
    void movesFromManyThreadsAddUp() throws Exception {
        TestClock clock = new TestClock(START);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(START.plusMillis(8000), clock.instant());
    }
}
