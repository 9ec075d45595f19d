package org.adoptionkiosk.hardware;

import java.util.Locale;

/** The kiosk's {@code hardware=pi|simulated|auto} choice. */
public enum HardwareMode {
    /** The Pi's GPIO through Pi4J; refuses to start on anything that is not a Raspberry Pi. */
    PI,
    /** The plain-Java {@link SimulatedBoard}, whatever the machine. */
    SIMULATED,
    /** The Pi's GPIO on a Raspberry Pi, the simulated board anywhere else. */
    AUTO;

    /**
     * @throws IllegalArgumentException with a one-line message listing the three choices
     */
    public static HardwareMode parse(String value) {
        if (value != null) {
            for (HardwareMode mode : values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("hardware: unknown mode '" + value + "' (use pi, simulated or auto)");
    }

    /** The lower-case name the option takes. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
