package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's form options on the visitor's screen, in real Chromium at 800×480: a path the hub turns
 * off is not offered, in Cymraeg or English; a change reaches a page already open when it returns
 * to the attract screen, without a reload; and a send the hub turned off while the visitor was on
 * the form is refused in the visitor's language, with nothing stored. The options are applied as
 * the sync agent applies the hub's config message.
 */
class FormOptionsIT extends KioskInBrowser {
    private static final Messages MESSAGES = Messages.load();
    private static final String AUDIT = Resources.text("/ui/audit.js");

    private final WireCodec codec = new WireCodec();
    private long version;

    private void offer(Boolean signin, Boolean enquiry, Boolean newsletter) {
        kiosk.get().appliance.applyHubConfig(codec.encode(new DeviceConfig(++version, null, null,
                new DeviceConfig.FormOptions(signin, enquiry, newsletter), null, null, false, Instant.now())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cy", "en"})
    void enquiriesOffHidesTheirButtonUntilTheHubTurnsThemBackOn(String lang) {
        offer(true, false, true);
        visitor.arrive();
        visitor.start(lang);
        assertTrue(visitor.visible("#go-signin"));
        assertFalse(visitor.visible("#go-enquiry"), "no \"I'm interested\" button");
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "ui.choose.signin"), visitor.text("#go-signin strong"));
        visitor.screenshot("800x480-" + lang + "-choose-no-enquiry");
        audit("800x480-" + lang + "-choose-no-enquiry");

        // The hub turns enquiries back on while the page is open: it asks again on the attract screen.
        offer(null, true, null);
        visitor.js("window.notReloaded = true");
        visitor.tap("#screen-choose [data-action='home']");
        visitor.waitFor(() -> visitor.visible("#screen-attract"));
        visitor.start(lang);
        visitor.waitFor(() -> visitor.visible("#go-enquiry"));
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "ui.choose.enquiry"), visitor.text("#go-enquiry strong"));
        assertEquals(Boolean.TRUE, visitor.js("return window.notReloaded === true"), "the same page, not a reload");

        offer(null, false, null);
        visitor.tap("#screen-choose [data-action='home']");
        visitor.start(lang);
        visitor.waitFor(() -> !visitor.visible("#go-enquiry"));
        assertEquals(Boolean.TRUE, visitor.js("return window.notReloaded === true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cy", "en"})
    void anEnquiryTurnedOffWhileTheVisitorWasOnTheFormIsRefusedInTheirLanguage(String lang) throws Exception {
        offer(null, true, null);
        int before = OutboxRow.read(kiosk.get()).size();
        visitor.arrive();
        visitor.start(lang);
        visitor.tap("#go-enquiry");
        visitor.waitFor(() -> visitor.visible("#screen-enquiry"));
        visitor.type("enquiry-name", "Ann");
        visitor.type("enquiry-email", "ann@example.org");
        visitor.done();
        visitor.tap("#enquiry-next");
        visitor.waitFor(() -> visitor.visible(".step[data-step='2']"));
        visitor.choose("enquiry-form", "topic", "adopting");
        visitor.pick("enquiry-council", "powys");
        visitor.tap("#enquiry-next");
        visitor.waitFor(() -> visitor.visible(".step[data-step='3']"));
        visitor.tap("#enquiry-next");
        visitor.waitFor(() -> visitor.visible(".step[data-step='4']"));
        visitor.choose("enquiry-form", "contactConsent", null);

        offer(null, false, null); // the hub turns enquiries off as the visitor reaches the last step
        visitor.tap("#enquiry-send");
        visitor.waitFor(() -> visitor.visible("#enquiry-form .banner"));
        assertEquals(MESSAGES.get(Lang.fromCode(lang), "error.enquiry_disabled"), visitor.text("#enquiry-form .banner"));
        visitor.screenshot("800x480-" + lang + "-enquiry-disabled");
        assertTrue(visitor.visible("#screen-enquiry"), "the visitor stays where they were");
        assertEquals("Ann", visitor.value("enquiry-name"), "and nothing they typed is lost");
        assertEquals(before, OutboxRow.read(kiosk.get()).size(), "nothing was stored");
        // The page has asked again: the choose screen offers only the sign-in now.
        visitor.waitFor(() -> Boolean.TRUE.equals(visitor.js("return document.getElementById('go-enquiry').hidden")));
        assertEquals(Boolean.FALSE, visitor.js("return document.getElementById('go-signin').hidden"));
    }

    @Test
    void theNewsletterOffHidesTheSigninEmailAndBothNewsletterBoxes() throws Exception {
        offer(true, true, false);
        int before = OutboxRow.read(kiosk.get()).size();
        visitor.arrive();
        visitor.start("cy");
        visitor.tap("#go-signin");
        visitor.waitFor(() -> visitor.visible("#screen-signin"));
        assertTrue(visitor.visible("#signin-name"));
        assertFalse(visitor.visible("#signin-email"), "no email for a newsletter that is not offered");
        assertFalse(visitor.visible("#signin-form [data-field='fields.newsletterConsent']"));
        assertEquals(Boolean.TRUE, visitor.js(
                "return document.querySelector(\"#enquiry-form [data-field='fields.newsletterConsent']\").hidden"));
        visitor.screenshot("800x480-cy-signin-no-newsletter");
        audit("800x480-cy-signin-no-newsletter");

        visitor.pick("signin-council", "ceredigion");
        visitor.tap("#signin-send");
        visitor.waitFor(() -> visitor.visible("#screen-thanks"));
        assertFalse(visitor.visible(".thanks-newsletter"));
        List<OutboxRow> records = OutboxRow.read(kiosk.get());
        assertEquals(before + 1, records.size());
        assertFalse(records.get(records.size() - 1).fields().get("newsletterConsent").asBoolean());
        visitor.tap("#thanks-finish");
        visitor.waitFor(() -> visitor.visible("#screen-attract"));
    }

    private void audit(String where) {
        @SuppressWarnings("unchecked")
        List<String> found = new ArrayList<>((List<String>) visitor.js(AUDIT));
        assertEquals(List.of(), found, where);
    }
}
