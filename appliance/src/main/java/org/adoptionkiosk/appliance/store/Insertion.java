package org.adoptionkiosk.appliance.store;

/**
 * What storing a record with a client's id came to.
 *
 * @param seq     the record's seq: new, or the one it was first stored with
 * @param outcome whether it was new, a repeat of the stored record, or a clash with it
 */
public record Insertion(long seq, Outcome outcome) {
    public enum Outcome {
        /** Stored now, forced to disk. */
        NEW,
        /** The same id and fingerprint were stored before: nothing new was written. */
        REPEAT,
        /** The id is stored with another fingerprint: nothing was written; seq is the stored one. */
        CONFLICT
    }
}
