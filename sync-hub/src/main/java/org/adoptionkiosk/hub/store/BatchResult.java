package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.Rejection;

import java.util.List;
import java.util.UUID;

/** What the hub committed for one batch: the content of its ack. */
public record BatchResult(List<UUID> accepted, List<Rejection> rejected, long contiguousSeq, int inserted) {
}
