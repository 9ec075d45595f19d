package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivacyNoticeTest {

    @Test
    void theRecordedFingerprintMatchesTheText() {
        PrivacyNotice notice = PrivacyNotice.load(Messages.load());
        assertEquals("2026-11", notice.version());
    }

    @Test
    void theNoticeHasATitleThenItsParagraphsInOrderInBothLanguages() {
        Messages messages = Messages.load();
        PrivacyNotice notice = PrivacyNotice.load(messages);
        assertEquals("privacy.notice.title", notice.paragraphs().get(0));
        assertEquals(List.of("privacy.notice.1", "privacy.notice.2", "privacy.notice.3", "privacy.notice.4",
                "privacy.notice.5", "privacy.notice.6", "privacy.notice.7"), notice.paragraphs().subList(1, 8));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> json = (List<Map<String, String>>) notice.toJson(messages).get("paragraphs");
        assertEquals(notice.paragraphs().size(), json.size());
        assertEquals(messages.get(Lang.CY, "privacy.notice.4"), json.get(4).get("cy"));
        assertTrue(json.get(4).get("cy").contains("amgryptio"));
        assertTrue(json.get(4).get("en").contains("encrypted"));
    }

    @Test
    void anyChangeToEitherLanguageChangesTheFingerprint() {
        Messages messages = Messages.load();
        String before = PrivacyNotice.fingerprint(messages);
        Map<Lang, Map<String, String>> changed = Map.of(
                Lang.CY, messages.texts(Lang.CY),
                Lang.EN, with(messages.texts(Lang.EN), "privacy.notice.5", "We may share your details."));
        assertNotEquals(before, PrivacyNotice.fingerprint(Messages.of(changed)));
        Map<Lang, Map<String, String>> welshChanged = Map.of(
                Lang.CY, with(messages.texts(Lang.CY), "privacy.notice.5", "Gallwn rannu eich manylion."),
                Lang.EN, messages.texts(Lang.EN));
        assertNotEquals(before, PrivacyNotice.fingerprint(Messages.of(welshChanged)));
    }

    private static Map<String, String> with(Map<String, String> texts, String key, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(texts);
        copy.put(key, value);
        return copy;
    }
}
