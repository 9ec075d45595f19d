package org.adoptionkiosk.appliance.web;

import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the kiosk page from the message bundles, so every word on screen lives in the two
 * properties files. {@code {{key}}} becomes both languages, each in its own {@code lang} span;
 * {@code {{attr:key}}} becomes {@code data-cy} and {@code data-en} attributes for script to use;
 * {@code {{plain:key}}} becomes "Cymraeg · English" as plain text (for the title).
 */
final class PageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(?:(attr|plain):)?([a-zA-Z0-9_.-]+)}}");

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
            String replacement;
            if ("attr".equals(kind)) {
                replacement = "data-cy=\"" + cy + "\" data-en=\"" + en + "\"";
            } else if ("plain".equals(kind)) {
                replacement = cy + " · " + en;
            } else {
                replacement = "<span lang=\"cy\">" + cy + "</span><span lang=\"en\">" + en + "</span>";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
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
