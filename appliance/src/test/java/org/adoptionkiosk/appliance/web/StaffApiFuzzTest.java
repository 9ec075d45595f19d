package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of odd but authenticated staff requests (seeded; the seed is printed): none may be
 * answered with a 5xx, and every refusal names its error with a message in the staff member's
 * language. Also the Origin check: a page on another name cannot act, whatever Host it sends.
 */
class StaffApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();
    private static final String PIN = "2468";
    private static final List<String> POSTS = List.of("/alive", "/event", "/mode", "/sync", "/wipe",
            "/help/answer", "/simulate");
    private static final List<String> KEYS = List.of("what", "office", "name", "venue", "startsOn", "endsOn",
            "pin", "x");

    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perTest(dir -> TestKiosk.in(dir, TestKiosk.staffPin(PIN)));
    private String cookie;
    private String csrf;

    @BeforeEach
    void signIn() throws Exception {
        HttpResponse<String> ok = post("/staff/api/login", "application/json",
                ("{\"pin\":\"" + PIN + "\"}").getBytes(StandardCharsets.UTF_8), "en");
        assertEquals(200, ok.statusCode(), ok.body());
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrf = JSON.readTree(ok.body()).get("csrf").asText();
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String lang) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(kiosk.get().uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Origin", "http://127.0.0.1:" + kiosk.get().appliance.httpPort())
                .header("Accept-Language", lang);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (cookie != null) {
            b.header("Cookie", cookie).header("X-CSRF-Token", csrf);
        }
        return kiosk.get().send(b.build());
    }

    @Test
    void oddBodiesAreNeverA5xxAndEveryRefusalIsNamedInTheStaffsLanguage() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("StaffApiFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 2000 && failures.size() < 10; i++) {
            String path = "/staff/api" + POSTS.get(random.nextInt(POSTS.size()));
            byte[] body = body(random);
            String type = random.nextInt(10) == 0 ? "text/plain" : "application/json";
            String lang = random.nextBoolean() ? "cy" : "en";
            HttpResponse<String> r = post(path, type, body, lang);
            String what = path + " " + new String(body, StandardCharsets.ISO_8859_1) + " -> " + r.statusCode()
                    + " " + r.body();
            if (r.statusCode() >= 500) {
                failures.add(what);
            } else if (r.statusCode() >= 400) {
                JsonNode answer = JSON.readTree(r.body());
                String code = answer.path("error").asText("");
                if (code.isEmpty() || !answer.path("message").asText("").equals(
                        MESSAGES.get(Lang.fromCode(lang), "staff.error." + code))) {
                    failures.add("unnamed or untranslated refusal: " + what);
                }
            }
        }
        assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures);
    }

    /** The shape of what the outside fuzz run found, one by one. */
    @Test
    void theBodiesThatWereA500AreNowRefusedPlainly() throws Exception {
        for (String body : List.of("{}", "null", "{\"what\":null}", "not json", "[]", "{\"what\":42}")) {
            HttpResponse<String> r = post("/staff/api/simulate", "application/json",
                    body.getBytes(StandardCharsets.UTF_8), "cy");
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertEquals("what", JSON.readTree(r.body()).get("field").asText(), body);
            assertEquals(MESSAGES.get(Lang.CY, "staff.error.bad_request"), JSON.readTree(r.body()).get("message").asText());
        }
        for (String day : List.of("+999999999-12-31", "-999999999-01-01", "0001-01-01")) {
            HttpResponse<String> r = post("/staff/api/event", "application/json",
                    ("{\"name\":\"Sioe\",\"startsOn\":\"" + day + "\"}").getBytes(StandardCharsets.UTF_8), "en");
            assertEquals(400, r.statusCode(), day + " -> " + r.body());
            assertEquals("event_dates_invalid", JSON.readTree(r.body()).get("error").asText(), day);
        }
    }

    /** DNS rebinding: a page on evil.example that resolves to the kiosk sends its own name as Host and Origin. */
    @Test
    void anOriginThatIsNotTheKiosksOwnIsRefusedWhateverTheHostHeaderSays() throws Exception {
        String request = "POST /staff/api/sync HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://evil.example\r\n"
                + "Cookie: " + cookie + "\r\nX-CSRF-Token: " + csrf + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        try (Socket s = new Socket("127.0.0.1", kiosk.get().appliance.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            assertTrue(answer.contains("\"not_this_kiosk\""), answer);
        }
        assertEquals(202, post("/staff/api/sync", "application/json", "{}".getBytes(StandardCharsets.UTF_8), "en")
                .statusCode(), "the kiosk's own origin still acts");
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new byte[]{(byte) 0xC0, (byte) 0xAF, '{', '}'};
            case 1 -> randomBytes(random);
            case 2 -> JSON.getNodeFactory().textNode(text(random)).toString().getBytes(StandardCharsets.UTF_8);
            default -> object(random).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static String object(Random random) {
        StringBuilder sb = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(KEYS.get(random.nextInt(KEYS.size()))).append("\":").append(value(random, 0));
        }
        return sb.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 8 : 10)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextLong());
            case 3 -> random.nextBoolean() ? "1e308" : "-0.5";
            case 4 -> "\"" + List.of("+999999999-12-31", "-999999999-01-01", "2026-02-30", "2026-08-01",
                    "2026-13-01", "0000-00-00", "2999-12-31", "3000-01-01").get(random.nextInt(8)) + "\"";
            case 5 -> "\"" + List.of("help", "motion", "HELP", "", " ").get(random.nextInt(5)) + "\"";
            case 6, 7 -> JSON.getNodeFactory().textNode(text(random)).toString();
            case 8 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            default -> object(random);
        };
    }

    private static String text(Random random) {
        int length = random.nextInt(4) == 0 ? 100 + random.nextInt(400) : random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
