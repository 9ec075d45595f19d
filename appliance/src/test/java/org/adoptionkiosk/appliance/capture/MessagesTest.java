package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    @Test
    void welshTextsAreNotEnglishCopies() {
        Map<String, String> cy = Messages.read(Lang.CY);
        Map<String, String> en = Messages.read(Lang.EN);
        long same = cy.keySet().stream().filter(k -> cy.get(k).equals(en.get(k))).count();
        assertEquals(0, same, "a Welsh text equal to its English one is probably untranslated");
    }
}
