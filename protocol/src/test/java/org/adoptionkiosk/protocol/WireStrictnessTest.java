package org.adoptionkiosk.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.adoptionkiosk.protocol.WireDocs.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The wire types are strict: a value of the wrong JSON type is refused, never coerced, and the
 * reason names the member (its JSON path) without quoting the value. One case per finding of the
 * outside fuzz run, plus the neighbours of each.
 */
class WireStrictnessTest {
    private final WireCodec codec = new WireCodec();

    /** Decoding refuses it, the reason names {@code member}, and the value never shows in the reason. */
    private static WireException refused(String member, Executable decode) {
        WireException e = assertThrows(WireException.class, decode, "should be refused: " + member);
        assertTrue(e.getMessage().contains(member), "reason should name " + member + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("zzsecret"), "reason quotes the value: " + e.getMessage());
        return e;
    }

    private WireException batchRefused(String member, String json) {
        return refused(member, () -> codec.decodeBatch(bytes(json)));
    }

    // --- evidence: schema "1" and 1.5 were accepted

    @Test
    void aStringSchemaIsRefused() {
        WireException e = batchRefused("schema", with(batch(), "/schema", "\"1\""));
        assertEquals("schema must be a whole number, not a string", e.getMessage());
        batchRefused("records[2].schema", with(batch(), "/records/2/schema", "\"1\""));
    }

    @Test
    void aFractionalSchemaIsRefused() {
        WireException e = batchRefused("schema", with(batch(), "/schema", "1.5"));
        assertEquals("schema must be a whole number, not a number with a fraction or exponent", e.getMessage());
        batchRefused("schema", with(batch(), "/schema", "1.0"));
        batchRefused("schema", with(batch(), "/schema", "1e0"));
    }

    // --- evidence: seq 1.5 and "1" were accepted

    @Test
    void aFractionalSeqIsRefused() {
        WireException e = batchRefused("records[3].seq", with(batch(), "/records/3/seq", "1.5"));
        assertEquals("records[3].seq must be a whole number, not a number with a fraction or exponent", e.getMessage());
    }

    @Test
    void aStringSeqIsRefused() {
        WireException e = batchRefused("records[3].seq", with(batch(), "/records/3/seq", "\"1\""));
        assertEquals("records[3].seq must be a whole number, not a string", e.getMessage());
        batchRefused("records[0].seq", with(batch(), "/records/0/seq", "\"zzsecret\""));
    }

    @Test
    void aStringOrFractionalMonoMillisIsRefused() {
        batchRefused("records[1].monoMillis", with(batch(), "/records/1/monoMillis", "\"1234\""));
        batchRefused("records[1].monoMillis", with(batch(), "/records/1/monoMillis", "12.5"));
    }

    @Test
    void aSeqBeyondALongIsRefusedNamingIt() {
        batchRefused("records[0].seq", with(batch(), "/records/0/seq", "99999999999999999999"));
        batchRefused("schema", with(batch(), "/schema", "2147483648"));
    }

    // --- evidence: capturedAt 0 was accepted

    @Test
    void aNumericCapturedAtIsRefused() {
        WireException e = batchRefused("records[0].capturedAt", with(batch(), "/records/0/capturedAt", "0"));
        assertTrue(e.getMessage().startsWith("records[0].capturedAt must be an ISO-8601 UTC time string"),
                e.getMessage());
        batchRefused("records[0].capturedAt", with(batch(), "/records/0/capturedAt", "1786011330000"));
        batchRefused("records[0].capturedAt", with(batch(), "/records/0/capturedAt", "1.5"));
    }

    @Test
    void aTimeStringNotInUtcIsoFormIsRefused() {
        for (String t : new String[] {"\"2026-08-05 10:15:30Z\"", "\"2026-08-05T10:15:30\"",
                "\"2026-08-05T10:15:30+01:00\"", "\"2026-13-05T10:15:30Z\"", "\"2026-02-30T10:15:30Z\"",
                "\"+10000-01-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"2026-08-05T24:00:00Z\"",
                "\"2026-08-05T23:59:60Z\"", "\"\"", "\"zzsecret\"", "[2026,8,5]"}) {
            batchRefused("records[0].capturedAt", with(batch(), "/records/0/capturedAt", t));
        }
    }

    @Test
    void timesInAcksStatusesAndConfigsAreJustAsStrict() {
        refused("hubTime", () -> codec.decodeAck(bytes(with(ack(), "/hubTime", "0"))));
        refused("lastCaptureAt", () -> codec.decodeStatus(bytes(with(status(), "/lastCaptureAt", "1786011330"))));
        refused("sentAt", () -> codec.decodeConfig(bytes(with(config(), "/sentAt", "0"))));
        refused("event.startsOn", () -> codec.decodeConfig(bytes(with(config(), "/event/startsOn", "20260801"))));
        refused("event.startsOn", () -> codec.decodeConfig(bytes(with(config(), "/event/startsOn", "[2026,8,1]"))));
    }

