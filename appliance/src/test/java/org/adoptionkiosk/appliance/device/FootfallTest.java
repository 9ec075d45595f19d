package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.figures.KioskFigures;
import org.adoptionkiosk.appliance.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FootfallTest {
    @TempDir
    Path dir;

    @Test
    void oneVisitPerSpellOfMotionCountedByTheHour() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-08-03T10:59:50Z"));
        try (Database db = Database.open(dir)) {
            Footfall footfall = new Footfall(db, clock);
            assertTrue(footfall.motion());
            clock.advance(Duration.ofSeconds(3));
            assertFalse(footfall.motion(), "the same person still in front of the sensor");
            clock.advance(Duration.ofSeconds(10)); // 11:00:03
            assertTrue(footfall.motion());
            clock.advance(Duration.ofSeconds(30));
            assertTrue(footfall.motion());

            var today = new KioskFigures(db, clock, ZoneOffset.UTC).today(null);
            assertEquals(1, today.hours().get(10).footfall());
            assertEquals(2, today.hours().get(11).footfall());
            assertEquals(3, today.today().footfall());
        }
    }
}
