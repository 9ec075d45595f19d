package org.adoptionkiosk.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class WireCodecTest {
    private final WireCodec codec = new WireCodec();

    static KioskRecord record(long seq, Map<String, Object> fields) {
        return new KioskRecord(UUID.randomUUID(), seq, RecordType.ENQUIRY, Instant.parse("2026-08-05T10:15:30Z"),
                UUID.randomUUID(), 1234, "eisteddfod-2026", Lang.CY, WireCodec.SCHEMA, fields, "c2VhbGVk");
    }

    @Test
    void batchRoundTripsThroughJson() throws Exception {
        KioskRecord r = record(7, Map.of("localAuthority", "gwynedd", "contactConsent", true));
        RecordBatch batch = new RecordBatch(WireCodec.SCHEMA, "kiosk-01", UUID.randomUUID(), r.bootId(), List.of(r));
        RecordBatch back = codec.decodeBatch(codec.encode(batch));
        assertEquals(batch, back);
        String json = new String(codec.encode(batch), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\":\"enquiry\""), json);
        assertTrue(json.contains("\"lang\":\"cy\""), json);
        assertTrue(json.contains("\"capturedAt\":\"2026-08-05T10:15:30Z\""), json);
    }

    @Test
    void contentHashIgnoresKeyOrderButNotContent() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("localAuthority", "powys");
        a.put("topic", "adopting");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("topic", "adopting");
        b.put("localAuthority", "powys");
        KioskRecord ra = record(1, a);
        KioskRecord rb = new KioskRecord(ra.id(), 1, ra.type(), ra.capturedAt(), ra.bootId(), ra.monoMillis(),
                ra.eventId(), ra.lang(), ra.schema(), b, ra.sealed());
        assertEquals(codec.contentHash(ra), codec.contentHash(rb));
        KioskRecord changed = new KioskRecord(ra.id(), 1, ra.type(), ra.capturedAt(), ra.bootId(), ra.monoMillis(),
                ra.eventId(), ra.lang(), ra.schema(), Map.of("localAuthority", "cardiff", "topic", "adopting"),
                ra.sealed());
        assertNotEquals(codec.contentHash(ra), codec.contentHash(changed));
    }

    @Test
    void malformedJsonIsAWireExceptionWithoutThePayload() {
        byte[] bad = "{\"schema\":1,\"deviceId\":\"secret@example.org".getBytes(StandardCharsets.UTF_8);
        WireException e = assertThrows(WireException.class, () -> codec.decodeBatch(bad));
        assertTrue(e.getMessage().startsWith("malformed batch JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("secret@example.org"), e.getMessage());
    }

    @Test
    void unknownSchemaIsRefused() {
        byte[] json = "{\"schema\":99,\"deviceId\":\"kiosk-01\",\"batchId\":\"8d0c6f0e-0000-4000-8000-000000000001\",\"records\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        WireException e = assertThrows(WireException.class, () -> codec.decodeBatch(json));
        assertTrue(e.getMessage().contains("unknown schema 99"), e.getMessage());
    }

    @Test
    void oversizeBatchIsRefusedBeforeParsing() {
        byte[] big = new byte[WireCodec.MAX_BATCH_BYTES + 1];
        WireException e = assertThrows(WireException.class, () -> codec.decodeBatch(big));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test
    void duplicateIdsInOneBatchAreRefused() {
        KioskRecord r = record(1, Map.of());
        RecordBatch batch = new RecordBatch(WireCodec.SCHEMA, "kiosk-01", UUID.randomUUID(), r.bootId(), List.of(r, r));
        WireException e = assertThrows(WireException.class, () -> codec.decodeBatch(codec.encode(batch)));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void recordProblemsNameTheField() {
        KioskRecord ok = record(3, Map.of("localAuthority", "conwy"));
        assertTrue(codec.problemWith(ok).isEmpty());
        KioskRecord noSeq = new KioskRecord(ok.id(), 0, ok.type(), ok.capturedAt(), ok.bootId(), 0, null, ok.lang(),
                1, ok.fields(), ok.sealed());
        assertEquals("seq must be 1 or more", codec.problemWith(noSeq).orElseThrow());
        KioskRecord unsealed = new KioskRecord(ok.id(), 3, RecordType.ENQUIRY, ok.capturedAt(), ok.bootId(), 0, null,
                ok.lang(), 1, ok.fields(), null);
        assertEquals("enquiry has no sealed contact details", codec.problemWith(unsealed).orElseThrow());
    }

    @Test
    void unknownTypeAndLangDecodeAsProblemsNotCrashes() throws Exception {
        String json = "{\"schema\":1,\"deviceId\":\"kiosk-01\",\"batchId\":\"8d0c6f0e-0000-4000-8000-000000000001\","
                + "\"records\":[{\"id\":\"8d0c6f0e-0000-4000-8000-000000000002\",\"seq\":1,\"type\":\"party\","
                + "\"capturedAt\":\"2026-01-01T00:00:00Z\",\"bootId\":\"8d0c6f0e-0000-4000-8000-000000000003\","
                + "\"lang\":\"fr\",\"schema\":1,\"fields\":{}}]}";
        RecordBatch batch = codec.decodeBatch(json.getBytes(StandardCharsets.UTF_8));
        assertEquals("unknown record type", codec.problemWith(batch.records().get(0)).orElseThrow());
    }

    @Test
    void topicsCarryTheDeviceId() {
        assertEquals("kiosk/v1/kiosk-01/records", Topics.records("kiosk-01"));
        assertEquals("kiosk-01", Topics.deviceIdOf("kiosk/v1/kiosk-01/records").orElseThrow());
        assertTrue(Topics.deviceIdOf("kiosk/v1/+/records").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Topics.records("a/#"));
    }

    @Test
    void aConfigRoundTripsAndABadModeIsRefused() throws Exception {
        DeviceConfig config = new DeviceConfig(7, DeviceConfig.MODE_EVENT,
                new DeviceConfig.EventSpec("Eisteddfod Genedlaethol", "Pontypridd",
                        java.time.LocalDate.parse("2026-08-01"), java.time.LocalDate.parse("2026-08-08")),
                new DeviceConfig.FormOptions(true, true, false), 30, null, false, Instant.parse("2026-07-30T09:00:00Z"));
        assertEquals(config, codec.decodeConfig(codec.encode(config)));
        WireException bad = assertThrows(WireException.class, () -> codec.decodeConfig(
                "{\"version\":1,\"mode\":\"party\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("event or office"), bad.getMessage());
        assertThrows(WireException.class, () -> codec.decodeConfig(
                "{\"version\":1,\"mode\":\"event\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSealedPartReadsBackAndItsTextNeverShowsTheDetails() throws Exception {
        SealedPersonal p = codec.decodeSealed("{\"name\":\"Siân\",\"email\":\"sian@example.org\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("Siân", p.name());
        assertNull(p.phone());
        assertFalse(p.toString().contains("Siân") || p.toString().contains("sian@"), p.toString());
        WireException e = assertThrows(WireException.class, () -> codec.decodeSealed(
                "{\"name\":\"Siân".getBytes(StandardCharsets.UTF_8)));
        assertFalse(e.getMessage().contains("Siân"), e.getMessage());
    }
}
