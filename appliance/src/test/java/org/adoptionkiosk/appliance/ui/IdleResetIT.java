package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.web.ScreenTimings;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A visitor walks away mid-enquiry: the kiosk asks whether they are still there, and when nobody
 * answers it wipes every field and all state and shows the attract screen. The timings are
 * shortened for the test (the kiosk's defaults are 60 s and 30 s).
 */
class IdleResetIT extends KioskInBrowser {
    private static final Messages MESSAGES = Messages.load();

    @Override
    protected ApplianceConfig settings(ApplianceConfig defaults) {
        return defaults.withScreenTimings(new ScreenTimings(2, 4, 2));
    }

    @Test
    void theWarningCanBeAnsweredAndOtherwiseEverythingIsWiped() throws Exception {
        Visitor v = visitor;
        v.arrive();
        Object historyAtArrival = v.js("return history.length");
        v.start("cy");
        v.tap("[data-lang-choice='en']");
        v.tap("#large-text");
        v.tap("#go-enquiry");
        v.type("enquiry-name", "Siân");
        v.type("enquiry-email", "sian@example.org");
        v.done();
        v.tap("#enquiry-next");
        v.choose("enquiry-form", "topic", "support");
        v.pick("enquiry-council", "gwynedd");

        // Quiet for the idle time: the warning comes, in the visitor's language, with a countdown.
        v.waitFor(() -> v.visible("#idle"));
        assertEquals(MESSAGES.get(Lang.EN, "ui.idle.title"), v.text("#idle-title"));
        assertTrue(v.text("#idle-text").matches(".*\\d+ seconds\\.$"), v.text("#idle-text"));
        assertEquals(MESSAGES.get(Lang.EN, "ui.idle.stay"), v.text("#still-here"));
        v.screenshot("800x480-en-idle-warning");
        v.tap("#still-here");
        assertFalse(v.visible("#idle"));
        assertTrue(v.visible(".step[data-step='2']"), "still where they were");
        assertEquals("Siân", v.value("enquiry-name"));

        // Quiet again and nobody answers: everything goes.
        v.waitFor(() -> v.visible("#idle"));
        v.wait(15).until(d -> v.visible("#screen-attract"));
        assertFalse(v.visible("#idle"));
        assertEquals("", v.js("return document.documentElement.dataset.lang"), "no language chosen");
        assertEquals(Boolean.FALSE, v.js("return document.documentElement.classList.contains('large')"));
        assertEquals(0L, v.js("return Array.from(document.querySelectorAll('input:not([type=radio]):not([type=checkbox]), textarea'))"
                + ".filter(e => e.value !== '').length"), "every text field and hidden choice is empty");
        assertEquals(0L, v.js("return document.querySelectorAll('input:checked').length - "
                + "document.querySelectorAll('input[name=sendTo][value=region]:checked').length"),
                "nothing ticked but the default destination");
        assertEquals(Boolean.FALSE, v.js("return document.body.innerHTML.includes('Siân')"
                + " || document.body.innerHTML.includes('sian@')"), "no trace in the page");
        assertEquals(0L, v.js("return localStorage.length + sessionStorage.length"), "no browser storage");
        assertEquals("", v.js("return document.cookie"));
        assertEquals(historyAtArrival, v.js("return history.length"), "the page added no history to go back through");

        // The next visitor starts on the first step of an empty form.
        v.start("en");
        v.tap("#go-enquiry");
        assertTrue(v.visible(".step[data-step='1']"));
        assertEquals("", v.value("enquiry-name"));
        assertEquals(Boolean.TRUE, v.js("return document.querySelector('#enquiry-council .picker-value')"
                + ".hasAttribute('data-empty')"), "no council chosen");

        // The thank-you screen goes back to the start by itself (after 2 s here, 20 s by default).
        v.tap("#screen-enquiry [data-action='back']");
        v.tap("#go-signin");
        v.pick("signin-council", "newport");
        v.tap("#signin-send");
        v.waitFor(() -> v.visible("#screen-thanks"));
        v.wait(10).until(d -> v.visible("#screen-attract"));
        assertEquals(1, OutboxRow.read(kiosk.get()).size());
    }
}
