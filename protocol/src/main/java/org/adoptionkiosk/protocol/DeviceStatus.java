package org.adoptionkiosk.protocol;

import java.time.Instant;

/**
 * Retained health message on {@code kiosk/v1/{d}/status}. The last-will carries the same shape
 * with {@code online=false} and nothing else.
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
        Instant sentAt) {

    public static DeviceStatus offline(String deviceId) {
        return new DeviceStatus(deviceId, false, null, null, null, null, null, null, null, null, null, null);
    }
}
