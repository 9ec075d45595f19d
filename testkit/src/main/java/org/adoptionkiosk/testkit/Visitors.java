package org.adoptionkiosk.testkit;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bodies for the kiosk's {@code POST /api/records}, as the touchscreen sends them: numbered
 * visitors for a test that counts ({@link #record}), or random ones for a load ({@link #next}).
 * Every visitor's email is theirs alone, so a test can look for each one in clear on every disk and
 * in every log.
 */
public final class Visitors {
    public static final String[] COUNCILS = {"isle-of-anglesey", "gwynedd", "cardiff", "swansea", "powys", "newport",
            "rhondda-cynon-taf", "conwy", "wrexham", "outside-wales"};
    public static final String EMAIL_DOMAIN = "@example.org";

    /**
     * One visitor's capture.
     *
     * @param id   the id the client gives the record, or null when it gives none
     * @param body the JSON sent, the same bytes on every retry
     */
    public record Capture(UUID id, String email, String body) {
    }

    private Visitors() {
    }

    /** Visitor {@code n}: every third ({@code n % 3 == 0}) leaves an enquiry, the rest sign in without an email. */
    public static String record(int n) {
        String council = COUNCILS[n % COUNCILS.length];
        if (n % 3 == 0) {
            return enquiry(null, council, "Siân Ymwelydd " + n, email(n));
        }
        return signin(null, n % 2 == 0 ? "cy" : "en", council, null);
    }

    /** The email of visitor {@code n} of {@link #record}. */
    public static String email(int n) {
        return "ymwelydd." + n + EMAIL_DOMAIN;
    }

    /**
     * A random visitor: a third leave an enquiry (name, email, postcode), the rest sign in with an
     * email for the newsletter; each with an email of its own ({@code v-<uuid>@example.org}) and, when
     * {@code withId}, a client-made UUID v4 {@code id}.
     */
    public static Capture next(boolean withId) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        UUID id = withId ? UUID.randomUUID() : null;
        String email = "v-" + UUID.randomUUID() + EMAIL_DOMAIN;
        String council = COUNCILS[r.nextInt(COUNCILS.length)];
        String body = r.nextInt(3) == 0
                ? enquiry(id, council, "Siân Ymwelydd", email)
                : signin(id, r.nextBoolean() ? "cy" : "en", council, email);
        return new Capture(id, email, body);
    }

    private static String enquiry(UUID id, String council, String name, String email) {
        return "{" + idMember(id) + """
                "type":"enquiry","lang":"cy","fields":{"localAuthority":"%s","topic":"adopting",\
                "contactConsent":true,"privacyVersion":"2026-11"},\
                "personal":{"name":"%s","email":"%s","postcode":"LL55 1AA"}}"""
                .formatted(council, name, email);
    }

    /** A sign-in; with an email, for the newsletter. */
    private static String signin(UUID id, String lang, String council, String email) {
        if (email == null) {
            return "{" + idMember(id) + """
                    "type":"signin","lang":"%s","fields":{"localAuthority":"%s","privacyVersion":"2026-11"}}"""
                    .formatted(lang, council);
        }
        return "{" + idMember(id) + """
                "type":"signin","lang":"%s","fields":{"localAuthority":"%s","newsletterConsent":true,\
                "privacyVersion":"2026-11"},"personal":{"name":"Ymwelydd","email":"%s"}}"""
                .formatted(lang, council, email);
    }

    private static String idMember(UUID id) {
        return id == null ? "" : "\"id\":\"" + id + "\",";
    }
}
