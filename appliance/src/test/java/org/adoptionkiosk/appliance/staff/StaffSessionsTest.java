package org.adoptionkiosk.appliance.staff;

import org.adoptionkiosk.testkit.TestClock;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaffSessionsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-08-03T10:00:00Z"));
    private final StaffSessions sessions = new StaffSessions(clock, new SecureRandom());

    @Test
    void aSessionEndsAfterTwoMinutesWithoutAStaffAction() {
        StaffSessions.Session s = sessions.open();
        assertNotEquals(s.token(), s.csrf());
        clock.advance(Duration.ofSeconds(100));
        assertTrue(sessions.find(s.token()).isPresent());
        sessions.touch(s);
        clock.advance(Duration.ofSeconds(100));
        assertTrue(sessions.find(s.token()).isPresent(), "the action started the two minutes again");
        clock.advance(Duration.ofSeconds(21));
        assertTrue(sessions.find(s.token()).isEmpty(), "idle for over two minutes");
        assertTrue(sessions.find(s.token()).isEmpty());
    }

    @Test
    void onlyTheCurrentTokenOpensIt() {
        StaffSessions.Session first = sessions.open();
        StaffSessions.Session second = sessions.open();
        assertTrue(sessions.find(first.token()).isEmpty(), "a new sign-in replaces the old");
        assertTrue(sessions.find(second.token()).isPresent());
        assertTrue(sessions.find("forged").isEmpty());
        assertTrue(sessions.find(null).isEmpty());
        sessions.close();
        assertTrue(sessions.find(second.token()).isEmpty());
    }
}
