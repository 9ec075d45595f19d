package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's form options over real HTTP: what the page reads (its data block and
 * {@code GET /api/form-options}), and the capture API refusing a path that is off, in the record's
 * language.
 */
class FormOptionsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();
    private static final String SIGNIN = """
            {"type":"signin","lang":"%s","fields":{"localAuthority":"conwy","privacyVersion":"2026-11"%s}%s}""";
    private static final String ENQUIRY = """
            {"type":"enquiry","lang":"%s","fields":{"localAuthority":"cardiff","topic":"adopting",
             "contactConsent":true,"privacyVersion":"2026-11"},"personal":{"name":"Rhys","email":"rhys@example.org"}}""";

    private final WireCodec codec = new WireCodec();
    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perTest(TestKiosk::in);
    private long version;

    private void offer(Boolean signin, Boolean enquiry, Boolean newsletter) {
        kiosk.get().appliance.applyHubConfig(codec.encode(new DeviceConfig(++version, null, null,
                new DeviceConfig.FormOptions(signin, enquiry, newsletter), null, null, false, Instant.now())));
    }

    private JsonNode options() throws Exception {
        HttpResponse<String> r = kiosk.get().get("/api/form-options");
        assertEquals(200, r.statusCode());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        return JSON.readTree(r.body());
    }

    /** The options in the page's own data block, as its script reads them at load. */
    private JsonNode pageOptions() throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"kiosk-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(kiosk.get().get("/").body());
        assertTrue(m.find());
        return JSON.readTree(m.group(1)).get("formOptions");
    }

    @Test
    void thePageAndTheApiSayWhatTheKioskOffersNow() throws Exception {
        assertEquals(JSON.readTree("{\"signin\":true,\"enquiry\":true,\"newsletter\":true}"), options());
        assertEquals(options(), pageOptions());

        offer(null, false, false);
        assertEquals(JSON.readTree("{\"signin\":true,\"enquiry\":false,\"newsletter\":false}"), options());
        assertEquals(options(), pageOptions(), "a page loaded now starts with the options in force");
    }

    @Test
    void aDisabledEnquiryIsRefusedInTheRecordsLanguage() throws Exception {
        offer(null, false, null);
        for (Lang lang : Lang.values()) {
            HttpResponse<String> r = kiosk.get().postJson(ENQUIRY.formatted(lang.code()));
            assertEquals(409, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("enquiry_disabled", body.get("error").asText());
            assertEquals(MESSAGES.get(lang, "error.enquiry_disabled"), body.get("message").asText());
            assertEquals("type", body.get("field").asText());
        }
        assertEquals(201, kiosk.get().postJson(SIGNIN.formatted("cy", "", "")).statusCode(), "sign-ins still go");
        assertEquals(0, storedEnquiries());

        offer(null, true, null);
        assertEquals(201, kiosk.get().postJson(ENQUIRY.formatted("en")).statusCode());
    }

    @Test
    void aDisabledSigninOrNewsletterIsRefused() throws Exception {
        offer(false, null, null);
        HttpResponse<String> r = kiosk.get().postJson(SIGNIN.formatted("cy", "", ""));
        assertEquals(409, r.statusCode());
        assertEquals(MESSAGES.get(Lang.CY, "error.signin_disabled"), JSON.readTree(r.body()).get("message").asText());

        offer(true, null, false);
        r = kiosk.get().postJson(SIGNIN.formatted("en", ",\"newsletterConsent\":true",
                ",\"personal\":{\"email\":\"news@example.org\"}"));
        assertEquals(409, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("newsletter_disabled", body.get("error").asText());
        assertEquals(MESSAGES.get(Lang.EN, "error.newsletter_disabled"), body.get("message").asText());
        // An email without the box: not "tick the box", which the visitor cannot see.
        r = kiosk.get().postJson(SIGNIN.formatted("cy", "", ",\"personal\":{\"email\":\"news@example.org\"}"));
        assertEquals(409, r.statusCode());
        assertEquals("newsletter_disabled", JSON.readTree(r.body()).get("error").asText());
        assertEquals(201, kiosk.get().postJson(SIGNIN.formatted("cy", ",\"newsletterConsent\":false",
                "")).statusCode());
        assertFalse(kiosk.get().get("/api/form-options").body().contains("@"), "nothing personal in the options");
    }

    private long storedEnquiries() throws Exception {
        try (var c = kiosk.get().sql(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM records WHERE type = 'enquiry'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
