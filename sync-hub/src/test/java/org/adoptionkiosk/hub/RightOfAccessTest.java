package org.adoptionkiosk.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestClock;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.BOOT;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A person's right of access on a real hub: the central team finds one person's records by their
 * email (the keyed index an erasure uses) and downloads everything held about them as JSON and as a
 * Welsh-and-English PDF; nobody else's details are in either; every search and download is in the
 * audit log without the details searched for; only the central team may ask.
 */
class RightOfAccessTest {
    static final String D = "kiosk-access";
    static final String EVENT = Statuses.of(D).eventId;
    static final SealedPersonal SION = new SealedPersonal("Siôn Ŵyn", "Sion.Wyn@Example.org", "029 2000 1111",
            "LL55 1AA", "Ffoniwch fi ar ôl 5");
    static final SealedPersonal SION_AGAIN = new SealedPersonal("Siôn Ŵyn", "sion.wyn@example.org", "07700 900111",
            "LL55 1AA", "Second question about fostering to adopt");
    static final SealedPersonal IFAN = new SealedPersonal("Ifan Rhys-Lloyd", "ifan.rhys@example.net", "01970 623456",
            "SY23 3BB", "Galwch ddydd Mawrth os gwelwch yn dda");
    /** Everything of the other person: none of it may be in a download about Siôn. */
    static final List<String> IFANS = List.of("Ifan", "Rhys-Lloyd", "ifan.rhys@example.net", "01970 623456",
            "SY23 3BB", "Galwch ddydd Mawrth");

    final UUID first = UUID.randomUUID();
    final UUID second = UUID.randomUUID();
    final UUID signIn = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    KioskRecord record(TestSealer sealer, UUID id, long seq, RecordType type, String capturedAt, SealedPersonal p)
            throws Exception {
        Map<String, Object> fields = new HashMap<>();
        fields.put("localAuthority", "gwynedd");
        if (type == RecordType.ENQUIRY) {
            fields.put("topic", "adopting");
            fields.put("contactConsent", true);
            fields.put("preferredContact", "phone");
        } else {
            fields.put("newsletterConsent", true);
        }
        return new KioskRecord(id, seq, type, Instant.parse(capturedAt), BOOT, seq, EVENT, Lang.CY, WireCodec.SCHEMA,
                fields, sealer.seal(p, id));
    }

    private void load(HubFixture f) throws Exception {
        TestSealer sealer = new TestSealer(f.hub.publicKeyFile());
        try (RawMqtt kiosk = f.kiosk(D)) {
            kiosk.publishRetained(Topics.status(D), f.codec.encode(Statuses.of(D).build()));
            f.sendAndAwaitAck(kiosk, batch(D, List.of(
                    record(sealer, first, 1, RecordType.ENQUIRY, "2026-06-08T10:00:00Z", SION),
                    record(sealer, other, 2, RecordType.ENQUIRY, "2026-06-08T11:00:00Z", IFAN),
                    record(sealer, second, 3, RecordType.ENQUIRY, "2026-06-09T10:00:00Z", SION_AGAIN),
                    record(sealer, signIn, 4, RecordType.SIGNIN, "2026-06-09T10:30:00Z",
                            new SealedPersonal("Siôn", "SION.WYN@example.org", null, null, null)))));
        }
        Await.until("the kiosk's event to be known", () -> f.count("SELECT COUNT(*) FROM events WHERE event_id = ?",
                EVENT), n -> n == 1);
    }

