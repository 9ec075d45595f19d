package org.adoptionkiosk.hub.store;

import java.util.Locale;

/**
 * Why something became a dead letter, as a code from a fixed set: what the hub's metrics count by.
 * The dead letter itself keeps the full reason text (which may name a field); the code never says
 * more than its kind, so it can be a metric label.
 */
public enum DeadLetterReason {
    /** The topic names no valid device id. */
    TOPIC_INVALID,
    /** The payload is not a batch or status the hub can read (JSON, schema, limits). */
    UNREADABLE,
    /** The payload's device id is not the topic's. */
    DEVICE_MISMATCH,
    /** The device is revoked. */
    DEVICE_REVOKED,
    /** The hub could not store a batch for a reason that was not transient. */
    STORE_FAILED,
    /** One record of a batch broke a rule of the wire or the store. */
    RECORD_INVALID,
    /** One record's id is already stored with other content. */
    DIFFERENT_CONTENT,
    /** One record's seq is held by another record. */
    SEQ_TAKEN,
    /** A status message over the size limit. */
    STATUS_TOO_LARGE;

    /** The code as a metric label shows it: {@code seq_taken}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
