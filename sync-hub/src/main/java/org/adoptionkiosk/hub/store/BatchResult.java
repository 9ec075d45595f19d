package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.RecordType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the hub committed for one batch: the content of its ack, and what it added.
 *
 * @param inserted       records stored for the first time (a resend adds none)
 * @param insertedByType those, by type
 * @param deadLettered   its records rejected and dead-lettered, by reason
 */
public record BatchResult(List<UUID> accepted, List<Rejection> rejected, long contiguousSeq, int inserted,
                          Map<RecordType, Integer> insertedByType, Map<DeadLetterReason, Integer> deadLettered) {
    public BatchResult {
        insertedByType = Map.copyOf(insertedByType);
        deadLettered = Map.copyOf(deadLettered);
    }

    /** A result that stored nothing: a refused batch's ack. */
    public BatchResult(List<UUID> accepted, List<Rejection> rejected, long contiguousSeq, int inserted) {
        this(accepted, rejected, contiguousSeq, inserted, Map.of(), Map.of());
    }
}
