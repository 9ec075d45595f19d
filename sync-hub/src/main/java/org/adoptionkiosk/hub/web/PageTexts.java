package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.protocol.RegionMap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The texts of one language, as a page reads them: {@code t.get("key")}, or {@code t.f("key", a, b)}
 * to fill {@code {0}}, {@code {1}}. Plain replacement, not MessageFormat, because Welsh is full of
 * apostrophes that MessageFormat would swallow.
 */
public record PageTexts(String lang, Texts texts) {
    public static final String CY = "cy";
    public static final String EN = "en";
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final BigDecimal HUNDRED = new BigDecimal("100.0");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    public static String orWelsh(String lang) {
        return EN.equals(lang) ? EN : CY;
    }

    public boolean welsh() {
        return CY.equals(lang);
    }

    public String get(String key) {
        RegionMap.Names n = texts.get(key);
        return welsh() ? n.cy() : n.en();
    }

    public String f(String key, Object... args) {
        String s = get(key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    /** A name from the regions file (or any Welsh/English pair) in this language. */
    public String name(RegionMap.Names n) {
        return n == null ? "" : welsh() ? n.cy() : n.en();
    }

    public String num(long n) {
        return String.format(Locale.UK, "%,d", n);
    }

    /**
     * A share to one decimal place, as the service reports its measures against 100% (95.7%). A
     * share short of the whole is never rounded up to it: 99.96% shows as 99.9%, beside "Not met".
     */
    public String percent(Double share) {
        if (share == null) {
            return "–";
        }
        BigDecimal tenths = BigDecimal.valueOf(share).movePointRight(2).setScale(1, RoundingMode.HALF_UP);
        if (share < 1 && tenths.compareTo(HUNDRED) >= 0) {
            tenths = new BigDecimal("99.9");
        }
        return tenths.toPlainString() + "%";
    }

    /** Months to one decimal place (6.3), as the service reports times to approval. */
    public String months(double months) {
        return String.format(Locale.UK, "%.1f", months);
    }

    public String day(LocalDate d) {
        return d == null ? "–" : DAY.format(d);
    }

    public String time(Instant t) {
        return t == null ? "–" : TIME.format(t.atZone(ZONE));
    }

    /** The other language, for the toggle. */
    public PageTexts other() {
        return new PageTexts(welsh() ? EN : CY, texts);
    }
}
