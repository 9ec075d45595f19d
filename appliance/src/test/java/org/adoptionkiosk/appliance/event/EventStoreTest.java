package org.adoptionkiosk.appliance.event;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStoreTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-08-01T09:00:00Z"));
    private static final LocalDate AUG_1 = LocalDate.of(2026, 8, 1);

    @Test
    void staffSetTheEventAndItOutlivesARestart() throws Exception {
        try (Database db = Database.open(dir)) {
            EventStore events = new EventStore(db, clock, null);
            assertNull(events.currentEventId());
            KioskEvent e = events.setEvent("  Eisteddfod Genedlaethol Llŷn ac Eifionydd ", "Pwllheli", AUG_1,
                    AUG_1.plusDays(7));
            assertEquals("eisteddfod-genedlaethol-llyn-ac-eifionydd-2026-08-01", e.id());
            assertEquals("Eisteddfod Genedlaethol Llŷn ac Eifionydd", e.name());
            assertEquals(e.id(), events.currentEventId());

            events.setOfficeMode(true);
            assertNull(events.currentEventId(), "office mode: records carry no event");
            assertEquals(e, events.current().event(), "the event is remembered for later");
        }
        try (Database db = Database.open(dir)) {
            EventStore events = new EventStore(db, clock, "ignored-now");
            assertTrue(events.current().officeMode());
            events.setOfficeMode(false);
            assertEquals("eisteddfod-genedlaethol-llyn-ac-eifionydd-2026-08-01", events.currentEventId());
            // Setting the same event again keeps its id; a new one takes over.
            assertEquals(events.currentEventId(), events.setEvent("Eisteddfod Genedlaethol Llŷn ac Eifionydd",
                    null, AUG_1, null).id());
            assertEquals("pride-cymru-2026-08-22", events.setEvent("Pride Cymru!", "Caerdydd",
                    LocalDate.of(2026, 8, 22), null).id());
        }
    }

    @Test
    void theCommandLinesEventSeedsAKioskThatHasNone() throws Exception {
        try (Database db = Database.open(dir)) {
            EventStore events = new EventStore(db, clock, "national-adoption-week-2026");
            assertEquals("national-adoption-week-2026", events.currentEventId());
            assertEquals(AUG_1, events.current().event().startsOn());
        }
    }

    @Test
    void badEventsAreRefusedWithTheFieldAtFault() throws Exception {
        try (Database db = Database.open(dir)) {
            EventStore events = new EventStore(db, clock, null);
            assertRefused("event_name_required", "name", () -> events.setEvent("  ", null, AUG_1, null));
            assertRefused("text_too_long", "name", () -> events.setEvent("x".repeat(121), null, AUG_1, null));
            assertRefused("text_too_long", "venue", () -> events.setEvent("Show", "y".repeat(121), AUG_1, null));
            assertRefused("text_invalid", "venue", () -> events.setEvent("Show", "a\u0007b", AUG_1, null));
            assertRefused("event_dates_invalid", "startsOn", () -> events.setEvent("Show", null, null, null));
            assertRefused("event_dates_invalid", "endsOn", () -> events.setEvent("Show", null, AUG_1, AUG_1.minusDays(1)));
            assertRefused("event_dates_invalid", "endsOn", () -> events.setEvent("Show", null, AUG_1, AUG_1.plusYears(1)));
            assertNull(events.currentEventId(), "nothing was set");
        }
    }

    private static void assertRefused(String code, String field, Runnable r) {
        EventRejected e = assertThrows(EventRejected.class, r::run);
        assertEquals(code, e.code());
        assertEquals(field, e.field());
    }

    @Test
    void idsAreSafeForTheWireWhateverTheName() {
        assertEquals("event-2026-08-01", EventStore.idFor("!!!", AUG_1));
        String long64 = EventStore.idFor("a".repeat(200), AUG_1);
        assertEquals(64, long64.length());
        assertTrue(long64.matches("[a-z0-9][a-z0-9-]*-2026-08-01"));
    }
}
