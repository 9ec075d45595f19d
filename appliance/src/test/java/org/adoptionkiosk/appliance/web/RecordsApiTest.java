package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perTest(TestKiosk::in);

    @Test
    void signinAndEnquiryAreStoredSealedAndQueuedForTheHub() throws Exception {
        HttpResponse<String> signin = kiosk.get().postJson("""
                {"type":"signin","lang":"cy","fields":{"localAuthority":"isle-of-anglesey",
                 "privacyVersion":"2026-11","newsletterConsent":false}}""");
        assertEquals(201, signin.statusCode(), signin.body());
        JsonNode first = JSON.readTree(signin.body());
        assertEquals(1, first.get("seq").asLong());
        UUID signinId = UUID.fromString(first.get("id").asText());

        HttpResponse<String> enquiry = kiosk.get().postJson("""
                {"type":"enquiry","lang":"en","fields":{"localAuthority":"rhondda-cynon-taf","topic":"adopting",
                 "contactConsent":true,"privacyVersion":"2026-11","interests":["older-children"]},
                 "personal":{"name":"  Siân Jones ","email":"sian@example.org","postcode":"cf37 1aa"}}""");
        assertEquals(201, enquiry.statusCode(), enquiry.body());
        JsonNode second = JSON.readTree(enquiry.body());
        assertEquals(2, second.get("seq").asLong());
        UUID enquiryId = UUID.fromString(second.get("id").asText());
        assertEquals("no-store", enquiry.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", enquiry.headers().firstValue("X-Content-Type-Options").orElse(null));

        try (Connection c = kiosk.get().sql()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, type, lang, fields_json, sealed, synced_at FROM records WHERE id = ?")) {
                ps.setObject(1, signinId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getLong("seq"));
                    assertEquals("signin", rs.getString("type"));
                    assertEquals("cy", rs.getString("lang"));
                    assertEquals("isle-of-anglesey", JSON.readTree(rs.getString("fields_json"))
                            .get("localAuthority").asText());
                    assertNull(rs.getString("sealed"), "a sign-in without personal details has nothing to seal");
                    assertNull(rs.getObject("synced_at"));
                }
                ps.setObject(1, enquiryId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getLong("seq"));
                    String fields = rs.getString("fields_json");
                    assertFalse(fields.contains("sian"), "fields hold nothing personal");
                    JsonNode personal = JSON.readTree(kiosk.get().keys.open(rs.getString("sealed"), enquiryId));
                    assertEquals("Siân Jones", personal.get("name").asText(), "trimmed");
                    assertEquals("sian@example.org", personal.get("email").asText());
                    assertEquals("CF37 1AA", personal.get("postcode").asText());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, record_id FROM outbox ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
                assertEquals(signinId, rs.getObject(2, UUID.class));
                assertTrue(rs.next());
                assertEquals(2, rs.getLong(1));
                assertEquals(enquiryId, rs.getObject(2, UUID.class));
                assertFalse(rs.next());
            }
        }

        JsonNode status = JSON.readTree(kiosk.get().get("/api/status").body());
        assertEquals("kiosk-test", status.get("deviceId").asText());
        assertEquals(2, status.get("backlog").asLong());
        assertFalse(status.get("brokerConnected").asBoolean());
        assertNotNull(status.get("oldestUnsyncedAt").textValue());
        assertTrue(status.get("lastAckAt").isNull());
        assertEquals(0, status.get("rejected").asLong());
    }

    /** The sealed plaintext is SealedPersonal's wire JSON: its members in order, absent ones left out. */
    @Test
    void theSealedPartIsTheJsonOfSealedPersonal() throws Exception {
        HttpResponse<String> enquiry = kiosk.get().postJson("""
                {"type":"enquiry","lang":"cy","fields":{"localAuthority":"gwynedd","topic":"support",
                 "contactConsent":true,"privacyVersion":"2026-11"},
                 "personal":{"message":"Diolch","postcode":"ll55 4ur","phone":"01286 123456","email":"gwen@example.org",
                 "name":"Gwen"}}""");
        assertEquals(201, enquiry.statusCode(), enquiry.body());
        UUID enquiryId = UUID.fromString(JSON.readTree(enquiry.body()).get("id").asText());
        String opened = kiosk.get().keys.open(sealedOf(enquiryId), enquiryId);
        assertEquals("{\"name\":\"Gwen\",\"email\":\"gwen@example.org\",\"phone\":\"01286 123456\","
                + "\"postcode\":\"LL55 4UR\",\"message\":\"Diolch\"}", opened);
        assertEquals(new SealedPersonal("Gwen", "gwen@example.org", "01286 123456", "LL55 4UR", "Diolch"),
                new WireCodec().decodeSealed(opened.getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> signin = kiosk.get().postJson("""
                {"type":"signin","lang":"en","fields":{"localAuthority":"conwy","privacyVersion":"2026-11",
                 "newsletterConsent":true},"personal":{"email":"ceri@example.org"}}""");
        assertEquals(201, signin.statusCode(), signin.body());
        UUID signinId = UUID.fromString(JSON.readTree(signin.body()).get("id").asText());
        assertEquals("{\"email\":\"ceri@example.org\"}", kiosk.get().keys.open(sealedOf(signinId), signinId));
    }

    private String sealedOf(UUID id) throws Exception {
        try (Connection c = kiosk.get().sql();
             PreparedStatement ps = c.prepareStatement("SELECT sealed FROM records WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    @Test
    void sealedPartCannotBeOpenedAsAnotherRecord() throws Exception {
        HttpResponse<String> enquiry = kiosk.get().postJson("""
                {"type":"enquiry","lang":"cy","fields":{"localAuthority":"gwynedd","topic":"support",
                 "contactConsent":true,"privacyVersion":"2026-11"},
                 "personal":{"name":"Gwen","phone":"01286 123456"}}""");
        assertEquals(201, enquiry.statusCode(), enquiry.body());
        UUID id = UUID.fromString(JSON.readTree(enquiry.body()).get("id").asText());
        String sealed;
        try (Connection c = kiosk.get().sql();
             PreparedStatement ps = c.prepareStatement("SELECT sealed FROM records WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                sealed = rs.getString(1);
            }
        }
        assertEquals("01286 123456", JSON.readTree(kiosk.get().keys.open(sealed, id)).get("phone").asText());
        boolean opened;
        try {
            kiosk.get().keys.open(sealed, UUID.randomUUID());
            opened = true;
        } catch (java.security.GeneralSecurityException e) {
            opened = false;
        }
        assertFalse(opened, "the record id is the context: another id must not open it");
    }

    /** An overlong "/" (C0 AF) or a lone surrogate is not UTF-8: refused, never decoded into something else. */
    @Test
    void aBodyThatIsNotStrictUtf8IsRefusedAsBadEncoding() throws Exception {
        byte[] prefix = "{\"type\":\"signin\",\"lang\":\"cy\",\"fields\":{\"localAuthority\":\"gwynedd\",\"privacyVersion\":\"2026-11\"},\"personal\":{\"name\":\"A".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][]{{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}}) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            HttpResponse<String> r = kiosk.get().send(java.net.http.HttpRequest
                    .newBuilder(kiosk.get().uri("/api/records"))
                    .header("Content-Type", "application/json").header("Accept-Language", "cy")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("bad_encoding", JSON.readTree(r.body()).get("error").asText());
        }
        try (Connection c = kiosk.get().sql();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
            rs.next();
            assertEquals(0, rs.getLong(1));
        }
    }
}