    // --- trailing garbage and duplicate keys

    @Test
    void trailingGarbageIsRefused() {
        String ok = text(tree(batch()));
        for (String tail : new String[] {" x", "{}", " 1", ",", "]", " \"zzsecret\""}) {
            WireException e = refused("batch", () -> codec.decodeBatch(bytes(ok + tail)));
            assertFalse(e.getMessage().contains("zzsecret"), e.getMessage());
        }
        refused("ack", () -> codec.decodeAck(bytes(text(tree(ack())) + "{}")));
    }

    @Test
    void aDuplicateKeyIsRefused() {
        String ok = text(tree(batch()));
        WireException e = batchRefused("records[0].seq", ok.replaceFirst("\"seq\":1,", "\"seq\":1,\"seq\":2,"));
        assertEquals("records[0].seq appears twice", e.getMessage());
        batchRefused("schema", ok.replaceFirst("\"schema\":1,", "\"schema\":1,\"schema\":1,"));
        batchRefused("records[0].fields.localAuthority", ok.replaceFirst("\"localAuthority\":\"gwynedd\"",
                "\"localAuthority\":\"gwynedd\",\"localAuthority\":\"powys\""));
        refused("contiguousSeq", () -> codec.decodeAck(bytes(text(tree(ack()))
                .replace("\"contiguousSeq\":2", "\"contiguousSeq\":2,\"contiguousSeq\":3"))));
    }

    // --- a boolean where a number goes, a number where a string goes

    @Test
    void aBooleanWhereANumberGoesIsRefused() {
        WireException e = batchRefused("records[0].monoMillis", with(batch(), "/records/0/monoMillis", "true"));
        assertEquals("records[0].monoMillis must be a whole number, not a boolean", e.getMessage());
        batchRefused("records[0].seq", with(batch(), "/records/0/seq", "false"));
        refused("contiguousSeq", () -> codec.decodeAck(bytes(with(ack(), "/contiguousSeq", "true"))));
        refused("version", () -> codec.decodeConfig(bytes(with(config(), "/version", "true"))));
        refused("backlog", () -> codec.decodeStatus(bytes(with(status(), "/backlog", "true"))));
        refused("temperatureC", () -> codec.decodeStatus(bytes(with(status(), "/temperatureC", "false"))));
    }

    @Test
    void aNumberWhereAStringGoesIsRefused() {
        WireException e = batchRefused("records[0].eventId", with(batch(), "/records/0/eventId", "2026"));
        assertEquals("records[0].eventId must be a string, not a whole number", e.getMessage());
        batchRefused("deviceId", with(batch(), "/deviceId", "1"));
        batchRefused("batchId", with(batch(), "/batchId", "1"));
        batchRefused("records[0].id", with(batch(), "/records/0/id", "5"));
        batchRefused("records[0].type", with(batch(), "/records/0/type", "1"));
        batchRefused("records[0].lang", with(batch(), "/records/0/lang", "0"));
        batchRefused("records[0].sealed", with(batch(), "/records/0/sealed", "1.5"));
        batchRefused("records[0].bootId", with(batch(), "/records/0/bootId", "true"));
        refused("rejected[0].reason", () -> codec.decodeAck(bytes(with(ack(), "/rejected/0/reason", "3"))));
        refused("mode", () -> codec.decodeConfig(bytes(with(config(), "/mode", "1"))));
        refused("version", () -> codec.decodeStatus(bytes(with(status(), "/version", "1.2"))));
    }

    @Test
    void aStringWhereABooleanGoesIsRefused() {
        refused("revoked", () -> codec.decodeConfig(bytes(with(config(), "/revoked", "\"true\""))));
        refused("revoked", () -> codec.decodeConfig(bytes(with(config(), "/revoked", "1"))));
        refused("formOptions.enquiry", () -> codec.decodeConfig(bytes(with(config(), "/formOptions/enquiry", "0"))));
        refused("online", () -> codec.decodeStatus(bytes(with(status(), "/online", "\"false\""))));
    }

    @Test
    void aUuidMustBeAUuidString() {
        for (String v : new String[] {"\"1-2-3-4-5\"", "\"\"", "\"zzsecret\"", "\"AAAAAAAAAAAAAAAAAAAAAA==\""}) {
            batchRefused("records[1].id", with(batch(), "/records/1/id", v));
        }
    }

    @Test
    void aNonFiniteNumberIsRefused() {
        refused("temperatureC", () -> codec.decodeStatus(bytes(with(status(), "/temperatureC", "1e400"))));
        batchRefused("records[0].fields", with(batch(), "/records/0/fields/consentVersion", "-1e999"));
    }

