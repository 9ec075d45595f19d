package org.adoptionkiosk.appliance.store;

import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;

import java.time.Instant;
import java.util.UUID;

/**
 * A validated, sealed record about to be stored; the store gives it its seq.
 *
 * @param fieldsJson the non-personal fields as JSON
 * @param sealed      the personal part sealed to the hub's key (base64), or null when there is none
 * @param fingerprint a salted digest of what the visitor sent, when the id came from the client
 *                    (a repeat with the same id and fingerprint is the same capture); else null
 */
public record NewRecord(
        UUID id,
        RecordType type,
        Instant capturedAt,
        UUID bootId,
        long monoMillis,
        String eventId,
        Lang lang,
        int schema,
        String fieldsJson,
        String sealed,
        String fingerprint) {

    /** A record whose id the kiosk made itself: nobody can send it again. */
    public NewRecord(UUID id, RecordType type, Instant capturedAt, UUID bootId, long monoMillis, String eventId,
                     Lang lang, int schema, String fieldsJson, String sealed) {
        this(id, type, capturedAt, bootId, monoMillis, eventId, lang, schema, fieldsJson, sealed, null);
    }
}
