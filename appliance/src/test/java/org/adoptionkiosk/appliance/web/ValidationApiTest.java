package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Every refusal says which rule and which field, in the visitor's language. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();

    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perClass(TestKiosk::in);

    private static ObjectNode validEnquiry(String lang) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"type":"enquiry","lang":"%s","fields":{"localAuthority":"cardiff","topic":"adopting",
                 "contactConsent":true,"privacyVersion":"2026-11"},
                 "personal":{"name":"Alex","email":"alex@example.org","phone":"029 2000 0000"}}"""
                .formatted(lang));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("enquiry without contact consent", "contact_consent_required", "fields.contactConsent",
                        b -> ((ObjectNode) b.get("fields")).remove("contactConsent")),
                refusal("enquiry with contact consent false", "contact_consent_required", "fields.contactConsent",
                        b -> ((ObjectNode) b.get("fields")).put("contactConsent", false)),
                refusal("enquiry without a name", "name_required", "personal.name",
                        b -> ((ObjectNode) b.get("personal")).remove("name")),
                refusal("enquiry without email or phone", "contact_required", "personal.email",
                        b -> ((ObjectNode) b.get("personal")).remove(java.util.List.of("email", "phone"))),
                refusal("unknown council", "local_authority_unknown", "fields.localAuthority",
                        b -> ((ObjectNode) b.get("fields")).put("localAuthority", "atlantis")),
                refusal("no council", "local_authority_required", "fields.localAuthority",
                        b -> ((ObjectNode) b.get("fields")).remove("localAuthority")),
                refusal("unknown field", "field_unknown", "fields.favouriteColour",
                        b -> ((ObjectNode) b.get("fields")).put("favouriteColour", "green")),
                refusal("unknown personal key", "personal_unknown", "personal.dateOfBirth",
                        b -> ((ObjectNode) b.get("personal")).put("dateOfBirth", "2000-01-01")),
                refusal("unknown top-level key", "field_unknown", "extra",
                        b -> b.put("extra", 1)),
                refusal("bad email", "email_invalid", "personal.email",
                        b -> ((ObjectNode) b.get("personal")).put("email", "alex-at-example.org")),
                refusal("bad phone", "phone_invalid", "personal.phone",
                        b -> ((ObjectNode) b.get("personal")).put("phone", "call me")),
                refusal("bad postcode", "postcode_invalid", "personal.postcode",
                        b -> ((ObjectNode) b.get("personal")).put("postcode", "12345")),
                refusal("name too long", "text_too_long", "personal.name",
                        b -> ((ObjectNode) b.get("personal")).put("name", "x".repeat(101))),
                refusal("no topic", "topic_required", "fields.topic",
                        b -> ((ObjectNode) b.get("fields")).remove("topic")),
                refusal("unknown topic", "topic_invalid", "fields.topic",
                        b -> ((ObjectNode) b.get("fields")).put("topic", "fostering")),
                refusal("consent as a string", "field_invalid", "fields.contactConsent",
                        b -> ((ObjectNode) b.get("fields")).put("contactConsent", "true")),
                refusal("no privacy version", "privacy_version_required", "fields.privacyVersion",
                        b -> ((ObjectNode) b.get("fields")).remove("privacyVersion")),
                refusal("unknown agency", "agency_unknown", "fields.agency",
                        b -> ((ObjectNode) b.get("fields")).put("agency", "nobody")),
                refusal("unknown type", "type_invalid", "type",
                        b -> b.put("type", "complaint")),
                refusal("consent to an older privacy notice", "privacy_version_changed", "fields.privacyVersion",
                        b -> ((ObjectNode) b.get("fields")).put("privacyVersion", "2020-01")),
                refusal("newsletter without an email", "newsletter_email_required", "personal.email", b -> {
                    ((ObjectNode) b.get("fields")).put("newsletterConsent", true);
                    ((ObjectNode) b.get("personal")).remove("email");
                }),
                refusal("to be phoned without a phone number", "preferred_contact_missing", "personal.phone", b -> {
                    ((ObjectNode) b.get("fields")).put("preferredContact", "phone");
                    ((ObjectNode) b.get("personal")).remove("phone");
                }));
    }

    private static Arguments refusal(String name, String code, String field, Consumer<ObjectNode> spoil) {
        return Arguments.of(name, code, field, spoil);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithCodeFieldAndMessageInTheRecordsLanguage(String name, String code, String field,
                                                            Consumer<ObjectNode> spoil) throws Exception {
        for (Lang lang : Lang.values()) {
            ObjectNode body = validEnquiry(lang.code());
            spoil.accept(body);
            HttpResponse<String> response = kiosk.get().postJson(JSON.writeValueAsString(body));
            assertEquals(400, response.statusCode(), response.body());
            JsonNode error = JSON.readTree(response.body());
            assertEquals(code, error.get("error").asText());
            assertEquals(field, error.get("field").asText());
            assertEquals(MESSAGES.get(lang, "error." + code), error.get("message").asText(),
                    "message in " + lang.code());
        }
        assertNotEquals(MESSAGES.get(Lang.CY, "error." + code), MESSAGES.get(Lang.EN, "error." + code),
                "Welsh and English messages differ");
    }

    @Test
    void withoutAValidLangTheMessageFollowsAcceptLanguageThenEnglish() throws Exception {
        String body = """
                {"type":"signin","lang":"fr","fields":{"localAuthority":"powys","privacyVersion":"2026-11"}}""";
        HttpResponse<String> welsh = kiosk.get().post("/api/records", "application/json", body,
                Map.of("Accept-Language", "cy-GB,cy;q=0.9,en;q=0.5"));
        assertEquals(400, welsh.statusCode());
        JsonNode error = JSON.readTree(welsh.body());
        assertEquals("lang_invalid", error.get("error").asText());
        assertEquals("lang", error.get("field").asText());
        assertEquals(MESSAGES.get(Lang.CY, "error.lang_invalid"), error.get("message").asText());

        HttpResponse<String> english = kiosk.get().post("/api/records", "application/json", body,
                Map.of("Accept-Language", "en-GB,en;q=0.9,cy;q=0.5"));
        assertEquals(MESSAGES.get(Lang.EN, "error.lang_invalid"), JSON.readTree(english.body()).get("message").asText());

        HttpResponse<String> none = kiosk.get().postJson(body);
        assertEquals(MESSAGES.get(Lang.EN, "error.lang_invalid"), JSON.readTree(none.body()).get("message").asText());
    }

    @Test
    void errorsNeverEchoWhatTheVisitorTyped() throws Exception {
        ObjectNode body = validEnquiry("en");
        ((ObjectNode) body.get("personal")).put("email", "not-an-email-zq81");
        HttpResponse<String> response = kiosk.get().postJson(JSON.writeValueAsString(body));
        assertEquals(400, response.statusCode());
        assertEquals(-1, response.body().indexOf("zq81"));
    }
}
