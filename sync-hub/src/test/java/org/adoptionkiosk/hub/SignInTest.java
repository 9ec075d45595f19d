package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Signing in to the dashboard: a cookie only the hub can read (HttpOnly, SameSite, Secure behind
 * TLS), guessing slowed down per user name, every change refused without the session's CSRF token,
 * and never a way to another site after sign-in.
 */
class SignInTest {
    @Test
    void fiveWrongPasswordsLockTheUserNameAndTheLockGrows(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-06-10T09:00:00Z"));
        try (HubFixture f = new HubFixture(dir, Map.of(), clock)) {
            f.addUser("sian", Role.VIEWER, null, null);
            HubSession s = HubSession.anonymous(f.hub.httpPort());
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> wrong = s.tryToSignIn("sian", "not the password at all");
                assertEquals(401, wrong.statusCode());
                assertTrue(wrong.body().contains("id=\"login-error\""));
            }
            HttpResponse<String> locked = s.tryToSignIn("sian", HubFixture.PASSWORD);
            assertEquals(429, locked.statusCode(), "even the right password waits while locked");
            assertTrue(locked.body().contains("30"), "says how long to wait");
            assertEquals(0, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in'"));

            // Five more wrong ones after the lock lock it again, for twice as long.
            clock.advance(Duration.ofSeconds(31));
            for (int i = 0; i < 5; i++) {
                assertEquals(401, s.tryToSignIn("sian", "not the password at all").statusCode());
            }
            clock.advance(Duration.ofSeconds(31));
            assertEquals(429, s.tryToSignIn("sian", HubFixture.PASSWORD).statusCode(), "the second lock is longer");
            clock.advance(Duration.ofSeconds(30));
            assertEquals(303, s.tryToSignIn("sian", HubFixture.PASSWORD).statusCode(), "and it ends too");
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in'"));
            assertEquals(10, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-failed'"));
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureBehindTls(@TempDir Path dir) throws Exception {
        try (HubFixture f = new HubFixture(dir, Map.of("HUB_TRUST_PROXY", "true"))) {
            f.addUser("owain", Role.CENTRAL, null, null);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + f.hub.httpPort();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("max-age=31536000", login.headers().firstValue("strict-transport-security").orElse(null),
                    "HSTS behind a TLS proxy the hub trusts");
            String pre = login.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("hub_pre="))
                    .findFirst().orElseThrow();
            String token = pre.substring("hub_pre=".length(), pre.indexOf(';'));
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("X-Forwarded-Proto", "https")
                    .header("Cookie", "hub_pre=" + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("csrf=" + token + "&username=owain&password="
                            + HubFixture.PASSWORD.replace(' ', '+') + "&next=//evil.example/x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, signedIn.statusCode());
            assertEquals("/figures", signedIn.headers().firstValue("location").orElse(""),
                    "a sign-in never sends the browser to another site");
            String cookie = signedIn.headers().allValues("set-cookie").stream()
                    .filter(c -> c.startsWith("hub_session=")).findFirst().orElseThrow();
            String lower = cookie.toLowerCase();
            assertTrue(lower.contains("httponly"), cookie);
            assertTrue(lower.contains("samesite=strict"), cookie);
            assertTrue(lower.contains("secure"), cookie);
            String value = cookie.substring("hub_session=".length(), cookie.indexOf(';'));
            assertEquals(0, f.count("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", value),
                    "the store keeps only a hash of the token");
        }
    }

    @Test
    void everyChangeNeedsTheSessionsCsrfToken(@TempDir Path dir) throws Exception {
        try (HubFixture f = new HubFixture(dir)) {
            HubSession central = f.central();
            for (String path : List.of("/logout", "/lang", "/erasure/find", "/fleet/kiosk-x/config")) {
                HttpResponse<String> r = central.postRaw(path, Map.of("to", "en", "email", "a@example.org"));
                assertEquals(403, r.statusCode(), path);
                assertTrue(r.body().contains("id=\"problem\""), path);
                HttpResponse<String> wrong = central.postRaw(path, Map.of("csrf", "not-the-token", "to", "en"));
                assertEquals(403, wrong.statusCode(), path);
            }
            assertEquals(200, central.get("/figures").statusCode(), "still signed in: the refused sign-out did nothing");
            assertEquals(303, central.post("/logout", Map.of()).statusCode());
            assertEquals(303, central.get("/figures").statusCode(), "signed out: back to the sign-in page");
        }
    }
}
