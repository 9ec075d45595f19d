package org.adoptionkiosk.protocol;

import java.time.Instant;

/**
 * Retained health message on {@code kiosk/v1/{d}/status}. The last-will carries the same shape
 * with {@code online=false} and nothing else.
 *
 * @param mode              {@code event} or {@code office} (staff switch it on the kiosk)
 * @param openHelpRequests  presses of the help button staff have not yet marked answered
 * @param footfallToday     people the motion sensor counted passing the stand today
 */
public record DeviceStatus(
        String deviceId,
        boolean online,
        Long backlog,
        Instant oldestUnsyncedAt,
        Instant lastCaptureAt,
        Instant lastAckAt,
        String version,
        String eventId,
        Double temperatureC,
        Long diskFreeBytes,
        Long clockOffsetMillis,
        Instant sentAt,
        String mode,
        Integer openHelpRequests,
        Instant lastHelpRequestAt,
        Long footfallToday) {

    public static DeviceStatus offline(String deviceId) {
        return new DeviceStatus(deviceId, false, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
