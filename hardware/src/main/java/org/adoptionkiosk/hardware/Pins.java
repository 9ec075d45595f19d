package org.adoptionkiosk.hardware;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which GPIO pins (BCM numbers, not physical pin numbers) the kiosk's parts are wired to, and how
 * the help button is debounced. The defaults and the wiring are in {@code hardware/README.md}.
 *
 * @param lightRed   the red LED (or the red leg of a bicolour LED); amber is red and green together
 * @param lightGreen the green LED (or the green leg)
 * @param help       the help button, wired to ground: pressed reads low (internal pull-up)
 * @param motion     the PIR sensor's output: motion reads high (internal pull-down)
 * @param debounce   Pi4J's input debounce for both inputs (filters contact bounce in the driver)
 * @param pressGuard after a help press, further presses within this time are ignored (a software
 *                   guard behind the driver's debounce, so one press is one press whatever the
 *                   driver does)
 */
public record Pins(int lightRed, int lightGreen, int help, int motion, Duration debounce, Duration pressGuard) {

    // Declared before DEFAULTS, which the constructor checks against them.
    // BCM 0 and 1 are the HAT ID EEPROM's I2C bus; 28 and up are not on the 40-pin header.
    private static final int LOWEST_PIN = 2;
    private static final int HIGHEST_PIN = 27;
    private static final Duration LONGEST_DEBOUNCE = Duration.ofSeconds(1);
    private static final Duration LONGEST_GUARD = Duration.ofSeconds(5);

    /** BCM 17, 27, 22, 23 = physical pins 11, 13, 15, 16: free of I2C, SPI, UART and the HAT EEPROM pins. */
    public static final Pins DEFAULTS =
            new Pins(17, 27, 22, 23, Duration.ofMillis(10), Duration.ofMillis(300));

    /** The keys {@link #parse} and {@link #with} accept, for help texts. */
    public static final String KEYS = "light-red, light-green, help, motion, debounce-ms, press-guard-ms";

    public Pins {
        checkPin("light-red", lightRed);
        checkPin("light-green", lightGreen);
        checkPin("help", help);
        checkPin("motion", motion);
        Set<Integer> seen = new HashSet<>();
        for (int pin : new int[] {lightRed, lightGreen, help, motion}) {
            if (!seen.add(pin)) {
                throw new IllegalArgumentException("pins: BCM " + pin + " is given to two parts; each part needs its own pin");
            }
        }
        checkDuration("debounce-ms", debounce, LONGEST_DEBOUNCE);
        checkDuration("press-guard-ms", pressGuard, LONGEST_GUARD);
    }

    /**
     * The defaults with overrides, e.g. {@code "light-red=5,light-green=6,help=13,motion=19"}
     * (the appliance's {@code --pins} option). Blank means the defaults.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad part
     */
    public static Pins parse(String overrides) {
        return DEFAULTS.with(overrides);
    }

    /** These pins with overrides in the {@link #parse} format. */
    public Pins with(String overrides) {
        Map<String, Integer> values = new LinkedHashMap<>();
        values.put("light-red", lightRed);
        values.put("light-green", lightGreen);
        values.put("help", help);
        values.put("motion", motion);
        values.put("debounce-ms", (int) debounce.toMillis());
        values.put("press-guard-ms", (int) pressGuard.toMillis());
        if (overrides != null && !overrides.isBlank()) {
            Set<String> given = new HashSet<>();
            for (String item : overrides.split(",")) {
                String entry = item.trim();
                int eq = entry.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("pins: '" + entry + "' is not key=value (keys: " + KEYS + ")");
                }
                String key = entry.substring(0, eq).trim();
                String value = entry.substring(eq + 1).trim();
                if (!values.containsKey(key)) {
                    throw new IllegalArgumentException("pins: unknown key '" + key + "' (keys: " + KEYS + ")");
                }
                if (!given.add(key)) {
                    throw new IllegalArgumentException("pins: '" + key + "' is given twice");
                }
                values.put(key, number(key, value));
            }
        }
        return new Pins(values.get("light-red"), values.get("light-green"), values.get("help"), values.get("motion"),
                Duration.ofMillis(values.get("debounce-ms")), Duration.ofMillis(values.get("press-guard-ms")));
    }

    /** The same format {@link #parse} reads, e.g. for the kiosk's status or a log line. */
    @Override
    public String toString() {
        return "light-red=" + lightRed + ",light-green=" + lightGreen + ",help=" + help + ",motion=" + motion
                + ",debounce-ms=" + debounce.toMillis() + ",press-guard-ms=" + pressGuard.toMillis();
    }

    private static int number(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pins: " + key + " must be a whole number, not '" + value + "'");
        }
    }

    private static void checkPin(String key, int pin) {
        if (pin < LOWEST_PIN || pin > HIGHEST_PIN) {
            throw new IllegalArgumentException("pins: " + key + "=" + pin + " is not a usable BCM GPIO number ("
                    + LOWEST_PIN + "-" + HIGHEST_PIN + ")");
        }
    }

    private static void checkDuration(String key, Duration value, Duration longest) {
        if (value == null || value.isNegative() || value.compareTo(longest) > 0) {
            throw new IllegalArgumentException("pins: " + key + " must be 0-" + longest.toMillis() + ", not "
                    + (value == null ? "missing" : value.toMillis()));
        }
    }
}
