package org.adoptionkiosk.hub.store;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.UUID;

/**
 * Something the hub could not accept, kept with its reason so nothing is silently dropped.
 *
 * @param payload      the raw payload as text, cut to {@link #MAX_PAYLOAD_CHARS}
 * @param payloadBytes the payload's original size
 */
public record DeadLetter(
        Instant receivedAt,
        String topic,
        String deviceId,
        UUID batchId,
        UUID recordId,
        String reason,
        String payload,
        long payloadBytes) {

    public static final int MAX_PAYLOAD_CHARS = 64 * 1024;
    public static final int MAX_TOPIC_CHARS = 512;
    public static final int MAX_REASON_CHARS = 1000;

    public DeadLetter {
        topic = Sql.truncate(topic == null ? "" : topic, MAX_TOPIC_CHARS);
        reason = Sql.truncate(reason == null ? "no reason given" : reason, MAX_REASON_CHARS);
        payload = Sql.truncate(payload, MAX_PAYLOAD_CHARS);
    }

    public static DeadLetter of(Instant receivedAt, String topic, String deviceId, UUID batchId, UUID recordId,
                                String reason, byte[] payload) {
        return new DeadLetter(receivedAt, topic, deviceId, batchId, recordId, reason, payloadText(payload),
                payload.length);
    }

    /**
     * The payload as storable text: only the first 64 KiB is decoded, bad UTF-8 becomes U+FFFD, and
     * NUL (which PostgreSQL text refuses) becomes U+FFFD too.
     */
    public static String payloadText(byte[] payload) {
        int len = Math.min(payload.length, MAX_PAYLOAD_CHARS * 4);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(payload, 0, len))
                    .toString();
        } catch (CharacterCodingException e) {
            text = "";
        }
        return Sql.truncate(text, MAX_PAYLOAD_CHARS).replace('\u0000', '\uFFFD');
    }
}
