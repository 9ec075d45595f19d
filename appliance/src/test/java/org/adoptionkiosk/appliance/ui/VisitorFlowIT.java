package org.adoptionkiosk.appliance.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.Normalizer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A visitor signs in, and another leaves an enquiry, in Cymraeg and in English, by tapping the
 * screen and its keyboard at 800×480; each record must reach the kiosk's outbox with the visitor's
 * language, the privacy notice's version and their details sealed. Screenshots of every screen
 * land in {@code target/screenshots}.
 */
class VisitorFlowIT extends KioskInBrowser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();
    private static final String VERSION = PrivacyNotice.load(MESSAGES).version();

    @ParameterizedTest
    @ValueSource(strings = {"cy", "en"})
    void aVisitorSignsInByTapping(String lang) throws Exception {
        int before = OutboxRow.read(kiosk.get()).size();
        visitor.arrive();
        visitor.screenshot("800x480-attract");
        visitor.start(lang);
        assertEquals(lang, visitor.js("return document.documentElement.lang"));
        visitor.screenshot("800x480-" + lang + "-choose");

        visitor.tap("#go-signin");
        visitor.waitFor(() -> visitor.visible("#screen-signin"));
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "ui.signin.title"), visitor.text("#screen-signin h1"));
        visitor.type("signin-name", "Siân");
        visitor.screenshot("800x480-" + lang + "-signin-keyboard");
        visitor.done();
        assertEquals("Siân", visitor.value("signin-name"));
        visitor.pick("signin-council", "isle-of-anglesey");
        visitor.choose("signin-form", "howHeard", "passing-the-stand");
        visitor.type("signin-email", "sian@example.cymru");
        visitor.done();
        visitor.choose("signin-form", "newsletterConsent", null);
        visitor.screenshot("800x480-" + lang + "-signin");
        visitor.tap("#signin-send");

        visitor.waitFor(() -> visitor.visible("#screen-thanks"));
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "ui.thanks.title"), visitor.text("#screen-thanks h1"));
        assertTrue(visitor.visible(".thanks-newsletter"));
        visitor.screenshot("800x480-" + lang + "-thanks-signin");
        assertEquals("", visitor.value("signin-name"), "the form is wiped once saved");

        List<OutboxRow> records = OutboxRow.read(kiosk.get());
        assertEquals(before + 1, records.size());
        OutboxRow record = records.get(records.size() - 1);
        assertEquals("signin", record.type());
        assertEquals(lang, record.lang());
        assertEquals(VERSION, record.fields().get("privacyVersion").asText());
        assertEquals("isle-of-anglesey", record.fields().get("localAuthority").asText());
        assertEquals("passing-the-stand", record.fields().get("howHeard").asText());
        assertTrue(record.fields().get("newsletterConsent").asBoolean());
        assertFalse(record.fields().toString().contains("sian@"), "personal details are never in the clear fields");
        JsonNode personal = JSON.readTree(kiosk.get().keys.open(record.sealed(), record.id()));
        assertEquals("Siân", personal.get("name").asText());
        assertEquals("sian@example.cymru", personal.get("email").asText());

        visitor.tap("#thanks-finish");
        visitor.waitFor(() -> visitor.visible("#screen-attract"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cy", "en"})
    void aVisitorLeavesAnEnquiryByTapping(String lang) throws Exception {
        int before = OutboxRow.read(kiosk.get()).size();
        visitor.arrive();
        visitor.start(lang);
        visitor.tap("#go-enquiry");
        visitor.waitFor(() -> visitor.visible("#screen-enquiry"));

        // Step 1: a Welsh name with a circumflex from the main layer, a diaeresis from a long press
        // and a capital Ŵ through Shift; a phone number on the phone keypad.
        visitor.type("enquiry-name", "Gwenllïan Ŵyn-Jones");
        visitor.type("enquiry-email", "gwenllian@example.org");
        visitor.type("enquiry-phone", "029 2000 0000");
        visitor.type("enquiry-postcode", "CF10 1AA");
        visitor.done();
        visitor.screenshot("800x480-" + lang + "-enquiry-1");
        visitor.tap("#enquiry-next");

        // Step 2: topic, council, interests, and a voluntary agency rather than the region.
        visitor.waitFor(() -> visitor.visible(".step[data-step='2']"));
        visitor.choose("enquiry-form", "topic", "adopting");
        visitor.pick("enquiry-council", "cardiff");
        visitor.choose("enquiry-form", "interests", "sibling-groups");
        visitor.choose("enquiry-form", "interests", "early-permanence");
        visitor.choose("enquiry-form", "sendTo", "agency");
        visitor.tap("#enquiry-agency");
        visitor.screenshot("800x480-" + lang + "-agency-picker");
        visitor.tap("#picker .option[data-value='st-davids-children-society']");
        visitor.screenshot("800x480-" + lang + "-enquiry-2");
        visitor.tap("#enquiry-next");

        // Step 3: how and when, and the language for letters (Welsh whichever screen language).
        visitor.waitFor(() -> visitor.visible(".step[data-step='3']"));
        visitor.choose("enquiry-form", "preferredContact", "phone");
        visitor.choose("enquiry-form", "preferredTime", "evening");
        visitor.choose("enquiry-form", "preferredLanguage", "cy");
        visitor.choose("enquiry-form", "howHeard", "social-media");
        visitor.type("enquiry-message", "Diolch, ffoniwch ar ôl 6!");
        visitor.done();
        visitor.screenshot("800x480-" + lang + "-enquiry-3");
        visitor.tap("#enquiry-next");

        // Step 4: read the notice, then consent.
        visitor.waitFor(() -> visitor.visible(".step[data-step='4']"));
        visitor.tap("#enquiry-form [data-action='privacy']");
        visitor.waitFor(() -> visitor.visible("#privacy"));
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "privacy.notice.title"), visitor.text("#privacy-title"));
        assertTrue(visitor.text("#privacy-version").contains(VERSION));
        visitor.screenshot("800x480-" + lang + "-privacy");
        visitor.tap("#privacy [data-action='close-privacy']");
        visitor.choose("enquiry-form", "contactConsent", null);
        visitor.screenshot("800x480-" + lang + "-enquiry-4");
        visitor.tap("#enquiry-send");

        visitor.waitFor(() -> visitor.visible("#screen-thanks"));
        assertTrue(visitor.text("#thanks-agency").contains(
                lang.equals("cy") ? "Cymdeithas Plant Dewi Sant" : "St David's Children Society"));
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "ui.contact.phone"), visitor.text("#thanks-how"));
        assertEquals("Cymraeg", visitor.text("#thanks-language"));
        visitor.screenshot("800x480-" + lang + "-thanks-enquiry");

        List<OutboxRow> records = OutboxRow.read(kiosk.get());
        assertEquals(before + 1, records.size());
        OutboxRow record = records.get(records.size() - 1);
        assertEquals("enquiry", record.type());
        assertEquals(lang, record.lang());
        JsonNode f = record.fields();
        assertEquals(VERSION, f.get("privacyVersion").asText());
        assertTrue(f.get("contactConsent").asBoolean());
        assertFalse(f.get("newsletterConsent").asBoolean(), "the newsletter box was left unticked");
        assertEquals("cardiff", f.get("localAuthority").asText());
        assertEquals("adopting", f.get("topic").asText());
        assertEquals("st-davids-children-society", f.get("agency").asText());
        assertEquals("[\"sibling-groups\",\"early-permanence\"]", f.get("interests").toString());
        assertEquals("phone", f.get("preferredContact").asText());
        assertEquals("evening", f.get("preferredTime").asText());
        assertEquals("cy", f.get("preferredLanguage").asText());
        assertEquals("social-media", f.get("howHeard").asText(), "the enquiry asks what brought the visitor too");

        JsonNode personal = JSON.readTree(kiosk.get().keys.open(record.sealed(), record.id()));
        String name = personal.get("name").asText();
        assertEquals("Gwenllïan Ŵyn-Jones", name);
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC), "stored NFC-normalised");
        assertEquals("029 2000 0000", personal.get("phone").asText());
        assertEquals("CF10 1AA", personal.get("postcode").asText());
        assertEquals("Diolch, ffoniwch ar ôl 6!", personal.get("message").asText());
    }
}