    @Test
    void theDownloadsHoldEverythingAboutThePersonAndNothingOfAnyoneElse(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-06-10T09:00:00Z"));
        try (HubFixture f = new HubFixture(dir, Map.of(), clock)) {
            load(f);
            HubSession central = f.central();
            String path = "/enquiries/" + D + "/" + first;
            assertEquals(303, central.post(path + "/respond", Map.of("on", "2026-06-09", "method", "phone")).statusCode());
            assertEquals(303, central.post(path + "/close", Map.of("outcome", "information-sent")).statusCode());
            assertEquals(200, central.get(path).statusCode(), "opened once: a view in the audit log");

            String page = central.get("/access").body();
            assertTrue(page.contains("href=\"/access\""), "beside erasure in the central team's sections");
            assertTrue(page.contains("id=\"access-hint\""), page);

            HttpResponse<String> found = central.post("/access/find", Map.of("email", " sion.wyn@EXAMPLE.org "));
            assertEquals(200, found.statusCode());
            assertTrue(found.body().replace("&#39;", "'").contains(">Mae'r manylion hyn mewn 3 cofnod: 2 ymholiad a 1 cofrestriad.<"),
                    found.body());
            assertFalse(found.body().contains("Siôn"), "the search page shows counts, not details");

            // JSON
            HttpResponse<byte[]> json = central.postForBytes("/access/download",
                    Map.of("email", "sion.wyn@example.org", "format", "json"));
            assertEquals(200, json.statusCode());
            assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", json.headers().firstValue("Cache-Control").orElse(""));
            String disposition = json.headers().firstValue("Content-Disposition").orElse("");
            assertTrue(disposition.matches("attachment; filename=\"right-of-access-\\d{8}-\\d{6}\\.json\""), disposition);
            String text = new String(json.body(), StandardCharsets.UTF_8);
            for (String s : IFANS) {
                assertFalse(text.contains(s), "the other person's " + s + " is not in the JSON");
            }
            JsonNode root = f.codec.mapper().readTree(json.body());
            assertEquals("adoption-hub-right-of-access", root.path("kind").asText());
            assertEquals("central-test", root.path("madeBy").asText());
            Map<String, JsonNode> byId = new HashMap<>();
            root.path("records").forEach(r -> byId.put(r.path("recordId").asText(), r));
            assertEquals(Map.of(first.toString(), "enquiry", second.toString(), "enquiry", signIn.toString(), "signin"),
                    types(byId));
            JsonNode one = byId.get(first.toString());
            assertEquals("Siôn Ŵyn", one.at("/person/name").asText());
            assertEquals("Sion.Wyn@Example.org", one.at("/person/email").asText());
            assertEquals("029 2000 1111", one.at("/person/phone").asText());
            assertEquals("LL55 1AA", one.at("/person/postcode").asText());
            assertEquals("Ffoniwch fi ar ôl 5", one.at("/person/message").asText());
            assertEquals(D, one.path("kiosk").asText());
            assertEquals(EVENT, one.at("/event/id").asText());
            assertEquals("Eisteddfod Genedlaethol 2026", one.at("/event/name").asText());
            assertEquals("2026-06-08T10:00:00Z", one.path("madeOnKiosk").asText());
            assertEquals("adopting", one.at("/fields/topic").asText());
            assertEquals("region", one.at("/enquiry/queue/kind").asText());
            assertEquals("north-wales", one.at("/enquiry/queue/id").asText());
            assertEquals("Gogledd Cymru", one.at("/enquiry/queue/nameCy").asText());
            assertEquals("2026-06-15", one.at("/enquiry/firstResponseDue").asText());
            assertEquals("2026-06-09", one.at("/enquiry/firstResponse/on").asText());
            assertEquals("phone", one.at("/enquiry/firstResponse/method").asText());
            assertEquals("information-sent", one.at("/enquiry/outcome").asText());
            List<String> actions = new ArrayList<>();
            one.path("audit").forEach(a -> actions.add(a.path("action").asText()));
            assertEquals(List.of("respond", "outcome", "view"), actions, "the audit entries about the record, oldest first");
            assertTrue(byId.get(signIn.toString()).path("enquiry").isNull(), "a sign-in has no follow-up");
            assertEquals("Second question about fostering to adopt", byId.get(second.toString()).at("/person/message").asText());

            // PDF
            HttpResponse<byte[]> pdf = central.postForBytes("/access/download",
                    Map.of("email", "sion.wyn@example.org", "format", "pdf"));
            assertEquals(200, pdf.statusCode());
            assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", pdf.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(pdf.headers().firstValue("Content-Disposition").orElse("").endsWith(".pdf\""));
            String pdfText;
            try (PDDocument doc = Loader.loadPDF(pdf.body())) {
                pdfText = new PDFTextStripper().getText(doc);
            }
            assertTrue(pdfText.contains("Siôn Ŵyn"), "the name, Welsh letters and all:\n" + pdfText);
            assertTrue(pdfText.contains("Beth mae'r hyb yn ei gadw am berson"), pdfText);
            assertTrue(pdfText.contains("What the hub holds about a person"), pdfText);
            assertTrue(pdfText.contains("Manylion y person") && pdfText.contains("The person's details"), pdfText);
            assertTrue(pdfText.contains("Second question about fostering to adopt"), pdfText);
            assertTrue(pdfText.contains("Information sent"), "the outcome in words: " + pdfText);
            for (String s : IFANS) {
                assertFalse(pdfText.contains(s), "the other person's " + s + " is not in the PDF");
            }

