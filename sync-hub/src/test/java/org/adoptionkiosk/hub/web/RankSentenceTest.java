package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.reports.Part;
import org.adoptionkiosk.hub.reports.Standing;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The board's sentence from where a period stands among the same period of earlier years. */
class RankSentenceTest {
    private final Texts texts = new Texts();
    private final PageTexts cy = new PageTexts("cy", texts);
    private final PageTexts en = new PageTexts("en", texts);

    private static Standing standing(long value, Long... values) {
        return Standing.of(value, List.of(values), 2014);
    }

    private void says(Standing s, Part part, String english, String welsh) {
        assertEquals(english, RankSentence.of(en, s, part));
        assertEquals(welsh, RankSentence.of(cy, s, part));
    }

    @Test
    void highestLowestAndInBetween() {
        says(standing(849, 500L, 849L, 700L), Part.H1, "the highest first half since 2014-15",
                "yr uchaf ar gyfer hanner cyntaf y flwyddyn ers 2014-15");
        says(standing(500, 500L, 849L, 700L), Part.H2, "the lowest second half since 2014-15",
                "yr isaf ar gyfer ail hanner y flwyddyn ers 2014-15");
        says(standing(700, 500L, 849L, 700L, 900L), Part.YEAR, "the 3rd highest business year since 2014-15",
                "y trydydd uchaf ar gyfer blwyddyn fusnes ers 2014-15");
        says(standing(800, 500L, 849L, 800L, 400L), Part.H1, "the 2nd highest first half since 2014-15",
                "yr ail uchaf ar gyfer hanner cyntaf y flwyddyn ers 2014-15");
    }

    @Test
    void tiesShareTheirRank() {
        says(standing(849, 849L, 849L, 700L), Part.H1, "the joint highest first half since 2014-15",
                "yr uchaf ar y cyd ar gyfer hanner cyntaf y flwyddyn ers 2014-15");
        says(standing(700, 849L, 700L, 700L, 900L, 100L), Part.H1, "the joint 3rd highest first half since 2014-15",
                "y trydydd uchaf ar y cyd ar gyfer hanner cyntaf y flwyddyn ers 2014-15");
        says(standing(100, 849L, 100L, 100L), Part.H1, "the joint lowest first half since 2014-15",
                "yr isaf ar y cyd ar gyfer hanner cyntaf y flwyddyn ers 2014-15");
    }

    @Test
    void oneYearAloneHasNothingToCompareWith() {
        says(standing(12, 12L), Part.H1, "the first first half with figures: there is no earlier one to compare with",
                "nid oes cyfnod cynharach i'w gymharu ag ef");
    }

    @Test
    void ordinalsInBothLanguages() {
        assertEquals(List.of("2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd"),
                List.of(2, 3, 4, 11, 12, 13, 21, 22, 23).stream().map(n -> RankSentence.ordinal(en, n)).toList());
        assertEquals(List.of("yr ail", "y trydydd", "y pedwerydd", "y pumed", "y chweched", "y seithfed", "yr wythfed",
                "y nawfed", "y degfed"), List.of(2, 3, 4, 5, 6, 7, 8, 9, 10).stream()
                .map(n -> RankSentence.ordinal(cy, n)).toList());
        // Beyond the 10th the Welsh names the position rather than risk a wrong ordinal.
        Long[] many = new Long[12];
        for (int i = 0; i < many.length; i++) {
            many[i] = (long) (100 - i);
        }
        says(standing(90, many), Part.H1, "the 11th highest first half since 2014-15",
                "safle 11 o 12 ar gyfer hanner cyntaf y flwyddyn ers 2014-15");
    }
}
