package org.adoptionkiosk.protocol;

import java.time.Instant;

/**
 * Retained health message on {@code kiosk/v1/{d}/status}. The last-will carries the same shape
 * with {@code online=false} and nothing else.
 *
 * @param mode              {@code event} or {@code office} (staff switch it on the kiosk)
 * @param openHelpRequests  presses of the help button staff have not yet marked answered
 * @param footfallToday     people the motion sensor counted passing the stand today
 * @param eventName         the current event's name and venue, as staff or the hub set them
 * @param footfallEvent     people the motion sensor counted since the current event began
 * @param region            the region and site (hub or spoke office) the kiosk was provisioned for
 * @param configVersion     the version of the hub's config the kiosk last applied
 * @param configError       why the kiosk could not apply the hub's latest config (a code), or null
 * @param forgedAcks        acks the kiosk ignored since it started because the hub had not signed them
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
        Long footfallToday,
        String eventName,
        String eventVenue,
        Long footfallEvent,
        String region,
        String site,
        Long configVersion,
        String configError,
        Long forgedAcks) {

    /** A status from a kiosk that does not count forged acks (older kiosks, tests of other members). */
    public DeviceStatus(String deviceId, boolean online, Long backlog, Instant oldestUnsyncedAt, Instant lastCaptureAt,
                        Instant lastAckAt, String version, String eventId, Double temperatureC, Long diskFreeBytes,
                        Long clockOffsetMillis, Instant sentAt, String mode, Integer openHelpRequests,
                        Instant lastHelpRequestAt, Long footfallToday, String eventName, String eventVenue,
                        Long footfallEvent, String region, String site, Long configVersion, String configError) {
        this(deviceId, online, backlog, oldestUnsyncedAt, lastCaptureAt, lastAckAt, version, eventId, temperatureC,
                diskFreeBytes, clockOffsetMillis, sentAt, mode, openHelpRequests, lastHelpRequestAt, footfallToday,
                eventName, eventVenue, footfallEvent, region, site, configVersion, configError, null);
    }

    public static DeviceStatus offline(String deviceId) {
        return new DeviceStatus(deviceId, false, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
