package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpDeskTest {
    @TempDir
    Path dir;

    @Test
    void pressesWhileOneIsOpenAreTheSameRequestUntilStaffAnswer() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-08-03T10:00:00Z"));
        try (Database db = Database.open(dir)) {
            HelpDesk help = new HelpDesk(db, clock);
            assertEquals(new HelpDesk.Summary(0, null, false), help.summary());
            assertTrue(help.raise());
            clock.advance(Duration.ofSeconds(5));
            assertFalse(help.raise(), "a second press while the first is open");
            HelpDesk.Summary open = help.summary();
            assertEquals(1, open.open());
            assertTrue(open.noteShowing());
            assertEquals(Instant.parse("2026-08-03T10:00:00Z"), open.lastRequestedAt());

            clock.advance(HelpDesk.NOTE_FOR);
            assertFalse(help.summary().noteShowing(), "the visitor's note does not stay up for ever");
            assertEquals(1, help.summary().open(), "but the request stays open for staff");

            assertEquals(1, help.answerAll());
            assertEquals(0, help.summary().open());
            HelpDesk.Request answered = help.recent(5).get(0);
            assertNotNull(answered.answeredAt());
            assertTrue(help.raise(), "a new press after an answer is a new request");
            assertEquals(2, help.recent(5).size());
        }
    }
}
