package org.adoptionkiosk.appliance.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every screen at both touchscreen sizes, in both languages, at normal and large text: touch
 * targets of at least 44×44, the primary actions on screen, no sideways scrolling, WCAG AA
 * contrast, the field being typed in visible above the keyboard, and no way out of the kiosk.
 */
class KioskLayoutIT extends KioskInBrowser {
    private static final String AUDIT = Resources.text("/ui/audit.js");

    @ParameterizedTest(name = "{0}x{1} {2} large={3}")
    @CsvSource({
            "800, 480, cy, false", "800, 480, en, false", "800, 480, cy, true", "800, 480, en, true",
            "1280, 800, cy, false", "1280, 800, en, false", "1280, 800, cy, true", "1280, 800, en, true"})
    void everyScreenFitsAndCanBeUsedByTouch(int width, int height, String lang, boolean large) {
        browser.get().resize(width, height);
        List<String> problems = new ArrayList<>();
        String prefix = width + "x" + height + "-" + lang + (large ? "-large" : "");
        visitor.arrive();
        audit(problems, prefix, "attract");
        visitor.start(lang);
        if (large) {
            visitor.tap("#large-text");
        }
        audit(problems, prefix, "choose");

        visitor.tap("#go-signin");
        audit(problems, prefix, "signin");
        visitor.tap("#signin-name");
        visitor.waitFor(() -> visitor.visible("#keyboard"));
        audit(problems, prefix, "text-keyboard");
        visitor.tap("#keyboard [data-key='layer']");
        audit(problems, prefix, "symbols-keyboard");
        visitor.tap("#signin-email");
        visitor.waitFor(() -> "email".equals(visitor.js("return document.getElementById('keyboard').dataset.layout")));
        audit(problems, prefix, "email-keyboard");
        visitor.done();
        visitor.tap("#signin-form [data-action='privacy']");
        audit(problems, prefix, "privacy");
        visitor.tap("#privacy [data-action='close-privacy']");
        visitor.tap("#signin-council");
        audit(problems, prefix, "council-picker");
        visitor.tap("#picker .option[data-value='conwy']");
        visitor.tap("#screen-signin [data-action='back']");

        visitor.tap("#go-enquiry");
        audit(problems, prefix, "enquiry-1");
        visitor.tap("#enquiry-phone");
        visitor.waitFor(() -> visitor.visible("#keyboard"));
        audit(problems, prefix, "phone-keyboard");
        visitor.tap("#enquiry-postcode");
        audit(problems, prefix, "postcode-keyboard");
        visitor.done();
        visitor.tap("#enquiry-next");
        audit(problems, prefix, "enquiry-1-errors");
        // The layout is under test here, not typing: fill step 1 directly.
        visitor.js("document.getElementById('enquiry-name').value = 'Alex';"
                + "document.getElementById('enquiry-email').value = 'alex@example.org';");
        visitor.tap("#enquiry-next");
        visitor.waitFor(() -> visitor.visible(".step[data-step='2']"));
        visitor.choose("enquiry-form", "sendTo", "agency");
        audit(problems, prefix, "enquiry-2");
        visitor.choose("enquiry-form", "sendTo", "region");
        visitor.choose("enquiry-form", "topic", "other");
        visitor.pick("enquiry-council", "outside-wales");
        visitor.tap("#enquiry-next");
        visitor.waitFor(() -> visitor.visible(".step[data-step='3']"));
        audit(problems, prefix, "enquiry-3");
        visitor.tap("#enquiry-message");
        audit(problems, prefix, "message-keyboard");
        visitor.done();
        visitor.tap("#enquiry-next");
        visitor.waitFor(() -> visitor.visible(".step[data-step='4']"));
        audit(problems, prefix, "enquiry-4");
        visitor.choose("enquiry-form", "contactConsent", null);
        visitor.tap("#enquiry-send");
        visitor.waitFor(() -> visitor.visible("#screen-thanks"));
        assertTrue(visitor.visible(".to-central"), "an enquiry from outside Wales goes to the central team");
        audit(problems, prefix, "thanks-enquiry");

        assertEquals(List.of(), problems);
    }

    private void audit(List<String> problems, String prefix, String screen) {
        visitor.screenshot(prefix + "-" + screen);
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) visitor.js(AUDIT);
        found.forEach(p -> problems.add(prefix + " " + screen + ": " + p));
    }

    @Test
    void noWayOutOfTheKiosk() {
        browser.get().resize(800, 480);
        visitor.arrive();
        assertEquals(0L, visitor.js("return document.querySelectorAll('a[href], iframe, form[action]').length"),
                "no links, frames or form targets");
        assertEquals(Boolean.TRUE, visitor.js("return performance.getEntriesByType('resource')"
                + ".every(e => e.name.startsWith(location.origin))"), "every asset comes from the appliance");
        assertTrue(((Number) visitor.js("return performance.getEntriesByType('resource').length")).intValue() >= 5,
                "the scripts and style sheet were loaded");
        assertTrue(String.valueOf(visitor.js("return document.querySelector('meta[name=viewport]').content"))
                .contains("user-scalable=no"), "no pinch zoom");
        assertEquals(Boolean.TRUE, visitor.js("const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});"
                + "document.querySelector('h1').dispatchEvent(e); return e.defaultPrevented;"), "no context menu");
        assertEquals(Boolean.TRUE, visitor.js("const e = new Event('selectstart', {bubbles: true, cancelable: true});"
                + "document.querySelector('h1').dispatchEvent(e); return e.defaultPrevented;"), "no text selection");
        assertEquals("none", visitor.js("return getComputedStyle(document.body).userSelect"));
        assertEquals(Boolean.TRUE, visitor.js("const e = new WheelEvent('wheel', {ctrlKey: true, bubbles: true, cancelable: true});"
                + "document.body.dispatchEvent(e); return e.defaultPrevented;"), "no ctrl-wheel zoom");
    }
}
