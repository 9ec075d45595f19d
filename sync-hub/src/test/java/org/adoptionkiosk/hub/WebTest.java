package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP surface: sign-in first, JSON errors for the API with no stack traces, bilingual pages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebTest {
    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(HubFixture::new);

    @Test
    void theHomePageSendsStrangersToASignInPageInTheirLanguage() throws Exception {
        HttpResponse<String> home = hub.get().anonymous("GET", "/");
        assertEquals(303, home.statusCode());
        assertEquals("/login", home.headers().firstValue("location").orElse(""));
        HttpResponse<String> page = hub.get().anonymous("GET", "/figures");
        assertEquals(303, page.statusCode(), "a page asks for sign-in first");
        assertTrue(page.headers().firstValue("location").orElse("").startsWith("/login?next=%2Ffigures"));
        HttpResponse<String> login = hub.get().anonymous("GET", "/login");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("<html lang=\"cy\">"), "Welsh unless the browser asks for English");
        assertTrue(login.body().contains("Mewngofnodi"));
        assertTrue(login.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
        assertEquals("no-store", login.headers().firstValue("cache-control").orElse(""));
    }

    @Test
    void theApiNeedsASessionAndAnswersJson() throws Exception {
        HttpResponse<String> r = hub.get().anonymous("GET", "/api/figures");
        assertEquals(401, r.statusCode());
        JsonNode body = hub.get().codec.mapper().readTree(r.body());
        assertEquals("sign_in_needed", body.get("error").asText());
        assertFalse(body.at("/message/cy").asText().isBlank());
        assertFalse(body.at("/message/en").asText().isBlank());
    }

    @Test
    void unknownPathIs404JsonForTheApiAndAPageOtherwise() throws Exception {
        HttpResponse<String> r = hub.get().get("/api/nowhere");
        assertEquals(404, r.statusCode());
        JsonNode body = hub.get().codec.mapper().readTree(r.body());
        assertEquals("not_found", body.get("error").asText());
        assertFalse(body.at("/message/cy").asText().isBlank());
        assertFalse(body.at("/message/en").asText().isBlank());
        HttpResponse<String> page = hub.get().get("/nowhere");
        assertEquals(404, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("id=\"problem\""));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> r = hub.get().central().post("/api/devices", java.util.Map.of());
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("allow").orElse(""));
        assertEquals("method_not_allowed", hub.get().codec.mapper().readTree(r.body()).get("error").asText());
    }

    @Test
    void badLimitIs400() throws Exception {
        HttpResponse<String> r = hub.get().get("/api/dead-letters?limit=0");
        assertEquals(400, r.statusCode());
        assertEquals("bad_limit", hub.get().codec.mapper().readTree(r.body()).get("error").asText());
        assertEquals(200, hub.get().get("/api/dead-letters").statusCode());
    }

    @Test
    void emptyFleetIsAnEmptyList() throws Exception {
        JsonNode devices = hub.get().json("/api/devices").get("devices");
        assertTrue(devices.isArray());
    }

    @Test
    void healthReportsBothParts() throws Exception {
        HttpResponse<String> r = hub.get().anonymous("GET", "/healthz");
        assertEquals(200, r.statusCode(), "health needs no sign-in");
        JsonNode h = hub.get().codec.mapper().readTree(r.body());
        assertEquals("ok", h.get("status").asText());
        assertEquals("ok", h.get("database").asText());
        assertEquals("ok", h.get("mqtt").asText());
    }

    @Test
    void badPeriodsAreRefusedInBothLanguages() throws Exception {
        {
            for (String q : List.of("businessYear=abc", "from=2026-10-01&to=2026-09-01", "from=2026-10-01",
                    "from=2026-13-01&to=2026-12-01", "businessYear=2026&from=2026-04-01&to=2026-05-01",
                    "from=2000-01-01&to=2026-01-01")) {
                HttpResponse<String> r = hub.get().get("/api/figures?" + q);
                assertEquals(400, r.statusCode(), q);
                JsonNode body = hub.get().codec.mapper().readTree(r.body());
                assertEquals("bad_period", body.get("error").asText(), q);
                assertFalse(body.at("/message/cy").asText().isBlank(), q);
                assertFalse(body.at("/message/en").asText().isBlank(), q);
                assertNotEquals(body.at("/message/cy").asText(), body.at("/message/en").asText(), q);
            }
            JsonNode current = hub.get().json("/api/figures");
            LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
            LocalDate from = LocalDate.parse(current.at("/period/from").asText());
            assertFalse(today.isBefore(from));
            assertFalse(today.isAfter(from.plusYears(1).minusDays(1)));
            assertEquals(4, from.getMonthValue());
        }
    }

}
