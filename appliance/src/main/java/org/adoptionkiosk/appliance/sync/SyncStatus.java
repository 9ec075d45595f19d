package org.adoptionkiosk.appliance.sync;

import java.time.Instant;

/**
 * How far the kiosk is behind the hub, as the kiosk's status page shows it.
 *
 * @param oldestUnsyncedAgeSeconds seconds since the oldest waiting record was captured, or null
 * @param clockOffsetMillis        hub clock minus kiosk clock, from the last ack; null before one
 */
public record SyncStatus(
        String deviceId,
        String eventId,
        long backlog,
        Long oldestUnsyncedAgeSeconds,
        Instant oldestUnsyncedAt,
        Instant lastAckAt,
        boolean brokerConnected,
        Long clockOffsetMillis,
        long rejected,
        Instant lastCaptureAt,
        String version) {
}
