package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.hardware.LightPattern;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Welsh is never second-class: every English text has a Welsh one, and the other way round. */
class MessagesTest {

    @Test
    void bothLanguagesHaveTheSameKeys() {
        Set<String> cy = Messages.read(Lang.CY).keySet();
        Set<String> en = Messages.read(Lang.EN).keySet();
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(cy);
        Set<String> onlyCy = new TreeSet<>(cy);
        onlyCy.removeAll(en);
        assertTrue(onlyEn.isEmpty(), "missing from messages_cy.properties: " + onlyEn);
        assertTrue(onlyCy.isEmpty(), "missing from messages_en.properties: " + onlyCy);
    }

    @Test
    void noTextIsEmpty() {
        for (Lang lang : Lang.values()) {
            for (Map.Entry<String, String> e : Messages.read(lang).entrySet()) {
                assertFalse(e.getValue().isBlank(), lang.code() + " " + e.getKey() + " is empty");
            }
        }
    }

    @Test
    void everyErrorCodeHasBothTexts() {
        Messages messages = Messages.load();
        for (ErrorCode code : ErrorCode.values()) {
            for (Lang lang : Lang.values()) {
                assertFalse(messages.get(lang, code).isBlank(), code + " in " + lang.code());
            }
        }
    }

    @Test
    void filesAreReadAsUtf8() throws Exception {
        try (InputStream in = Messages.class.getResourceAsStream(Messages.resourceName(Lang.CY))) {
            assertNotNull(in);
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(raw.contains("caniatâd"), "the file is UTF-8 with Welsh diacritics");
        }
        assertTrue(Messages.load().get(Lang.CY, ErrorCode.CONTACT_CONSENT_REQUIRED).contains("caniatâd"));
        assertTrue(Messages.load().get(Lang.CY, "ui.field.phone").contains("Ffôn"));
    }

    /** The page and its scripts name texts by key; each must exist in both files. */
    @Test
    void everyTextThePageUsesExistsInBothLanguages() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String page : new String[]{"index.html", "staff.html"}) {
            Matcher placeholder = Pattern.compile("\\{\\{(?:[a-z]+:)?([a-zA-Z0-9_.-]+)}}").matcher(resource("/web/" + page));
            while (placeholder.find()) {
                used.add(placeholder.group(1));
            }
        }
        for (String script : new String[]{"kiosk.js", "keyboard.js", "idle.js", "texts.js", "checks.js", "lockdown.js", "staff.js"}) {
            Matcher literal = Pattern.compile("'((?:ui|error|privacy|staff)\\.[a-zA-Z0-9_.]+)'").matcher(resource("/web/" + script));
            while (literal.find()) {
                if (!literal.group(1).endsWith(".")) { // a prefix completed at run time, e.g. 'error.' + code
                    used.add(literal.group(1));
                }
            }
        }
        assertTrue(used.size() > 80, "found the keys in use: " + used.size());
        for (Lang lang : Lang.values()) {
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(Messages.read(lang).keySet());
            assertTrue(missing.isEmpty(), "used by the page but missing from " + Messages.resourceName(lang) + ": " + missing);
        }
    }

    /** The staff page completes some keys at run time: the status light's pattern, the day of the week. */
    @Test
    void everyTextTheStaffPageMakesAtRunTimeExistsInBothLanguages() {
        List<String> keys = new ArrayList<>();
        for (LightPattern pattern : LightPattern.values()) {
            keys.add("staff.light." + pattern.name());
        }
        for (int day = 0; day < 7; day++) {
            keys.add("staff.weekday." + day);
        }
        for (Lang lang : Lang.values()) {
            Set<String> missing = new TreeSet<>(keys);
            missing.removeAll(Messages.read(lang).keySet());
            assertTrue(missing.isEmpty(), "missing from " + Messages.resourceName(lang) + ": " + missing);
        }
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void welshTextsAreNotEnglishCopies() {
        Map<String, String> cy = Messages.read(Lang.CY);
        Map<String, String> en = Messages.read(Lang.EN);
        long same = cy.keySet().stream().filter(k -> cy.get(k).equals(en.get(k))).count();
        assertEquals(0, same, "a Welsh text equal to its English one is probably untranslated");
    }
}
