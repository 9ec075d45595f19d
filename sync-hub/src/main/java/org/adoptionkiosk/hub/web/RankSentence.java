package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.reports.Part;
import org.adoptionkiosk.hub.reports.Standing;

import java.util.List;

/**
 * The sentence the board reads from a {@link Standing}: "the highest first half since 2014-15",
 * "the 3rd highest …", "the lowest …", "yr uchaf ar gyfer hanner cyntaf y flwyddyn ers 2014-15",
 * "y trydydd uchaf …". Welsh ordinals are words from the 2nd to the 10th (with "yr" before a
 * vowel); beyond, both languages say the position ("number 12 of 14"), which stays correct Welsh.
 */
final class RankSentence {
    /** Welsh ordinals with their article, 2nd to 10th. */
    private static final List<String> CY_ORDINALS = List.of("yr ail", "y trydydd", "y pedwerydd", "y pumed",
            "y chweched", "y seithfed", "yr wythfed", "y nawfed", "y degfed");

    private RankSentence() {
    }

    static String of(PageTexts t, Standing s, Part part) {
        String noun = t.get("report.part_noun." + part.slug());
        if (s.alone()) {
            return t.f("report.rank.alone", noun);
        }
        String since = Period.businessYearLabel(s.since());
        String joint = s.tied() ? "joint_" : "";
        if (s.rank() == 1) {
            return t.f("report.rank." + joint + "highest", noun, since);
        }
        if (s.lowest()) {
            return t.f("report.rank." + joint + "lowest", noun, since);
        }
        String ordinal = ordinal(t, s.rank());
        return ordinal == null ? t.f("report.rank.position", noun, since, s.rank(), s.of())
                : t.f("report.rank." + joint + "nth", noun, since, ordinal);
    }

    /** "3rd", or "y trydydd"; null in Welsh beyond the 10th. */
    static String ordinal(PageTexts t, int n) {
        if (t.welsh()) {
            return n >= 2 && n <= 10 ? CY_ORDINALS.get(n - 2) : null;
        }
        int tens = n % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
