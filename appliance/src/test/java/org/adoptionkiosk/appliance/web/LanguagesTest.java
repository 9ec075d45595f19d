package org.adoptionkiosk.appliance.web;

import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LanguagesTest {
    @Test
    void picksTheBrowsersPreferenceBetweenWelshAndEnglish() {
        assertEquals(Lang.CY, Languages.fromAcceptLanguage("cy"));
        assertEquals(Lang.CY, Languages.fromAcceptLanguage("cy-GB,cy;q=0.9,en-GB;q=0.8"));
        assertEquals(Lang.EN, Languages.fromAcceptLanguage("en-GB,en;q=0.9,cy;q=0.8"));
        assertEquals(Lang.CY, Languages.fromAcceptLanguage("fr;q=1, cy;q=0.5, en;q=0.4"));
        assertEquals(Lang.EN, Languages.fromAcceptLanguage("fr, de"));
        assertEquals(Lang.EN, Languages.fromAcceptLanguage(null));
        assertEquals(Lang.EN, Languages.fromAcceptLanguage("cy;q=0"));
        assertEquals(Lang.EN, Languages.fromAcceptLanguage("cy;q=banana"));
    }
}
