package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.OutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever arrives, the answer is a clear JSON error, never a 500 or an HTML page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();
    private static final String SIGNIN = """
            {"type":"signin","lang":"en","fields":{"localAuthority":"swansea","privacyVersion":"2026-11"}}""";

    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perClass(TestKiosk::in);

    private static JsonNode jsonError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON, not an HTML error page");
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(code, body.get("error").asText());
        assertFalse(body.get("message").asText().isBlank());
        return body;
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"type\":\"signin\",\"pad\":\"" + "x".repeat(17 * 1024) + "\"}";
        jsonError(kiosk.get().postJson(big), 413, "body_too_large");
    }

    @Test
    void oversizedChunkedBodyIs413() throws Exception {
        byte[] big = ("{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(kiosk.get().uri("/api/records"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        jsonError(kiosk.get().send(request), 413, "body_too_large");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        jsonError(kiosk.get().post("/api/records", "text/plain", SIGNIN, Map.of()), 415, "unsupported_media_type");
        jsonError(kiosk.get().post("/api/records", "application/x-www-form-urlencoded", "type=signin", Map.of()), 415,
                "unsupported_media_type");
        jsonError(kiosk.get().post("/api/records", "application/json; charset=iso-8859-1", SIGNIN, Map.of()), 415,
                "unsupported_media_type");
        jsonError(kiosk.get().post("/api/records", null, SIGNIN, Map.of()), 415, "unsupported_media_type");
    }

    @Test
    void jsonWithUtf8CharsetIsAccepted() throws Exception {
        HttpResponse<String> ok = kiosk.get().post("/api/records", "application/json; charset=UTF-8", SIGNIN, Map.of());
        assertEquals(201, ok.statusCode(), ok.body());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        jsonError(kiosk.get().postJson("{\"type\":"), 400, "bad_json");
        jsonError(kiosk.get().postJson(""), 400, "bad_json");
        jsonError(kiosk.get().postJson("[1,2,3]"), 400, "bad_json");
        jsonError(kiosk.get().postJson(SIGNIN + " {}"), 400, "bad_json");
        jsonError(kiosk.get().postJson("{\"type\":\"signin\",\"type\":\"enquiry\"}"), 400, "bad_json");
    }

    @Test
    void malformedJsonAnswersInWelshWhenTheBrowserPrefersIt() throws Exception {
        JsonNode body = jsonError(kiosk.get().post("/api/records", "application/json", "{nope",
                Map.of("Accept-Language", "cy")), 400, "bad_json");
        assertEquals(MESSAGES.get(Lang.CY, "error.bad_json"), body.get("message").asText());
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> get = kiosk.get().get("/api/records");
        jsonError(get, 405, "method_not_allowed");
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        jsonError(kiosk.get().send(HttpRequest.newBuilder(kiosk.get().uri("/api/records"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build()), 405, "method_not_allowed");
        jsonError(kiosk.get().post("/api/status", "application/json", "{}", Map.of()), 405, "method_not_allowed");
        jsonError(kiosk.get().post("/", "application/json", "{}", Map.of()), 405, "method_not_allowed");
    }

    @Test
    void unknownPathIs404() throws Exception {
        jsonError(kiosk.get().get("/nothing-here"), 404, "not_found");
        jsonError(kiosk.get().get("/api/records/1"), 404, "not_found");
        jsonError(kiosk.get().post("/api/other", "application/json", "{}", Map.of()), 404, "not_found");
    }

    @Test
    void garbageRequestLineGetsAJsonError() throws Exception {
        try (Socket s = new Socket("127.0.0.1", kiosk.get().appliance.httpPort())) {
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = s.getOutputStream();
            out.write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
            assertFalse(answer.contains("<html"), answer);
            assertFalse(answer.startsWith("HTTP/1.1 5"), answer);
        }
    }

    @Test
    void healthAndStatusAnswerJson() throws Exception {
        HttpResponse<String> health = kiosk.get().get("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", JSON.readTree(health.body()).get("status").asText());

        HttpResponse<String> status = kiosk.get().get("/api/status");
        assertEquals(200, status.statusCode());
        assertEquals("no-store", status.headers().firstValue("Cache-Control").orElse(null));
        JsonNode s = JSON.readTree(status.body());
        for (String key : new String[]{"deviceId", "eventId", "backlog", "oldestUnsyncedAgeSeconds",
                "oldestUnsyncedAt", "lastAckAt", "brokerConnected", "clockOffsetMillis", "rejected",
                "lastCaptureAt", "version"}) {
            assertTrue(s.has(key), "status has " + key);
        }
    }

    @Test
    void pageIsBilingualWithLocalScriptOnly() throws Exception {
        HttpResponse<String> page = kiosk.get().get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        String html = page.body();
        assertTrue(html.contains("Cymraeg") && html.contains("English"));
        assertTrue(html.contains(MESSAGES.get(Lang.CY, "ui.title")) && html.contains(MESSAGES.get(Lang.EN, "ui.title")));
        assertFalse(html.contains("{{"), "every placeholder filled");
        assertFalse(html.matches("(?s).*<script>.*"), "no inline script");
        assertFalse(html.contains("http://") || html.contains("https://"), "no CDN");
        for (String asset : new String[]{"/kiosk.js", "/keyboard.js", "/idle.js", "/texts.js", "/checks.js"}) {
            HttpResponse<String> script = kiosk.get().get(asset);
            assertEquals(200, script.statusCode(), asset);
            assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"), asset);
        }
        assertEquals(200, kiosk.get().get("/kiosk.css").statusCode());
        // The page's data block: texts in both languages, the notice and its version, the councils.
        String data = html.substring(html.indexOf("id=\"kiosk-data\">") + "id=\"kiosk-data\">".length(),
                html.indexOf("</script>", html.indexOf("id=\"kiosk-data\"")));
        JsonNode block = JSON.readTree(data);
        assertEquals(MESSAGES.get(Lang.CY, "ui.idle.stay"), block.at("/texts/cy/ui.idle.stay").asText());
        assertEquals(MESSAGES.get(Lang.EN, "ui.idle.stay"), block.at("/texts/en/ui.idle.stay").asText());
        assertEquals("2026-11", block.at("/privacy/version").asText());
        assertEquals(60, block.at("/screen/idleSeconds").asInt());
        assertEquals(30, block.at("/screen/warningSeconds").asInt());
        assertEquals(22, block.at("/regions/regions").findValues("slug").size());
        HttpResponse<String> privacy = kiosk.get().get("/api/privacy");
        assertEquals(200, privacy.statusCode());
        assertEquals(block.get("privacy"), JSON.readTree(privacy.body()));
        HttpResponse<String> regions = kiosk.get().get("/api/regions");
        assertEquals(200, regions.statusCode());
        assertEquals(5, JSON.readTree(regions.body()).get("regions").size());
    }
}
