package org.adoptionkiosk.hub.fleet;

import java.time.Instant;

/**
 * One kiosk as its last status and batches left it: the few facts the hub's metrics watch.
 *
 * @param online           what its last status (or its last-will) said; null before any status
 * @param backlog          records waiting on the kiosk, as its last status said; null before any status
 * @param oldestUnsyncedAt capture time of the oldest of them; null when none waits
 * @param lastSeen         when the hub last heard from it (a batch, a status or its last-will)
 * @param atEvent          its last status said it stands at an event (event mode, with an event set)
 */
public record KioskHealth(String deviceId, Boolean online, Long backlog, Instant oldestUnsyncedAt, Instant lastSeen,
                          boolean atEvent) {
    /** The status's mode of a kiosk at an event (the other is {@code office}). */
    public static final String EVENT_MODE = "event";
}
