package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a visitor sees when something is wrong: the form's own checks in their language before
 * anything is sent, the appliance's refusals in the same language, and a failed save that says so
 * and keeps every answer.
 */
class VisitorChecksIT extends KioskInBrowser {
    private static final Messages MESSAGES = Messages.load();

    private static String cy(String key) {
        return MESSAGES.get(Lang.CY, key);
    }

    private static String en(String key) {
        return MESSAGES.get(Lang.EN, key);
    }

    @Test
    void aMistakeIsShownInWelshBeforeAnythingIsSentAndTheToggleKeepsWhatWasTyped() throws Exception {
        visitor.arrive();
        visitor.start("cy");
        visitor.tap("#go-enquiry");
        visitor.type("enquiry-email", "sian@");
        visitor.done();
        visitor.tap("#enquiry-next");

        visitor.waitFor(() -> visitor.visible("#enquiry-form .field-error"));
        assertEquals(cy("error.name_required"),
                visitor.text("#enquiry-form [data-field='personal.name'] .field-error"));
        assertEquals(cy("error.email_invalid"),
                visitor.text("#enquiry-form [data-field='personal.email'] .field-error"));
        assertEquals(cy("ui.check.problems"), visitor.text("#enquiry-form .banner"));
        assertEquals("true", visitor.driver().findElement(org.openqa.selenium.By.id("enquiry-email"))
                .getDomAttribute("aria-invalid"));
        visitor.screenshot("800x480-cy-enquiry-error");
        assertEquals(0, OutboxRow.read(kiosk.get()).size(), "nothing was sent");
        assertTrue(visitor.visible(".step[data-step='1']"), "still on the first step");

        // The toggle changes every word, errors included, and keeps what was typed.
        visitor.tap("[data-lang-choice='en']");
        assertEquals(en("error.email_invalid"),
                visitor.text("#enquiry-form [data-field='personal.email'] .field-error"));
        assertEquals(en("ui.enquiry.step1"), visitor.text(".step[data-step='1'] h1"));
        assertEquals("sian@", visitor.value("enquiry-email"));
        visitor.screenshot("800x480-en-enquiry-error");
        visitor.tap("[data-lang-choice='cy']");
        assertEquals("sian@", visitor.value("enquiry-email"));

        // Fixing the field clears its message.
        visitor.type("enquiry-email", "example.org");
        assertFalse(visitor.visible("#enquiry-form [data-field='personal.email'] .field-error"));
    }

    @Test
    void theKeyboardCapitalisesNamesOffersAccentsAndKeepsFocusInTheField() {
        visitor.arrive();
        visitor.start("cy");
        visitor.tap("#go-enquiry");
        visitor.tap("#enquiry-name");
        visitor.waitFor(() -> visitor.visible("#keyboard"));
        assertEquals("text", visitor.js("return document.getElementById('keyboard').dataset.layout"));
        assertEquals("true", shift(), "a name starts with a capital");
        visitor.tap("#keyboard .key[data-char='D']");
        assertEquals("false", shift(), "then lower case");
        visitor.tap("#keyboard .key[data-char='ŵ']");
        visitor.tap("#keyboard [data-key='space']");
        assertEquals("true", shift(), "each word of a name starts with a capital");
        visitor.tap("#keyboard [data-key='backspace']");
        assertEquals("false", shift());
        assertEquals("Dŵ", visitor.value("enquiry-name"));
        assertEquals("enquiry-name", visitor.js("return document.activeElement.id"), "the field keeps focus");

        // A long press offers the other accents; a short tap types the letter itself.
        new org.openqa.selenium.interactions.Actions(visitor.driver())
                .clickAndHold(visitor.driver().findElement(org.openqa.selenium.By.cssSelector("#keyboard .key[data-char='y']")))
                .pause(java.time.Duration.ofMillis(700)).release().perform();
        assertEquals("Dŵ", visitor.value("enquiry-name"), "the long press itself types nothing");
        visitor.tap("#keyboard .accents .key[data-char='ÿ']");
        visitor.tap("#keyboard .key[data-char='y']");
        assertEquals("Dŵÿy", visitor.value("enquiry-name"));

        // The email field gets the email layout, the phone field the keypad.
        visitor.tap("#enquiry-email");
        assertEquals("email", visitor.js("return document.getElementById('keyboard').dataset.layout"));
        visitor.tap("#keyboard .key[data-char='.cymru']");
        assertEquals(".cymru", visitor.value("enquiry-email"));
        visitor.tap("#enquiry-phone");
        assertEquals("phone", visitor.js("return document.getElementById('keyboard').dataset.layout"));
        assertEquals(0L, visitor.js("return document.querySelectorAll('#keyboard .key[data-char=a]').length"),
                "no letters on the phone keypad");
        visitor.done();
        assertFalse(visitor.visible("#keyboard"));
    }

