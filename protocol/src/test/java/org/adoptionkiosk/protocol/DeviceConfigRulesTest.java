package org.adoptionkiosk.protocol;

import org.adoptionkiosk.protocol.DeviceConfig.EventSpec;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one place the config's and the event's limits are decided: what each field may hold. */
class DeviceConfigRulesTest {
    private static final LocalDate AUG_1 = LocalDate.of(2026, 8, 1);
    private static final String PIN_HASH = "pbkdf2-sha256$600000$" + "c".repeat(24) + "$" + "h".repeat(44);

    private static Map<String, String> event(String name, String venue, LocalDate starts, LocalDate ends) {
        return new EventSpec(name, venue, starts, ends).validate();
    }

    private static DeviceConfig config(String mode, DeviceConfig.FormOptions options, Integer retention, String pin) {
        return new DeviceConfig(1, mode, null, options, retention, pin, false, null);
    }

    @Test
    void anEventNeedsANameAndAFirstDayAndKeepsItsTextShort() {
        assertEquals(Map.of(), event("Eisteddfod", "Pontypridd", AUG_1, AUG_1.plusDays(7)));
        assertEquals(Map.of(), event("x".repeat(EventSpec.MAX_TEXT), null, AUG_1, null));
        assertEquals(Map.of("name", DeviceConfig.REQUIRED), event("  ", null, AUG_1, null));
        assertEquals(Map.of("name", DeviceConfig.TOO_LONG), event("x".repeat(EventSpec.MAX_TEXT + 1), null, AUG_1, null));
        assertEquals(Map.of("venue", DeviceConfig.TOO_LONG), event("Sioe", "y".repeat(121), AUG_1, null));
        assertEquals(Map.of("venue", DeviceConfig.INVALID_TEXT), event("Sioe", "a\u0007b", AUG_1, null));
        assertEquals(Map.of("startsOn", DeviceConfig.REQUIRED), event("Sioe", null, null, null));
        assertEquals(Map.of("startsOn", DeviceConfig.OUT_OF_RANGE), event("Sioe", null, LocalDate.of(1999, 12, 31), null));
    }

    @Test
    void theLastDayIsOnOrAfterTheFirstAndAtMost31DaysLater() {
        assertEquals(31, EventSpec.MAX_DAYS_AFTER_FIRST);
        assertEquals(Map.of(), event("Sioe", null, AUG_1, AUG_1));
        assertEquals(Map.of(), event("Sioe", null, AUG_1, AUG_1.plusDays(31)));
        assertEquals(Map.of("endsOn", DeviceConfig.TOO_MANY_DAYS), event("Sioe", null, AUG_1, AUG_1.plusDays(32)));
        assertEquals(Map.of("endsOn", DeviceConfig.BEFORE_START), event("Sioe", null, AUG_1, AUG_1.minusDays(1)));
    }

    @Test
    void textIsCheckedAndKeptAsTheKioskKeepsIt() {
        EventSpec spaced = new EventSpec("  Sioe\u0301  ", "   ", AUG_1, null).normalized();
        assertEquals("Sio\u00e9", spaced.name(), "trimmed, and NFC joins the accent");
        assertNull(spaced.venue(), "nothing left is no venue");
        assertEquals(Map.of(), event(" " + "x".repeat(EventSpec.MAX_TEXT) + "\n", null, AUG_1, null),
                "the limit counts what is kept, not the spaces around it");
    }

    @Test
    void retentionIsADayToAYear() {
        assertEquals(Map.of(), config(null, null, 1, null).validate());
        assertEquals(Map.of(), config(null, null, 365, null).validate());
        assertEquals(Map.of("retentionDays", DeviceConfig.OUT_OF_RANGE), config(null, null, 0, null).validate());
        assertEquals(Map.of("retentionDays", DeviceConfig.OUT_OF_RANGE), config(null, null, 366, null).validate());
        assertEquals(Map.of("retentionDays", DeviceConfig.OUT_OF_RANGE), config(null, null, 3650, null).validate());
    }

    @Test
    void theOtherMembersAreCheckedOnlyWhenGiven() {
        assertEquals(Map.of(), config(null, null, null, null).validate());
        assertEquals(Map.of(), config(DeviceConfig.MODE_OFFICE, new DeviceConfig.FormOptions(false, true, null), null,
                PIN_HASH).validate());
        assertEquals(Map.of("mode", DeviceConfig.UNKNOWN_MODE), config("party", null, null, null).validate());
        assertEquals(Map.of("formOptions", DeviceConfig.NO_VISITOR_PATH),
                config(null, new DeviceConfig.FormOptions(false, false, true), null, null).validate());
        assertEquals(Map.of(), config(null, new DeviceConfig.FormOptions(false, null, true), null, null).validate(),
                "a null path is the kiosk's own: the kiosk decides with what it has");
        assertEquals(Map.of("staffPinHash", DeviceConfig.MALFORMED),
                config(null, null, null, "pbkdf2-sha256$600000$short$short").validate());
        assertEquals(Map.of("staffPinHash", DeviceConfig.MALFORMED),
                config(null, null, null, PIN_HASH + "h".repeat(DeviceConfig.MAX_STAFF_PIN_HASH_CHARS)).validate());
    }

    @Test
    void anEventsProblemsAreNamedByItsMemberAndEveryProblemIsKept() {
        DeviceConfig config = new DeviceConfig(1, "party", new EventSpec(null, null, AUG_1, AUG_1.minusDays(1)),
                null, 0, null, false, null);
        assertEquals(Map.of("mode", DeviceConfig.UNKNOWN_MODE, "event.name", DeviceConfig.REQUIRED,
                "event.endsOn", DeviceConfig.BEFORE_START, "retentionDays", DeviceConfig.OUT_OF_RANGE), config.validate());
    }

    @Test
    void thePagesGetTheSameNumbers() {
        Map<String, Integer> limits = DeviceConfig.limits();
        assertEquals(EventSpec.MAX_TEXT, limits.get("eventTextChars"));
        assertEquals(EventSpec.MAX_DAYS_AFTER_FIRST, limits.get("eventDaysAfterFirst"));
        assertEquals(1, limits.get("minRetentionDays"));
        assertEquals(365, limits.get("maxRetentionDays"));
    }

    @Test
    void aPinHashHasTheKiosksShape() {
        assertTrue(DeviceConfig.isStaffPinHash(PIN_HASH));
        assertFalse(DeviceConfig.isStaffPinHash("md5$abc$def"));
        assertFalse(DeviceConfig.isStaffPinHash(null));
    }
}
