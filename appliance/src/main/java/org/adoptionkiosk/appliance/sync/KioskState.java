package org.adoptionkiosk.appliance.sync;

import java.time.Instant;

/**
 * What the rest of the kiosk adds to its status: the event records now carry, the mode staff set,
 * and the hardware's news (help requests, footfall).
 *
 * @param eventId the current event's id, or null (none set, or office mode)
 */
public record KioskState(String eventId, boolean officeMode, int openHelpRequests, Instant lastHelpRequestAt,
                         long footfallToday) {
    /** A kiosk with no event, no hardware news: for tests and the first moments of start-up. */
    public static KioskState of(String eventId) {
        return new KioskState(eventId, false, 0, null, 0);
    }
}