    @Test
    void theWrongShapeForAListOrObjectIsRefused() {
        batchRefused("records", with(batch(), "/records", "{}"));
        batchRefused("records", with(batch(), "/records", "\"\""));
        batchRefused("records[0].fields", with(batch(), "/records/0/fields", "[]"));
        batchRefused("records[0].fields", with(batch(), "/records/0/fields", "\"\""));
        refused("accepted", () -> codec.decodeAck(bytes(with(ack(), "/accepted", "\"8d0c6f0e-0000-4000-8000-000000000001\""))));
        refused("event", () -> codec.decodeConfig(bytes(with(config(), "/event", "\"\""))));
    }

    @Test
    void anExplicitNullWhereANumberGoesIsRefused() {
        batchRefused("records[0].monoMillis", with(batch(), "/records/0/monoMillis", "null"));
        batchRefused("schema", with(batch(), "/schema", "null"));
    }

    @Test
    void aDocumentThatIsNotUtf8IsRefused() {
        byte[] utf16 = text(tree(batch())).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        refused("batch", () -> codec.decodeBatch(utf16));
        byte[] overlong = bytes(with(batch(), "/records/0/eventId", "\"xx\""));
        String s = new String(overlong, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("\"xx\"") + 1;
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0x80;
        refused("batch", () -> codec.decodeBatch(overlong));
    }

    @Test
    void aLoneSurrogateOrNulInAStringIsRefused() {
        batchRefused("records[0].eventId", with(batch(), "/records/0/eventId", "\"a\\ud800b\""));
        batchRefused("records[0].eventId", with(batch(), "/records/0/eventId", "\"a\\u0000b\""));
        batchRefused("records[0].fields", with(batch(), "/records/0/fields/localAuthority", "\"\\udc00\""));
    }

    @Test
    void theSealedPartIsStrictAboutTypesButKeepsAVisitorsTextAsItCame() throws Exception {
        refused("phone", () -> codec.decodeSealed(bytes(with(sealed(), "/phone", "7700900000"))));
        refused("name", () -> codec.decodeSealed(bytes(with(sealed(), "/name", "[\"Siân\"]"))));
        SealedPersonal odd = new SealedPersonal("Siân\u0000", null, null, null, "\ud83d half \ud800");
        assertEquals(odd, codec.decodeSealed(codec.encode(odd)));
    }

    // --- what stays as it was

    @Test
    void aMissingSeqStillReadsAsZeroAndIsRejectedPerRecord() throws Exception {
        RecordBatch b = codec.decodeBatch(bytes(without(batch(), "/records/2/seq")));
        assertEquals(0, b.records().get(2).seq());
        assertEquals("seq must be 1 or more", codec.problemWith(b.records().get(2)).orElseThrow());
        assertTrue(codec.problemWith(b.records().get(1)).isEmpty());
    }

    @Test
    void unknownMembersAreStillTolerated() throws Exception {
        assertEquals(batch(), codec.decodeBatch(bytes(with(batch(), "/newerMember", "{\"a\":[1,2.5,\"x\"]}"))));
        assertEquals(batch(), codec.decodeBatch(bytes(with(batch(), "/records/0/queuedFor", "12.5"))));
        assertEquals(status(), codec.decodeStatus(bytes(with(status(), "/fanSpeed", "\"fast\""))));
    }

    @Test
    void anUnknownTypeOrLangStringIsStillAPerRecordProblem() throws Exception {
        RecordBatch b = codec.decodeBatch(bytes(with(batch(), "/records/0/type", "\"party\"")));
        assertEquals("unknown record type", codec.problemWith(b.records().get(0)).orElseThrow());
        b = codec.decodeBatch(bytes(with(batch(), "/records/0/lang", "\"fr\"")));
        assertEquals("lang must be cy or en", codec.problemWith(b.records().get(0)).orElseThrow());
    }

    @Test
    void wholeNumbersStillGoWhereFractionsMay() throws Exception {
        DeviceStatus s = codec.decodeStatus(bytes(with(status(), "/temperatureC", "48")));
        assertEquals(48.0, s.temperatureC());
    }

    @Test
    void validMessagesStillRoundTrip() throws Exception {
        assertEquals(batch(), codec.decodeBatch(codec.encode(batch())));
        assertEquals(ack(), codec.decodeAck(codec.encode(ack())));
        assertEquals(config(), codec.decodeConfig(codec.encode(config())));
        assertEquals(status(), codec.decodeStatus(codec.encode(status())));
        assertEquals(DeviceStatus.offline("kiosk-01"), codec.decodeStatus(codec.encode(DeviceStatus.offline("kiosk-01"))));
        assertEquals(sealed(), codec.decodeSealed(codec.encode(sealed())));
    }
}
