package org.adoptionkiosk.hardware;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinsTest {
    @Test
    void theDefaultsAreTheDocumentedPins() {
        Pins pins = Pins.DEFAULTS;
        assertEquals(17, pins.lightRed());
        assertEquals(27, pins.lightGreen());
        assertEquals(22, pins.help());
        assertEquals(23, pins.motion());
        assertEquals(Duration.ofMillis(10), pins.debounce());
        assertEquals(Duration.ofMillis(300), pins.pressGuard());
        assertEquals(Pins.DEFAULTS, Pins.parse(""));
        assertEquals(Pins.DEFAULTS, Pins.parse(null));
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        Pins pins = Pins.parse(" light-red = 5, motion=26 ,debounce-ms=0");
        assertEquals(new Pins(5, 27, 22, 26, Duration.ZERO, Duration.ofMillis(300)), pins);
        assertEquals(new Pins(5, 6, 13, 19, Duration.ofMillis(20), Duration.ofMillis(500)),
                Pins.parse("light-red=5,light-green=6,help=13,motion=19,debounce-ms=20,press-guard-ms=500"));
    }

    @Test
    void theTextFormRoundTrips() {
        Pins pins = Pins.parse("help=4,press-guard-ms=250");
        assertEquals(pins, Pins.parse(pins.toString()));
        assertEquals("light-red=17,light-green=27,help=22,motion=23,debounce-ms=10,press-guard-ms=300",
                Pins.DEFAULTS.toString());
    }

    @Test
    void mistakesGetAOneLineMessageNamingThem() {
        assertMessage("light-red=17,green=27", "unknown key 'green'", "light-green");
        assertMessage("help", "'help' is not key=value");
        assertMessage("help=twenty", "help must be a whole number, not 'twenty'");
        assertMessage("motion=40", "motion=40 is not a usable BCM GPIO number (2-27)");
        assertMessage("help=1", "help=1 is not a usable BCM GPIO number");
        assertMessage("help=17", "BCM 17 is given to two parts");
        assertMessage("help=5,help=6", "'help' is given twice");
        assertMessage("debounce-ms=-1", "debounce-ms must be 0-1000, not -1");
        assertMessage("press-guard-ms=60000", "press-guard-ms must be 0-5000, not 60000");
    }

    private static void assertMessage(String overrides, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pins.parse(overrides));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
        assertTrue(e.getMessage().startsWith("pins: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
