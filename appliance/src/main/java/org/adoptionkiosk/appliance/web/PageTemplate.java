package org.adoptionkiosk.appliance.web;

import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the kiosk page from the message bundles, so every word on screen lives in the two
 * properties files. {@code {{key}}} becomes both languages, each in its own {@code lang} span of
 * class {@code t}, of which the page shows the chosen one; {@code {{both:key}}} the same with class
 * {@code both}, always both shown (the attract screen, before a choice); {@code {{cy:key}}} and
 * {@code {{en:key}}} one language only; {@code {{attr:key}}} becomes {@code data-cy} and
 * {@code data-en} attributes; {@code {{plain:key}}} becomes "Cymraeg · English" as plain text (for
 * the title).
 */
final class PageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(?:(attr|plain|both|cy|en):)?([a-zA-Z0-9_.-]+)}}");

    private PageTemplate() {
    }

    static String render(String template, Messages messages) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String key = m.group(2);
            String cy = escape(messages.get(Lang.CY, key));
            String en = escape(messages.get(Lang.EN, key));
            String replacement = switch (kind == null ? "" : kind) {
                case "attr" -> "data-cy=\"" + cy + "\" data-en=\"" + en + "\"";
                case "plain" -> cy + " · " + en;
                case "cy" -> span("one", "cy", cy);
                case "en" -> span("one", "en", en);
                case "both" -> span("both", "cy", cy) + span("both", "en", en);
                default -> span("t", "cy", cy) + span("t", "en", en);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String span(String cssClass, String lang, String escapedText) {
        return "<span class=\"" + cssClass + "\" lang=\"" + lang + "\">" + escapedText + "</span>";
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
