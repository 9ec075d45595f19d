package org.adoptionkiosk.appliance.sync;

import java.time.Instant;

/**
 * What the rest of the kiosk adds to its status: the event records now carry, the mode staff or the
 * hub set, the hardware's news (help requests, footfall), and how the hub's config went.
 *
 * @param eventId       the current event's id, or null (none set, or office mode)
 * @param eventName     the current event's name and venue, null as {@code eventId} is
 * @param footfallEvent people counted on the current event's days so far, null as {@code eventId} is
 * @param configVersion the hub config version last applied, or null before the first
 * @param configError   why the hub's latest config was not all applied, or that the kiosk is revoked; else null
 */
public record KioskState(String eventId, boolean officeMode, int openHelpRequests, Instant lastHelpRequestAt,
                         long footfallToday, String eventName, String eventVenue, Long footfallEvent,
                         Long configVersion, String configError) {
    /** A kiosk with no event, no hardware news: for tests and the first moments of start-up. */
    public static KioskState of(String eventId) {
        return new KioskState(eventId, false, 0, null, 0, null, null, null, null, null);
    }
}