            // The audit log: who and how many, never the details searched for.
            assertEquals(List.of("right-of-access search: 3 record(s) found"),
                    strings(f, "SELECT detail FROM audit_log WHERE action = 'access-search'"));
            assertEquals(6, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'access-export'"
                    + " AND username = 'central-test' AND record_id IN (?, ?, ?)", first, second, signIn));
            assertEquals(0, f.count("SELECT COUNT(*) FROM audit_log WHERE record_id = ? AND action LIKE 'access-%'",
                    other), "the other person's record was not given out");
            for (String detail : strings(f, "SELECT COALESCE(detail, '') FROM audit_log")) {
                String lower = detail.toLowerCase();
                assertFalse(lower.contains("sion") || lower.contains("1111") || lower.contains("example"), detail);
            }
        }
    }

    @Test
    void notFoundMalformedAndWhoMayAsk(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-06-10T09:00:00Z"));
        try (HubFixture f = new HubFixture(dir, Map.of(), clock)) {
            load(f);
            HubSession central = f.central();
            HttpResponse<String> none = central.post("/access/find", Map.of("email", "nobody@example.org"));
            assertEquals(200, none.statusCode(), "nobody found is an answer, not an error");
            assertTrue(none.body().contains("id=\"access-none\""), none.body());
            HttpResponse<byte[]> noDownload = central.postForBytes("/access/download",
                    Map.of("phone", "029 2999 9999", "format", "json"));
            assertEquals(200, noDownload.statusCode());
            assertTrue(new String(noDownload.body(), StandardCharsets.UTF_8).contains("id=\"access-none\""));
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'access-export' AND record_id IS NULL"));

            // Found by phone, written another way: only the first enquiry gave this number.
            HttpResponse<String> byPhone = central.post("/access/find", Map.of("phone", "+44 29 2000 1111"));
            assertTrue(byPhone.body().replace("&#39;", "'").contains(">Mae'r manylion hyn mewn 1 cofnod: 1 ymholiad a 0 cofrestriad.<"),
                    byPhone.body());

            for (Map<String, String> bad : List.of(Map.of("email", "not an email"), Map.of("email", "no-at-sign"),
                    Map.of("phone", "ring me"), Map.of("phone", "123"), Map.<String, String>of())) {
                HttpResponse<String> r = central.post("/access/find", bad);
                assertEquals(400, r.statusCode(), bad.toString());
                assertTrue(r.body().contains("id=\"access-error\""), r.body());
                assertEquals(400, central.postForBytes("/access/download", bad).statusCode(), bad.toString());
            }
            assertTrue(central.post("/access/find", Map.of("email", "x")).body()
                    .contains("Nid yw hwn yn edrych fel cyfeiriad e-bost"));

            assertEquals(403, central.postRaw("/access/download",
                    Map.of("email", "sion.wyn@example.org", "format", "json")).statusCode(), "no CSRF token, no download");
            assertEquals(405, central.get("/access/download").statusCode(), "never by an address");

            f.addUser("north-staff", Role.REGIONAL, Route.REGION, "north-wales");
            HubSession regional = f.session("north-staff");
            assertEquals(403, regional.get("/access").statusCode(), "right of access is for the central team");
            assertEquals(403, regional.post("/access/find", Map.of("email", "sion.wyn@example.org")).statusCode());
            HttpResponse<byte[]> refused = regional.postForBytes("/access/download",
                    Map.of("email", "sion.wyn@example.org", "format", "json"));
            assertEquals(403, refused.statusCode());
            assertFalse(new String(refused.body(), StandardCharsets.UTF_8).contains("Siôn"));
            assertFalse(regional.get("/figures").body().contains("href=\"/access\""), "not in a regional user's sections");
        }
    }

    private static Map<String, String> types(Map<String, JsonNode> byId) {
        Map<String, String> out = new HashMap<>();
        byId.forEach((id, r) -> out.put(id, r.path("type").asText()));
        return out;
    }

    private static List<String> strings(HubFixture f, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = f.hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
