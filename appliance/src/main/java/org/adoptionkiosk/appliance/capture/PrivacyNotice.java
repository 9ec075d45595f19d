package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.protocol.Lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The privacy notice a visitor reads before consenting, and its version, which every record
 * carries. The text lives in the message bundles ({@code privacy.notice.*}); its version and the
 * SHA-256 of that text live in {@code privacy/notice.properties}. A changed text with an unchanged
 * version would make old consents look like consents to new words, so the kiosk refuses to start
 * until the version is changed with the text.
 *
 * @param version    what records carry as {@code privacyVersion}
 * @param paragraphs the message keys of the notice in reading order, title first
 */
public record PrivacyNotice(String version, List<String> paragraphs) {
    public static final String RESOURCE = "/privacy/notice.properties";
    static final String PREFIX = "privacy.notice.";

    /**
     * @throws IllegalStateException when the text no longer matches the recorded fingerprint
     */
    public static PrivacyNotice load(Messages messages) {
        Properties file = new Properties();
        try (InputStream in = PrivacyNotice.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = file.getProperty("version", "").trim();
        String recorded = file.getProperty("sha256", "").trim();
        String actual = fingerprint(messages);
        if (!actual.equals(recorded)) {
            throw new IllegalStateException("the privacy notice's text (" + PREFIX + "* in the message bundles) "
                    + "changed but " + RESOURCE + " still says version " + version + ": give the notice a new "
                    + "version there and set sha256=" + actual);
        }
        return new PrivacyNotice(version, keys(messages));
    }

    /** SHA-256 over both languages' notice texts, key by key. */
    public static String fingerprint(Messages messages) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Lang lang : Lang.values()) {
                for (String key : keys(messages)) {
                    sha.update((lang.code() + "|" + key + "|" + messages.get(lang, key) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** {@code privacy.notice.title} first, then the numbered paragraphs in number order. */
    static List<String> keys(Messages messages) {
        return messages.keys(Lang.EN).stream()
                .filter(k -> k.startsWith(PREFIX))
                .sorted((a, b) -> Integer.compare(order(a), order(b)))
                .toList();
    }

    private static int order(String key) {
        String rest = key.substring(PREFIX.length());
        return rest.equals("title") ? 0 : Integer.parseInt(rest);
    }

    /** The notice as the page and {@code GET /api/privacy} give it: version, then each text in both languages. */
    public Map<String, Object> toJson(Messages messages) {
        return Map.of("version", version, "paragraphs", paragraphs.stream()
                .map(k -> Map.of("cy", messages.get(Lang.CY, k), "en", messages.get(Lang.EN, k)))
                .toList());
    }
}
