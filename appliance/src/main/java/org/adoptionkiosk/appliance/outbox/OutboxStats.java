package org.adoptionkiosk.appliance.outbox;

import java.time.Instant;

/**
 * What the outbox holds, for status and the staff view.
 *
 * @param backlog          records captured but not yet acknowledged by the hub
 * @param oldestUnsyncedAt capture time of the first record still waiting, or null
 * @param lastCaptureAt    capture time of the newest record, or null
 * @param rejected         records the hub refused (dead-lettered there, kept here)
 * @param lastSyncedAt     when the hub last acknowledged a record, or null
 */
public record OutboxStats(long backlog, Instant oldestUnsyncedAt, Instant lastCaptureAt, long rejected,
                          Instant lastSyncedAt) {
}
