package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seeded fuzzing of every decode*: valid documents with members swapped for other JSON types and
 * number forms, deleted, added and doubled, and the bytes truncated, flipped or made invalid UTF-8.
 * Whatever comes in, decoding either refuses it with a {@link WireException} whose reason names a
 * member or the document (and never quotes a value), or gives a value that encodes to a document
 * decoding to an equal value: nothing is silently changed on the way through.
 *
 * <p>The seed is new every run and printed; rerun one with {@code -Dwire.fuzz.seed=N}, and set
 * the number of cases per document kind with {@code -Dwire.fuzz.cases=N}.
 */
class WireFuzzTest {
    private static final String SENTINEL = "zzsecret";
    private static final String[] RAW = {
            // numbers in every form JSON allows, and some it does not
            "0", "-0", "1", "-1", "1.0", "1.5", "-0.0", "1e0", "1E2", "1e-400", "0.1", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e400",
            "-1e400", "01", "+1", ".5", "1.", "NaN", "Infinity", "0x10",
            // strings
            "\"\"", "\" \"", "\"1\"", "\"1.5\"", "\"true\"", "\"null\"", "\"" + SENTINEL + "@example.org\"",
            "\"2026-08-05T10:15:30Z\"", "\"2026-08-05T10:15:30.5Z\"", "\"2026-08-05\"", "\"0001-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59.999999999Z\"", "\"8d0c6f0e-0000-4000-8000-000000000001\"", "\"cy\"", "\"en\"",
            "\"signin\"", "\"enquiry\"", "\"event\"", "\"office\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"",
            "\"Siân \\ud83d\\ude00\"", "\"kiosk-01\"", "\"" + SENTINEL + "\\n\\t\\\"\"",
            // everything else
            "true", "false", "null", "[]", "{}", "[1]", "[null]", "[\"" + SENTINEL + "\"]", "{\"a\":1}",
            "{\"" + SENTINEL + "@x\":1}", "[[[[1]]]]", "{\"a\":{\"b\":[1,2.5,\"x\",null,true]}}",
    };
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE},
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {0}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
    };

    private final WireCodec codec = new WireCodec();

    interface Decoder {
        Object decode(byte[] payload) throws WireException;
    }

    record Kind(String document, Decoder decoder, List<Object> valid) {
    }

    @Test
    void everyDecodeRefusesCleanlyOrRoundTrips() {
        long seed = Long.getLong("wire.fuzz.seed", new SecureRandom().nextLong());
        int cases = Integer.getInteger("wire.fuzz.cases", 2000);
        System.out.println("WireFuzzTest seed " + seed + " (rerun with -Dwire.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Set<String> names = memberNames();
        List<Kind> kinds = List.of(
                new Kind("batch", codec::decodeBatch, validBatches()),
                new Kind("ack", codec::decodeAck, List.of(WireDocs.ack(),
                        new Ack(UUID.randomUUID(), List.of(), List.of(), 0, Instant.parse("2026-01-01T00:00:00Z")))),
                new Kind("config", codec::decodeConfig, List.of(WireDocs.config(),
                        new DeviceConfig(1, DeviceConfig.MODE_OFFICE, null, null, null, null, true, null))),
                new Kind("status", codec::decodeStatus, List.of(WireDocs.status(), DeviceStatus.offline("kiosk-01"))),
                new Kind("sealed part", codec::decodeSealed, List.of(WireDocs.sealed(),
                        new SealedPersonal("Siân", null, null, null, null))));
        int refused = 0;
        int decoded = 0;
        for (Kind kind : kinds) {
            for (int i = 0; i < cases; i++) {
                Object valid = kind.valid().get(random.nextInt(kind.valid().size()));
                byte[] payload = mutate(random, valid);
                int n = i;
                Supplier<String> context = () -> "seed " + seed + ", " + kind.document() + " case " + n + ": "
                        + new String(payload, StandardCharsets.UTF_8);
                Object value;
                try {
                    value = kind.decoder().decode(payload);
                } catch (WireException e) {
                    checkReason(e.getMessage(), kind.document(), names, context);
                    refused++;
                    continue;
                } catch (Throwable t) {
                    throw new AssertionError("not a WireException: " + t + " (" + context.get() + ")", t);
                }
                decoded++;
                roundTrips(kind, value, context);
            }
        }
        System.out.printf("WireFuzzTest: %d refused, %d decoded, %.1f s of CPU%n", refused, decoded,
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9);
        assertTrue(refused > cases && decoded > cases / 10, "the mutations should give both outcomes");
    }

    private void roundTrips(Kind kind, Object value, Supplier<String> context) {
        try {
            if (value instanceof RecordBatch b) {
                for (KioskRecord r : b.records()) {
                    codec.problemWith(r);
                    codec.contentHash(r);
                }
            }
            Object again = kind.decoder().decode(codec.encode(value));
            assertEquals(value, again, () -> "silently changed on the way through (" + context.get() + ")");
        } catch (WireException e) {
            fail("decoded, but its own encoding is refused: " + e.getMessage() + " (" + context.get() + ")");
        } catch (RuntimeException e) {
            throw new AssertionError("a decoded value breaks: " + e + " (" + context.get() + ")", e);
        }
    }

    private static final Pattern MEMBER_FIRST = Pattern.compile(
            "^[A-Za-z0-9_$?-]+(\\[\\d+]|\\.[A-Za-z0-9_$?-]+)* (must|appears|is) ");
    private static final Pattern LEAKS = Pattern.compile("org\\.adoptionkiosk|java\\.|com\\.fasterxml");

    private static void checkReason(String reason, String document, Set<String> names, Supplier<String> context) {
        if (reason == null || reason.isBlank()) {
            fail("an empty reason (" + context.get() + ")");
        }
        if (reason.contains(SENTINEL)) {
            fail("the reason quotes the value: " + reason + " (" + context.get() + ")");
        }
        if (LEAKS.matcher(reason).find()) {
            fail("the reason shows code: " + reason + " (" + context.get() + ")");
        }
        // Either a known member or the document by name, or any member (a newer kiosk's too) by
        // its JSON path at the start: "records[3].seq must be ...", "x.y appears twice".
        boolean named = reason.contains(document) || MEMBER_FIRST.matcher(reason).find();
        for (String word : reason.split("[^A-Za-z]+")) {
            named |= names.contains(word);
        }
        if (!named) {
            fail("the reason names no member or document: " + reason + " (" + context.get() + ")");
        }
    }

    /** Every member name of every wire record, and the words the fields use. */
    private static Set<String> memberNames() {
        Set<String> names = new TreeSet<>(List.of("fields"));
        for (Class<?> c : List.of(RecordBatch.class, KioskRecord.class, Ack.class, Rejection.class,
                DeviceConfig.class, DeviceConfig.EventSpec.class, DeviceConfig.FormOptions.class,
                DeviceStatus.class, SealedPersonal.class)) {
            for (RecordComponent rc : c.getRecordComponents()) {
                names.add(rc.getName());
            }
        }
        return names;
    }

    private static List<Object> validBatches() {
        List<Object> out = new ArrayList<>();
        out.add(WireDocs.batch());
        KioskRecord r = WireDocs.record(9);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("localAuthority", "powys");
        fields.put("howHeard", "press");
        fields.put("big", 3_000_000_000L);
        fields.put("ratio", 0.25);
        KioskRecord signin = new KioskRecord(r.id(), 9, RecordType.SIGNIN, Instant.parse("1970-01-01T00:00:00.123456Z"),
                r.bootId(), 0, null, Lang.EN, WireCodec.SCHEMA, fields, null);
        out.add(new RecordBatch(WireCodec.SCHEMA, "kiosk-02", UUID.randomUUID(), r.bootId(), List.of(signin)));
        return out;
    }

    // --- mutations

    private static final Map<Object, JsonNode> TREES = new ConcurrentHashMap<>();

    private static byte[] mutate(Random random, Object valid) {
        JsonNode tree = TREES.computeIfAbsent(valid, WireDocs::tree);
        int kind = random.nextInt(20);
        if (kind < 12) {
            String text = treeEdit(random, tree, WireDocs.text(tree));
            int more = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
            for (int i = 0; i < more; i++) {
                text = treeEdit(random, WireDocs.readPlain(text), text);
            }
            return WireDocs.bytes(text);
        }
        byte[] bytes = WireDocs.bytes(WireDocs.text(tree));
        return switch (kind) {
            case 12, 13 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 14 -> {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                yield bytes;
            }
            case 15, 16 -> insert(bytes, random.nextInt(bytes.length + 1), BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
            case 17 -> {
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                yield noise;
            }
            case 18 -> WireDocs.bytes(WireDocs.text(tree) + pick(random, " x", "{}", " 1", ",", "]", "\n\n", " null",
                    "\"" + SENTINEL + "\"", "//", "\u00a0"));
            default -> WireDocs.bytes("[".repeat(2000 + random.nextInt(2000)));
        };
    }

    /** One change at a random member: replace, delete, add, or double it; returns the new text. */
    private static String treeEdit(Random random, JsonNode tree, String text) {
        if (tree == null || !tree.isContainerNode()) {
            return text;
        }
        List<String> pointers = new ArrayList<>();
        collect(tree, "", pointers);
        if (pointers.isEmpty()) {
            return WireDocs.text(tree);
        }
        String pointer = pointers.get(random.nextInt(pointers.size()));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode parent = tree.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String raw = RAW[random.nextInt(RAW.length)];
        switch (random.nextInt(6)) {
            case 0:
                if (parent instanceof ObjectNode o) {
                    ObjectNode copy = tree.deepCopy();
                    ((ObjectNode) copy.at(pointer.substring(0, pointer.lastIndexOf('/')))).remove(last);
                    return WireDocs.text(copy);
                }
                return WireDocs.with(tree, pointer, raw);
            case 1:
                if (parent instanceof ObjectNode) {
                    String name = pick(random, "newMember", "Seq", SENTINEL + "@x", "seq", "schema", "id", "");
                    return WireDocs.with(tree, pointer, WireDocs.text(parent.get(last)) + ",\""
                            + name + "\":" + raw);
                }
                if (parent instanceof ArrayNode) {
                    return WireDocs.with(tree, pointer, WireDocs.text(parent.get(Integer.parseInt(last))) + "," + raw);
                }
                return text;
            case 2:
                if (parent instanceof ObjectNode) {
                    // the same member twice, with its own value or another
                    return WireDocs.with(tree, pointer, WireDocs.text(parent.get(last)) + ",\"" + last + "\":"
                            + (random.nextBoolean() ? WireDocs.text(parent.get(last)) : raw));
                }
                return WireDocs.with(tree, pointer, raw);
            default:
                return WireDocs.with(tree, pointer, raw);
        }
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(name -> {
                if (!name.contains("/") && !name.contains("~")) {
                    out.add(at + "/" + name);
                    collect(o.get(name), at + "/" + name, out);
                }
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(at + "/" + i);
                collect(a.get(i), at + "/" + i, out);
            }
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] extra) {
        byte[] out = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(bytes, at, out, at + extra.length, bytes.length - at);
        return out;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
