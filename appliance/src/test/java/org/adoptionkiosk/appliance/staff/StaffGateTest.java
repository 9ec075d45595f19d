package org.adoptionkiosk.appliance.staff;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaffGateTest {
    private static final String HASH = PinHash.hash("2468", 1_000, new SecureRandom());

    @TempDir
    Path dir;
    private Database db;
    private final TestClock clock = new TestClock(Instant.parse("2026-08-03T10:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void fiveWrongTriesLockThePadForAGrowingTime() {
        StaffGate gate = new StaffGate(db, clock, () -> HASH);
        for (int left = 4; left >= 1; left--) {
            StaffGate.Outcome o = gate.attempt("0000");
            assertFalse(o.ok());
            assertEquals(left, o.triesLeft());
            assertNull(o.lockedUntil());
        }
        StaffGate.Outcome fifth = gate.attempt("1111");
        assertEquals(clock.instant().plusSeconds(30), fifth.lockedUntil());

        // Locked: even the right PIN is refused until the time is up.
        clock.advance(Duration.ofSeconds(29));
        StaffGate.Outcome stillLocked = gate.attempt("2468");
        assertFalse(stillLocked.ok());
        assertEquals(fifth.lockedUntil(), stillLocked.lockedUntil());

        // Open again; five more wrong tries lock it for twice as long.
        clock.advance(Duration.ofSeconds(2));
        assertNull(gate.lockedUntil());
        for (int i = 0; i < 5; i++) {
            gate.attempt("0000");
        }
        assertEquals(clock.instant().plusSeconds(60), gate.lockedUntil());

        // The lock survives a restart of the kiosk.
        StaffGate afterRestart = new StaffGate(db, clock, () -> HASH);
        assertEquals(clock.instant().plusSeconds(60), afterRestart.lockedUntil());

        // The right PIN, once open, clears the count and the growth.
        clock.advance(Duration.ofSeconds(61));
        assertTrue(afterRestart.attempt("2468").ok());
        for (int i = 0; i < 5; i++) {
            afterRestart.attempt("0000");
        }
        assertEquals(clock.instant().plusSeconds(30), afterRestart.lockedUntil());
    }

    @Test
    void theLockGrowsToAnHourAtMost() {
        assertEquals(Duration.ofSeconds(30), StaffGate.lockFor(1));
        assertEquals(Duration.ofSeconds(60), StaffGate.lockFor(2));
        assertEquals(Duration.ofSeconds(120), StaffGate.lockFor(3));
        assertEquals(Duration.ofHours(1), StaffGate.lockFor(8));
        assertEquals(Duration.ofHours(1), StaffGate.lockFor(50));
    }

    @Test
    void withoutAPinNothingOpensIt() {
        StaffGate gate = new StaffGate(db, clock, () -> null);
        assertFalse(gate.isSetUp());
        assertFalse(gate.attempt("2468").ok());
    }
}
