package org.adoptionkiosk.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP surface: JSON errors with no stack traces, a bilingual home page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebTest {
    HubFixture f;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new HubFixture(dir);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void homePageLinksTheApisInBothLanguages() throws Exception {
        HttpResponse<String> r = f.get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        String html = r.body();
        assertTrue(html.contains("<section lang=\"cy\">"));
        assertTrue(html.contains("<section lang=\"en\">"));
        assertTrue(html.contains("<h1>Hyb cysoni&#39;r ciosgau</h1>") || html.contains("<h1>Hyb cysoni'r ciosgau</h1>"));
        assertTrue(html.contains("<h1>Kiosk sync hub</h1>"));
        for (String api : new String[] {"/api/figures", "/api/devices", "/api/dead-letters", "/healthz"}) {
            assertEquals(2, html.split("href=\"" + api + "\"", -1).length - 1, api + " linked in each language");
        }
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        HttpResponse<String> r = f.get("/nowhere");
        assertEquals(404, r.statusCode());
        JsonNode body = f.codec.mapper().readTree(r.body());
        assertEquals("not_found", body.get("error").asText());
        assertFalse(body.at("/message/cy").asText().isBlank());
        assertFalse(body.at("/message/en").asText().isBlank());
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/devices");
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("allow").orElse(""));
        assertEquals("method_not_allowed", f.codec.mapper().readTree(r.body()).get("error").asText());
    }

    @Test
    void badLimitIs400() throws Exception {
        HttpResponse<String> r = f.get("/api/dead-letters?limit=0");
        assertEquals(400, r.statusCode());
        assertEquals("bad_limit", f.codec.mapper().readTree(r.body()).get("error").asText());
        assertEquals(200, f.get("/api/dead-letters").statusCode());
    }

    @Test
    void emptyFleetIsAnEmptyList() throws Exception {
        JsonNode devices = f.json("/api/devices").get("devices");
        assertTrue(devices.isArray());
    }

    @Test
    void healthReportsBothParts() throws Exception {
        JsonNode h = f.json("/healthz");
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
                HttpResponse<String> r = f.get("/api/figures?" + q);
                assertEquals(400, r.statusCode(), q);
                JsonNode body = f.codec.mapper().readTree(r.body());
                assertEquals("bad_period", body.get("error").asText(), q);
                assertFalse(body.at("/message/cy").asText().isBlank(), q);
                assertFalse(body.at("/message/en").asText().isBlank(), q);
                assertNotEquals(body.at("/message/cy").asText(), body.at("/message/en").asText(), q);
            }
            JsonNode current = f.json("/api/figures");
            LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
            LocalDate from = LocalDate.parse(current.at("/period/from").asText());
            assertFalse(today.isBefore(from));
            assertFalse(today.isAfter(from.plusYears(1).minusDays(1)));
            assertEquals(4, from.getMonthValue());
        }
    }

}
