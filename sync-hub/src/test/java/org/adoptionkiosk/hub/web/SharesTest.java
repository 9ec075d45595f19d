package org.adoptionkiosk.hub.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shares against a 100% target read as the service reports them: to one decimal place, never rounded up to the whole. */
class SharesTest {
    private final PageTexts t = new PageTexts(PageTexts.EN, new Texts());

    @Test
    void aShareIsShownToOneDecimalPlace() {
        assertEquals("95.7%", t.percent(0.9566));
        assertEquals("95.8%", t.percent(813.0 / 849));
        assertEquals("50.0%", t.percent(0.5));
        assertEquals("0.0%", t.percent(0.0));
        assertEquals("12.5%", t.percent(0.125));
        assertEquals("100.0%", t.percent(1.0));
        assertEquals("–", t.percent(null));
    }

    @Test
    void aShareShortOfTheWholeIsNeverShownAsTheWhole() {
        assertEquals("99.9%", t.percent(0.99951));
        assertEquals("99.9%", t.percent(1 - 1e-9));
        assertEquals("99.9%", t.percent(0.9994));
    }
}
