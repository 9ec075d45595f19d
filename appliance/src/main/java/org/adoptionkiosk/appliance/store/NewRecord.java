package org.adoptionkiosk.appliance.store;

import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;

import java.time.Instant;
import java.util.UUID;

/**
 * A validated, sealed record about to be stored; the store gives it its seq.
 *
 * @param fieldsJson the non-personal fields as JSON
 * @param sealed     the personal part sealed to the hub's key (base64), or null when there is none
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
        String sealed) {
}
