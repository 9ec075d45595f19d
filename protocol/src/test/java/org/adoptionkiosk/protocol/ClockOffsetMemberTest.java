package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The record's optional {@code clockOffsetMillis}, as a kiosk sends it on the wire: carried through,
 * part of the content the hub's idempotency hash compares, absent from older kiosks' records (whose
 * hash does not change), and bounded to 100 years either way.
 */
class ClockOffsetMemberTest {
    private static final long HUNDRED_YEARS = 36_525L * 24 * 60 * 60 * 1000;
    private final WireCodec codec = new WireCodec();

    private static final String RECORD = """
            {"id":"5b7a2c1e-0000-4000-8000-000000000001","seq":1,"type":"signin",
             "capturedAt":"2023-08-05T10:15:30Z","bootId":"0b0b0b0b-0000-4000-8000-000000000001",
             "monoMillis":1234,"lang":"cy","schema":1,"fields":{"localAuthority":"gwynedd"}%s}""";

    private KioskRecord record(String offsetMember) throws WireException {
        String json = "{\"schema\":1,\"deviceId\":\"kiosk-01\",\"batchId\":\"8d0c6f0e-0000-4000-8000-000000000001\","
                + "\"records\":[" + RECORD.formatted(offsetMember) + "]}";
        return codec.decodeBatch(json.getBytes(StandardCharsets.UTF_8)).records().get(0);
    }

    private JsonNode tree(KioskRecord r) throws Exception {
        return codec.mapper().readTree(codec.encode(r));
    }

    @Test
    void theOffsetTravelsWithTheRecordAndAnOldKiosksRecordHasNone() throws Exception {
        KioskRecord with = record(",\"clockOffsetMillis\":94608000000");
        assertEquals(94_608_000_000L, tree(with).path("clockOffsetMillis").asLong(-1), "carried through");
        KioskRecord without = record("");
        assertFalse(tree(without).has("clockOffsetMillis"), "absent stays absent: old kiosks are unchanged");
        assertEquals(Optional.empty(), codec.problemWith(with));
        assertEquals(Optional.empty(), codec.problemWith(without));
    }

    @Test
    void theOffsetIsContentForTheIdempotencyHash() throws Exception {
        KioskRecord without = record("");
        KioskRecord with = record(",\"clockOffsetMillis\":3600000");
        KioskRecord again = record(",\"clockOffsetMillis\":3600000");
        KioskRecord other = record(",\"clockOffsetMillis\":3600001");
        assertEquals(codec.contentHash(with), codec.contentHash(again), "a resend of the stored record");
        assertNotEquals(codec.contentHash(with), codec.contentHash(without));
        assertNotEquals(codec.contentHash(with), codec.contentHash(other));
        // An old kiosk's record hashes as it always did: no member, so no change to its canonical JSON.
        ObjectNode legacy = (ObjectNode) tree(without);
        assertFalse(codec.canonicalJson(without).contains("clockOffsetMillis"));
        assertEquals(codec.canonicalJson(codec.mapper().treeToValue(legacy, KioskRecord.class)),
                codec.canonicalJson(without));
    }

    @Test
    void anOffsetOverAHundredYearsIsRefusedNamingTheMember() throws Exception {
        assertEquals(Optional.empty(), codec.problemWith(record(",\"clockOffsetMillis\":" + HUNDRED_YEARS)));
        assertEquals(Optional.empty(), codec.problemWith(record(",\"clockOffsetMillis\":-" + HUNDRED_YEARS)));
        for (String bad : new String[] {String.valueOf(HUNDRED_YEARS + 1), "-" + (HUNDRED_YEARS + 1),
                String.valueOf(Long.MIN_VALUE), String.valueOf(Long.MAX_VALUE)}) {
            Optional<String> problem = codec.problemWith(record(",\"clockOffsetMillis\":" + bad));
            assertTrue(problem.isPresent(), bad);
            assertTrue(problem.get().contains("clockOffsetMillis"), problem.get());
            assertFalse(problem.get().contains(bad), "reasons name members, never values");
        }
    }
}
