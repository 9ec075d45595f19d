package org.adoptionkiosk.hub;

import org.adoptionkiosk.protocol.DeviceStatus;

import java.time.Instant;

/** Status messages as a kiosk sends them, with every member set; tests change what they look at. */
final class Statuses {
    String deviceId;
    boolean online = true;
    Long backlog = 0L;
    Instant oldestUnsyncedAt;
    Instant lastCaptureAt = Instant.parse("2026-08-05T10:00:00Z");
    String version = "1.0.0";
    String eventId = "eisteddfod-genedlaethol-2026-2026-08-01";
    Double temperatureC = 48.5;
    Long diskFreeBytes = 12_000_000_000L;
    Long clockOffsetMillis = 0L;
    String mode = "event";
    Integer openHelpRequests = 0;
    Instant lastHelpRequestAt;
    Long footfallToday = 10L;
    String eventName = "Eisteddfod Genedlaethol 2026";
    String eventVenue = "Pontypridd";
    Long footfallEvent = 40L;
    String region = "north-wales";
    String site = "north-wales-hub";
    Long configVersion;
    String configError;
    Long forgedAcks = 0L;
    /** The kiosk's time of sending: now when left null. */
    Instant sentAt;

    private Statuses(String deviceId) {
        this.deviceId = deviceId;
    }

    static Statuses of(String deviceId) {
        return new Statuses(deviceId);
    }

    DeviceStatus build() {
        return new DeviceStatus(deviceId, online, backlog, oldestUnsyncedAt, lastCaptureAt, null, version, eventId,
                temperatureC, diskFreeBytes, clockOffsetMillis, sentAt == null ? Instant.now() : sentAt, mode,
                openHelpRequests, lastHelpRequestAt, footfallToday, eventName, eventVenue, footfallEvent, region, site,
                configVersion, configError, forgedAcks);
    }
}
