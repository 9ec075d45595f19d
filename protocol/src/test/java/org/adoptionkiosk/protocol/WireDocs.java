package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Valid wire documents for tests, and a way to put any raw JSON text (1e0, -0, "1", true ...) in
 * place of one member. Uses a plain ObjectMapper of its own, so the codec under test never shapes
 * the documents it is tested with.
 */
final class WireDocs {
    static final ObjectMapper PLAIN = new ObjectMapper();
    private static final WireCodec CODEC = new WireCodec();
    private static final String HOLE = "@@raw-value-goes-here@@";

    private WireDocs() {
    }

    static KioskRecord record(long seq) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("localAuthority", "gwynedd");
        fields.put("contactConsent", true);
        fields.put("interests", List.of("adopting", "fostering"));
        fields.put("consentVersion", 3);
        return new KioskRecord(UUID.fromString("8d0c6f0e-0000-4000-8000-0000000000" + String.format("%02d", seq % 100)),
                seq, RecordType.ENQUIRY, Instant.parse("2026-08-05T10:15:30Z"),
                UUID.fromString("8d0c6f0e-0000-4000-8000-00000000b001"), 1234 + seq, "eisteddfod-2026", Lang.CY,
                WireCodec.SCHEMA, fields, "c2VhbGVk");
    }

    static RecordBatch batch() {
        return new RecordBatch(WireCodec.SCHEMA, "kiosk-01", UUID.fromString("8d0c6f0e-0000-4000-8000-00000000ba01"),
                UUID.fromString("8d0c6f0e-0000-4000-8000-00000000b001"),
                List.of(record(1), record(2), record(3), record(4)));
    }

    static Ack ack() {
        return new Ack(UUID.fromString("8d0c6f0e-0000-4000-8000-00000000ba01"),
                List.of(record(1).id(), record(2).id()),
                List.of(new Rejection(record(3).id(), "seq must be 1 or more")), 2,
                Instant.parse("2026-08-05T10:15:31.250Z"));
    }

    static DeviceConfig config() {
        return new DeviceConfig(7, DeviceConfig.MODE_EVENT,
                new DeviceConfig.EventSpec("Eisteddfod Genedlaethol", "Pontypridd", LocalDate.parse("2026-08-01"),
                        LocalDate.parse("2026-08-08")),
                new DeviceConfig.FormOptions(true, true, false), 30, "pbkdf2-sha256$1$c2FsdA$aGFzaA", false,
                Instant.parse("2026-07-30T09:00:00Z"));
    }

    static DeviceStatus status() {
        Instant t = Instant.parse("2026-08-05T10:00:00Z");
        return new DeviceStatus("kiosk-01", true, 7L, t, t, t, "1.2.3", "eisteddfod-2026", 48.5, 1_000_000L, -1500L,
                t, "event", 1, t, 42L, "Eisteddfod", "Pontypridd", 40L, "north-wales", "north-wales-hub", 3L, null);
    }

    static SealedPersonal sealed() {
        return new SealedPersonal("Siân", "sian@example.org", "07700 900000", "LL55 1AA", "Hoffwn wybod mwy");
    }

    /** A plain (Jackson default) tree of a message, for mutating. */
    static JsonNode tree(Object message) {
        try {
            return PLAIN.readTree(CODEC.encode(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain tree of JSON text, or null when the text no longer parses (after earlier edits). */
    static JsonNode readPlain(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    static String text(JsonNode tree) {
        try {
            return PLAIN.writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document with the member at {@code pointer} (e.g. /records/3/seq) replaced by raw JSON text. */
    static String with(Object message, String pointer, String rawJson) {
        return with(tree(message), pointer, rawJson);
    }

    static String with(JsonNode tree, String pointer, String rawJson) {
        JsonNode copy = tree.deepCopy();
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(p.head());
        String last = p.last().getMatchingProperty();
        if (parent instanceof ObjectNode o) {
            o.put(last, HOLE);
        } else if (parent instanceof ArrayNode a) {
            a.set(p.last().getMatchingIndex(), a.textNode(HOLE));
        } else {
            throw new IllegalArgumentException("no member at " + pointer);
        }
        return text(copy).replace("\"" + HOLE + "\"", rawJson);
    }

    /** The document without the member at {@code pointer}. */
    static String without(Object message, String pointer) {
        JsonNode copy = tree(message).deepCopy();
        JsonPointer p = JsonPointer.compile(pointer);
        ((ObjectNode) copy.at(p.head())).remove(p.last().getMatchingProperty());
        return text(copy);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
