package org.adoptionkiosk.appliance.web;

import org.adoptionkiosk.testkit.Await;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The staff dashboard's API over real HTTP: PIN, session cookie, CSRF, and what staff can do. */
class StaffApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();
    private static final String PIN = "2468";

    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perTest(dir -> TestKiosk.in(dir, TestKiosk.staffPin(PIN)));
    private String cookie;
    private String csrf;

    private HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        return call(kiosk.get(), method, path, body, headers);
    }

    private static HttpResponse<String> call(TestKiosk target, String method, String path, String body,
                                              Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return target.send(b.build());
    }

    /** A POST as the staff page makes it: from this kiosk's origin, with the session and its token. */
    private HttpResponse<String> staff(String path, String body) throws Exception {
        return staff(kiosk.get(), path, body);
    }

    private HttpResponse<String> staff(TestKiosk target, String path, String body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Origin", "http://127.0.0.1:" + target.appliance.httpPort());
        if (cookie != null) {
            h.put("Cookie", cookie);
        }
        if (csrf != null) {
            h.put("X-CSRF-Token", csrf);
        }
        return call(target, "POST", path, body, h);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null, cookie == null ? Map.of() : Map.of("Cookie", cookie));
    }

    private void signIn() throws Exception {
        HttpResponse<String> ok = staff("/staff/api/login", "{\"pin\":\"" + PIN + "\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/staff"), setCookie);
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrf = JSON.readTree(ok.body()).get("csrf").asText();
        assertEquals(120, JSON.readTree(ok.body()).get("idleSeconds").asInt());
    }

    @Test
    void aWrongPinSaysHowManyTriesAreLeftInTheStaffsLanguage() throws Exception {
        Map<String, String> welsh = Map.of("Origin", "http://127.0.0.1:" + kiosk.get().appliance.httpPort(),
                "Accept-Language", "cy");
        HttpResponse<String> wrong = call("POST", "/staff/api/login", "{\"pin\":\"1357\"}", welsh);
        assertEquals(401, wrong.statusCode());
        JsonNode body = JSON.readTree(wrong.body());
        assertEquals("wrong_pin", body.get("error").asText());
        assertEquals(4, body.get("triesLeft").asInt());
        assertEquals(MESSAGES.get(Lang.CY, "staff.error.wrong_pin").replace("{tries}", "4"), body.get("message").asText());
        for (int i = 0; i < 4; i++) {
            call("POST", "/staff/api/login", "{\"pin\":\"1357\"}", welsh);
        }
        HttpResponse<String> locked = call("POST", "/staff/api/login", "{\"pin\":\"" + PIN + "\"}", welsh);
        assertEquals(429, locked.statusCode(), "locked: even the right PIN waits");
        assertTrue(Integer.parseInt(locked.headers().firstValue("Retry-After").orElseThrow()) > 25);
        assertEquals("locked", JSON.readTree(locked.body()).get("error").asText());
    }

    @Test
    void changesNeedTheSessionTheTokenAndThisKiosksOwnPage() throws Exception {
        assertEquals(401, get("/staff/api/dashboard").statusCode(), "no session");
        signIn();
        String event = "{\"name\":\"Diwrnod Mabwysiadu\",\"venue\":\"Aberystwyth\",\"startsOn\":\"2026-11-22\"}";

        String token = csrf;
        csrf = null;
        HttpResponse<String> noToken = staff("/staff/api/event", event);
        assertEquals(403, noToken.statusCode());
        assertEquals("csrf", JSON.readTree(noToken.body()).get("error").asText());
        csrf = "forged";
        assertEquals(403, staff("/staff/api/event", event).statusCode());
        csrf = token;

        HttpResponse<String> elsewhere = call("POST", "/staff/api/event", event,
                Map.of("Origin", "http://evil.example", "Cookie", cookie, "X-CSRF-Token", csrf));
        assertEquals(403, elsewhere.statusCode());
        assertEquals("not_this_kiosk", JSON.readTree(elsewhere.body()).get("error").asText());

        HttpResponse<String> set = staff("/staff/api/event", event);
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("diwrnod-mabwysiadu-2026-11-22", JSON.readTree(set.body()).at("/event/id").asText());

        // Every record from now on carries the event.
        kiosk.get().postJson("{\"type\":\"signin\",\"lang\":\"cy\",\"fields\":{\"localAuthority\":\"ceredigion\","
                + "\"privacyVersion\":\"2026-11\"}}");
        assertEquals("diwrnod-mabwysiadu-2026-11-22", lastEventId());
        assertEquals(200, staff("/staff/api/mode", "{\"office\":true}").statusCode());
        kiosk.get().postJson("{\"type\":\"signin\",\"lang\":\"en\",\"fields\":{\"localAuthority\":\"powys\","
                + "\"privacyVersion\":\"2026-11\"}}");
        assertNull(lastEventId(), "office mode: no event");

        HttpResponse<String> badEvent = staff("/staff/api/event", "{\"name\":\"\",\"startsOn\":\"2026-11-22\"}");
        assertEquals(400, badEvent.statusCode());
        assertEquals("name", JSON.readTree(badEvent.body()).get("field").asText());

        assertEquals(204, staff("/staff/api/logout", null).statusCode());
        assertEquals(401, get("/staff/api/dashboard").statusCode(), "signed out");
        assertEquals(401, staff("/staff/api/sync", null).statusCode());
    }

    private String lastEventId() throws Exception {
        try (Connection c = kiosk.get().sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM records ORDER BY seq DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theDashboardCountsAndTheDemoHardwareWorks() throws Exception {
        for (String la : new String[]{"gwynedd", "conwy"}) {
            kiosk.get().postJson("{\"type\":\"signin\",\"lang\":\"cy\",\"fields\":{\"localAuthority\":\"" + la
                    + "\",\"privacyVersion\":\"2026-11\"}}");
        }
        kiosk.get().postJson("""
                {"type":"enquiry","lang":"en","fields":{"localAuthority":"cardiff","topic":"adopting",
                 "contactConsent":true,"privacyVersion":"2026-11"},"personal":{"name":"Alex","email":"alex@example.org"}}""");
        signIn();
        assertEquals(204, staff("/staff/api/simulate", "{\"what\":\"motion\"}").statusCode());
        assertEquals(204, staff("/staff/api/simulate", "{\"what\":\"help\"}").statusCode());
        assertEquals(409, staff("/staff/api/simulate", "{\"what\":\"fire\"}").statusCode());

        JsonNode d = awaitDashboard("the visit and the help request",
                n -> n.at("/today/footfall").asInt() == 1 && n.at("/help/open").asInt() == 1);
        assertEquals(2, d.at("/today/signins").asInt());
        assertEquals(1, d.at("/today/enquiries").asInt());
        assertEquals(3.0, d.at("/today/conversion").asDouble());
        assertEquals(24, d.at("/today/hours").size());
        assertEquals(3, d.at("/sync/backlog").asLong());
        assertFalse(d.at("/sync/brokerConnected").asBoolean());
        assertEquals("simulated", d.at("/device/board").asText());
        assertTrue(d.at("/device/simulated").asBoolean());
        assertFalse(d.toString().contains("Alex") || d.toString().contains("alex@"), "no personal data for staff");
        assertTrue(JSON.readTree(kiosk.get().get("/api/help").body()).get("helpComing").asBoolean());

        assertEquals(1, JSON.readTree(staff("/staff/api/help/answer", null).body()).get("answered").asInt());
        assertFalse(JSON.readTree(kiosk.get().get("/api/help").body()).get("helpComing").asBoolean());

        HttpResponse<String> csv = get("/staff/api/figures.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        assertTrue(csv.body().startsWith("date,hour,device,event,signins,enquiries,footfall\r\n"));
        assertFalse(csv.body().contains("Alex"));
        assertEquals(202, staff("/staff/api/sync", null).statusCode());
    }

    @Test
    void theWipeTakesOnlyWhatTheHubAlreadyHas() throws Exception {
        String enquiry = """
                {"type":"enquiry","lang":"cy","fields":{"localAuthority":"torfaen","topic":"other",
                 "contactConsent":true,"privacyVersion":"2026-11"},"personal":{"name":"Sam","phone":"01234 567890"}}""";
        kiosk.get().postJson(enquiry);
        kiosk.get().postJson(enquiry);
        // As if the hub had acknowledged the first one.
        try (Connection c = kiosk.get().sql(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE records SET synced_at = CURRENT_TIMESTAMP WHERE seq = 1");
            s.executeUpdate("DELETE FROM outbox WHERE seq = 1");
        }
        signIn();
        assertEquals(1, JSON.readTree(staff("/staff/api/wipe", null).body()).get("wiped").asInt());
        try (Connection c = kiosk.get().sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, sealed FROM records ORDER BY seq")) {
            rs.next();
            assertNull(rs.getString(2), "synced: wiped");
            rs.next();
            assertNotNull(rs.getString(2), "still waiting for the hub: kept");
        }
    }

    @Test
    void withoutAPinTheDashboardStaysClosed() throws Exception {
        try (TestKiosk bare = TestKiosk.in(kiosk.dir().resolve("other"))) {
            HttpResponse<String> r = staff(bare, "/staff/api/login", "{\"pin\":\"1234\"}");
            assertEquals(409, r.statusCode());
            assertEquals("not_set_up", JSON.readTree(r.body()).get("error").asText());
            assertEquals(200, bare.get("/staff").statusCode(), "the page itself says so, in both languages");
        }
    }

    private JsonNode awaitDashboard(String what, java.util.function.Predicate<JsonNode> ready) throws Exception {
        return Await.until("the dashboard to show " + what, () -> {
            HttpResponse<String> r = get("/staff/api/dashboard");
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        }, ready);
    }
}
