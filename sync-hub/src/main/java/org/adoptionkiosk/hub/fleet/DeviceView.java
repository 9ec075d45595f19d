package org.adoptionkiosk.hub.fleet;

import java.time.Instant;
import java.util.List;

/** One kiosk as GET /api/devices shows it. */
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
        List<Gap> gaps,
        Long clockOffsetMillis,
        String version,
        String eventId,
        Instant statusAt) {

    /** Seqs {@code from}..{@code to} (inclusive) the hub has not received. */
    public record Gap(long from, long to) {
    }
}
