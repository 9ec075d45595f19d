package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.protocol.Lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kiosk's words, one UTF-8 properties file per language ({@code i18n/messages_cy.properties},
 * {@code i18n/messages_en.properties}) with the same keys, so a Welsh speaker can review one file.
 */
public final class Messages {
    private final Map<Lang, Map<String, String>> texts;

    private Messages(Map<Lang, Map<String, String>> texts) {
        this.texts = texts;
    }

    public static Messages load() {
        return of(Map.of(Lang.CY, read(Lang.CY), Lang.EN, read(Lang.EN)));
    }

    /** Texts given directly, for tests that need a changed one. */
    public static Messages of(Map<Lang, Map<String, String>> texts) {
        return new Messages(Map.of(Lang.CY, Map.copyOf(texts.get(Lang.CY)), Lang.EN, Map.copyOf(texts.get(Lang.EN))));
    }

    public static String resourceName(Lang lang) {
        return "/i18n/messages_" + lang.code() + ".properties";
    }

    /** The file's entries in key order; read as UTF-8 whatever the platform default. */
    public static Map<String, String> read(Lang lang) {
        String name = resourceName(lang);
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                out.put(key, p.getProperty(key));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    public String get(Lang lang, String key) {
        String text = texts.get(lang).get(key);
        if (text == null) {
            throw new IllegalArgumentException("no " + lang.code() + " text for " + key);
        }
        return text;
    }

    public String get(Lang lang, ErrorCode code) {
        return get(lang, code.messageKey());
    }

    /** Every text in one language, by key. */
    public Map<String, String> texts(Lang lang) {
        return texts.get(lang);
    }

    public Set<String> keys(Lang lang) {
        return texts.get(lang).keySet();
    }
}
