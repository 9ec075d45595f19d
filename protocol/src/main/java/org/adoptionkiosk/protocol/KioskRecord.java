package org.adoptionkiosk.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One sign-in or enquiry as it travels from kiosk to hub.
 *
 * @param id         made on the kiosk at capture; the hub stores idempotently on (deviceId, id)
 * @param seq        per-device, gap-free, never reused
 * @param capturedAt the kiosk's clock, which may be wrong (a Pi has no real-time clock)
 * @param bootId     the kiosk boot this record was captured in; with monoMillis it orders records
 *                   even when the wall clock jumps
 * @param monoMillis milliseconds since that boot (monotonic)
 * @param eventId    the event the kiosk was set to, or null
 * @param fields     only what figures need: no name, email, phone, full postcode or free text
 * @param sealed     the personal part, HPKE-sealed to the hub's public key (base64), or null
 * @param clockOffsetMillis the kiosk's estimate, when it made the record, of hub time minus kiosk time
 *                   (learnt from the {@code hubTime} of the hub's acks since its process started), or
 *                   null before its first ack; optional (schema 1: older kiosks leave it out). Stored
 *                   with the record at capture, so every resend carries the same value.
 */
public record KioskRecord(
        UUID id,
        long seq,
        RecordType type,
        Instant capturedAt,
        UUID bootId,
        long monoMillis,
        String eventId,
        Lang lang,
        int schema,
        Map<String, Object> fields,
        String sealed,
        Long clockOffsetMillis) {

    /** A record without a clock offset, as kiosks made them before it was added. */
    public KioskRecord(UUID id, long seq, RecordType type, Instant capturedAt, UUID bootId, long monoMillis,
                       String eventId, Lang lang, int schema, Map<String, Object> fields, String sealed) {
        this(id, seq, type, capturedAt, bootId, monoMillis, eventId, lang, schema, fields, sealed, null);
    }
}
