package org.adoptionkiosk.hub.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Which day a record counts on in the figures, and whether its kiosk clock looks wrong (a Pi has
 * no real-time clock, so a kiosk may capture with a clock far in the past or the future).
 */
public final class RecordTiming {
    public static final ZoneId FIGURES_ZONE = ZoneId.of("Europe/London");
    /** Nothing was captured before the system existed. */
    public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2024-01-01T00:00:00Z");
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    private RecordTiming() {
    }

    public static boolean isSuspect(Instant capturedAt, Instant hubNow) {
        return capturedAt.isBefore(EARLIEST_PLAUSIBLE) || capturedAt.isAfter(hubNow.plus(MAX_AHEAD));
    }

    /** The Europe/London date of capture, or of receipt when the capture time is implausible. */
    public static LocalDate figureDate(Instant capturedAt, Instant receivedAt) {
        Instant t = isSuspect(capturedAt, receivedAt) ? receivedAt : capturedAt;
        return t.atZone(FIGURES_ZONE).toLocalDate();
    }
}
