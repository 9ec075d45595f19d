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
 * @param clockOffsetMillis the kiosk's estimate, at capture, of hub time minus kiosk time (from the
 *                    hub's acks since this process started), or null before the first ack; stored
 *                    with the record so every resend carries the same value
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
        String fingerprint,
        Long clockOffsetMillis) {

    /** A record with no clock offset known when it was captured. */
    public NewRecord(UUID id, RecordType type, Instant capturedAt, UUID bootId, long monoMillis, String eventId,
                     Lang lang, int schema, String fieldsJson, String sealed, String fingerprint) {
        this(id, type, capturedAt, bootId, monoMillis, eventId, lang, schema, fieldsJson, sealed, fingerprint, null);
    }

    /** A record whose id the kiosk made itself: nobody can send it again. */
    public NewRecord(UUID id, RecordType type, Instant capturedAt, UUID bootId, long monoMillis, String eventId,
                     Lang lang, int schema, String fieldsJson, String sealed) {
        this(id, type, capturedAt, bootId, monoMillis, eventId, lang, schema, fieldsJson, sealed, null);
    }
}
