package org.adoptionkiosk.e2e;

/** Request bodies for POST /api/records, as the touchscreen would send them. */
final class Visitors {
    static final String[] COUNCILS = {"isle-of-anglesey", "gwynedd", "cardiff", "swansea", "powys", "newport",
            "rhondda-cynon-taf", "outside-wales"};

    private Visitors() {
    }

    /** Every third visitor leaves an enquiry, the rest sign in; each enquiry has a distinct email. */
    static String record(int n) {
        String council = COUNCILS[n % COUNCILS.length];
        if (n % 3 == 0) {
            return enquiry(n, council);
        }
        return """
                {"type":"signin","lang":"%s","fields":{"localAuthority":"%s","privacyVersion":"2026-11"}}"""
                .formatted(n % 2 == 0 ? "cy" : "en", council);
    }

    static String enquiry(int n, String council) {
        return """
                {"type":"enquiry","lang":"cy","fields":{"localAuthority":"%s","topic":"adopting",
                 "contactConsent":true,"privacyVersion":"2026-11"},
                 "personal":{"name":"Siân Ymwelydd %d","email":%s,"postcode":"LL55 1AA"}}"""
                .formatted(council, n, "\"" + email(n) + "\"");
    }

    static String email(int n) {
        return "ymwelydd." + n + "@example.org";
    }
}
