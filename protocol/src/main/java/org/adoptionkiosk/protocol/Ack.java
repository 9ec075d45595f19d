package org.adoptionkiosk.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The hub's answer to a batch, sent only after the hub committed it.
 *
 * @param contiguousSeq the highest seq up to which the hub holds every record of the device
 * @param hubTime       the hub's clock when it sent the ack, so the kiosk learns its clock offset
 */
public record Ack(UUID batchId, List<UUID> accepted, List<Rejection> rejected, long contiguousSeq, Instant hubTime) {
}
