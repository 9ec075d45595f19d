package org.adoptionkiosk.chaos;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bodies for {@code POST /api/records} as the touchscreen sends them. Every capture carries an
 * email no other capture uses ({@code v-<uuid>@example.org}), so the test can look for each one in
 * clear on every disk and in every log, and a client-made UUID v4 {@code id} when the kiosk takes one.
 */
final class Visitors {
    static final String[] COUNCILS = {"isle-of-anglesey", "gwynedd", "cardiff", "swansea", "powys", "newport",
            "rhondda-cynon-taf", "conwy", "wrexham", "outside-wales"};
    static final String EMAIL_DOMAIN = "@example.org";

    /**
     * One visitor's capture.
     *
     * @param id   the id the client gives the record, or null when the kiosk does not take one
     * @param body the JSON sent, the same bytes on every retry
     */
    record Capture(UUID id, String email, String body) {
    }

    private Visitors() {
    }

    /** A third leave an enquiry (name, email, postcode), the rest sign in with an email for the newsletter. */
    static Capture next(boolean withId) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        UUID id = withId ? UUID.randomUUID() : null;
        String email = "v-" + UUID.randomUUID() + EMAIL_DOMAIN;
        String council = COUNCILS[r.nextInt(COUNCILS.length)];
        String idMember = id == null ? "" : "\"id\":\"" + id + "\",";
        String body;
        if (r.nextInt(3) == 0) {
            body = "{" + idMember + """
                    "type":"enquiry","lang":"cy","fields":{"localAuthority":"%s","topic":"adopting",\
                    "contactConsent":true,"privacyVersion":"2026-11"},\
                    "personal":{"name":"Siân Ymwelydd","email":"%s","postcode":"LL55 1AA"}}"""
                    .formatted(council, email);
        } else {
            body = "{" + idMember + """
                    "type":"signin","lang":"%s","fields":{"localAuthority":"%s","newsletterConsent":true,\
                    "privacyVersion":"2026-11"},"personal":{"name":"Ymwelydd","email":"%s"}}"""
                    .formatted(r.nextBoolean() ? "cy" : "en", council, email);
        }
        return new Capture(id, email, body);
    }
}