    @Test
    void aPressOfTheHelpButtonTellsTheVisitorHelpIsComing() throws Exception {
        // A kiosk of its own: the open request would show its note over the other tests' screens.
        try (TestKiosk helped = TestKiosk.in(kiosk.dir().resolve("helped"))) {
            Visitor v = new Visitor(browser.get(), helped.uri("/").toString());
            v.arrive();
            helped.appliance.hardware().simulated().orElseThrow().pressHelp();
            // Before a language is chosen the note speaks both.
            v.waitFor(() -> v.visible("#help-note"));
            String both = v.text("#help-title");
            assertTrue(both.contains(cy("ui.help.title")) && both.contains(en("ui.help.title")), both);
            v.screenshot("800x480-help-note");
            v.tap("#help-ok");
            assertFalse(v.visible("#help-note"));
            v.start("en");
            assertFalse(v.visible("#help-note"), "closed by the visitor: it stays closed");
            v.tap("#go-signin");
            v.driver().navigate().refresh();
            v.waitFor(() -> v.visible("#help-note"));
        }
    }

    @Test
    void theAttractScreensCornerLeadsStaffToTheirPinPad() {
        visitor.arrive();
        visitor.tap("#staff-corner");
        visitor.waitFor(() -> visitor.driver().getCurrentUrl().contains("/staff"));
        assertTrue(visitor.driver().getCurrentUrl().endsWith("/staff?lang=cy"));
    }

    private String shift() {
        return (String) visitor.js("return document.querySelector('#keyboard [data-key=shift]').getAttribute('aria-pressed')");
    }

    @Test
    void theAppliancesRefusalIsShownInTheVisitorsLanguageAndConsentIsAskedAgain() throws Exception {
        visitor.arrive();
        visitor.start("cy");
        // The page's notice is older than the kiosk's: what a page open across an upgrade would send.
        visitor.js("return import('/texts.js').then(m => { m.kiosk.privacy = Object.assign({}, m.kiosk.privacy,"
                + " {version: '2020-01'}); })");
        visitor.tap("#screen-choose [data-action='home']");
        visitor.start("cy");
        visitor.tap("#go-signin");
        visitor.pick("signin-council", "powys");
        visitor.type("signin-email", "dewi@example.org");
        visitor.done();
        visitor.choose("signin-form", "newsletterConsent", null);
        visitor.tap("#signin-send");

        visitor.waitFor(() -> visitor.visible("#signin-form .field-error"));
        assertEquals(cy("error.privacy_version_changed"), visitor.text("#signin-form .banner"));
        assertEquals(cy("error.privacy_version_changed"),
                visitor.text("#signin-form [data-field='fields.newsletterConsent'] .field-error"));
        assertFalse((Boolean) visitor.js("return document.querySelector('#signin-form [name=newsletterConsent]').checked"),
                "consent is asked again");
        assertEquals("dewi@example.org", visitor.value("signin-email"), "what was typed is kept");
        assertEquals(0, OutboxRow.read(kiosk.get()).size());
        visitor.screenshot("800x480-cy-signin-refused");

        // The page now holds the kiosk's notice: consent again and it is saved.
        visitor.choose("signin-form", "newsletterConsent", null);
        visitor.tap("#signin-send");
        visitor.waitFor(() -> visitor.visible("#screen-thanks"));
        List<OutboxRow> records = OutboxRow.read(kiosk.get());
        assertEquals(1, records.size());
        assertEquals("2026-11", records.get(0).fields().get("privacyVersion").asText());
    }

    @Test
    void aFailedSaveSaysSoAndKeepsEveryAnswer() throws Exception {
        try (TestKiosk doomed = TestKiosk.in(kiosk.dir().resolve("doomed"))) {
            Visitor v = new Visitor(browser.get(), doomed.uri("/").toString());
            v.arrive();
            v.start("en");
            v.tap("#go-signin");
            v.type("signin-name", "Rhys");
            v.done();
            v.pick("signin-council", "wrexham");
            doomed.close(); // the appliance goes away under the page
            v.tap("#signin-send");

            v.waitFor(() -> v.visible("#signin-form .banner"));
            assertEquals(en("ui.failed"), v.text("#signin-form .banner"));
            assertEquals("Rhys", v.value("signin-name"));
            assertEquals("wrexham", v.js("return document.querySelector('#signin-form [name=localAuthority]').value"));
            assertTrue(v.visible("#screen-signin"));
            assertTrue(v.driver().findElement(org.openqa.selenium.By.id("signin-send")).isEnabled(),
                    "the visitor can try again");
            v.screenshot("800x480-en-signin-failed");
        }
    }
}
