package org.adoptionkiosk.hub.fleet;

import java.time.Instant;
import java.util.List;

/**
 * One kiosk as GET /api/devices and the fleet pages show it: delivery progress from its batches,
 * everything its latest status said, and the config the hub last pushed to it.
 *
 * @param region               the region id the kiosk reports, as given (it may be one the regions
 *                             file does not know)
 * @param site                 the office id the kiosk reports, as given
 * @param timeSuspect          how many of its records at the hub have a suspect kiosk time (RecordTiming)
 * @param eventName            the current event's name and venue as its kiosks last reported them
 * @param footfallEvent        people this kiosk counted at its current event
 * @param configVersion        the hub config version the kiosk reports it applied
 * @param configError          why the kiosk could not apply the latest config (a code), or null
 * @param forgedAcks           acks the kiosk ignored since it started because the hub had not signed them
 * @param desiredConfigVersion the version of the config the hub last pushed to it, or null
 * @param configPublishedAt    when the broker took that config, or null while it waits to be sent
 */
public record DeviceView(
        String deviceId,
        Boolean online,
        Instant firstSeen,
        Instant lastSeen,
        Long backlog,
        Instant oldestUnsyncedAt,
        Instant lastCaptureAt,
        long contiguousSeq,
        long maxSeq,
        long records,
        long timeSuspect,
        List<Gap> gaps,
        Long clockOffsetMillis,
        String version,
        String eventId,
        Instant statusAt,
        String mode,
        Long openHelpRequests,
        Instant lastHelpRequestAt,
        Long footfallToday,
        Double temperatureC,
        Long diskFreeBytes,
        String region,
        String site,
        Long configVersion,
        String configError,
        Long forgedAcks,
        String eventName,
        String eventVenue,
        Long footfallEvent,
        Long desiredConfigVersion,
        Instant configPublishedAt) {

    /** Seqs {@code from}..{@code to} (inclusive) the hub has not received. */
    public record Gap(long from, long to) {
    }
}
