package org.adoptionkiosk.appliance.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureValidatorTest {
    private final CaptureValidator validator =
            new CaptureValidator(RegionMap.wales(new ObjectMapper()), Messages.load(), "2026-11");

    private static Map<String, Object> enquiryFields() {
        Map<String, Object> f = new HashMap<>();
        f.put("localAuthority", "pembrokeshire");
        f.put("topic", "adopting");
        f.put("contactConsent", true);
        f.put("privacyVersion", "2026-11");
        return f;
    }

    @Test
    void textIsNfcNormalisedAndTrimmed() {
        String decomposed = "Sia\u0302n"; // "a" + combining circumflex
        ValidCapture v = validator.validate(CaptureRequest.enquiry("cy", enquiryFields(),
                Map.of("name", "  " + decomposed + "\t", "email", " sian@example.org ", "postcode", "sa1 1nw")));
        assertEquals("Siân", v.personal().name());
        assertEquals("sian@example.org", v.personal().email());
        assertEquals("SA1 1NW", v.personal().postcode());
        assertEquals(Lang.CY, v.lang());
        assertEquals(RecordType.ENQUIRY, v.type());
    }

    @Test
    void emptyOptionalTextCountsAsAbsent() {
        ValidCapture v = validator.validate(CaptureRequest.enquiry("en", enquiryFields(),
                Map.of("name", "Bryn", "phone", "+44 29 2000 0000", "email", "  ", "postcode", "")));
        assertEquals(new SealedPersonal("Bryn", null, "+44 29 2000 0000", null, null), v.personal());
    }

    @Test
    void fieldsKeepOnlyWhatFiguresNeed() {
        Map<String, Object> f = enquiryFields();
        f.put("interests", List.of("older-children", "sibling-groups", "older-children"));
        f.put("preferredLanguage", "cy");
        f.put("agency", "st-davids-children-society");
        f.put("preferredContact", "phone");
        f.put("howHeard", "passing-the-stand");
        ValidCapture v = validator.validate(CaptureRequest.enquiry("cy", f, Map.of("name", "B", "phone", "01234 567890")));
        assertEquals(List.of("older-children", "sibling-groups"), v.fields().get("interests"));
        assertEquals("st-davids-children-society", v.fields().get("agency"));
        assertTrue(CaptureValidator.FIELD_NAMES.containsAll(v.fields().keySet()));
    }

    @Test
    void outsideWalesIsACouncilChoice() {
        Map<String, Object> f = Map.of("localAuthority", "outside-wales", "privacyVersion", "2026-11");
        assertEquals("outside-wales", validator.validate(CaptureRequest.signin("en", f)).fields().get("localAuthority"));
    }

    @Test
    void signinKeepsToAFirstNameAndAnEmail() {
        Map<String, Object> f = Map.of("localAuthority", "torfaen", "privacyVersion", "2026-11",
                "newsletterConsent", true);
        ValidCapture ok = validator.validate(new CaptureRequest("signin", "en", f,
                Map.of("name", "Ceri", "email", "ceri@example.org")));
        assertEquals(new SealedPersonal("Ceri", "ceri@example.org", null, null, null), ok.personal());
        CaptureRejected phone = assertThrows(CaptureRejected.class, () -> validator.validate(
                new CaptureRequest("signin", "en", f, Map.of("phone", "01234 567890"))));
        assertEquals(ErrorCode.PERSONAL_UNKNOWN, phone.code());
        Map<String, Object> noNewsletter = Map.of("localAuthority", "torfaen", "privacyVersion", "2026-11");
        assertNull(validator.validate(CaptureRequest.signin("en", noNewsletter)).personal());
    }

    @Test
    void consentIsToTheNoticeThisKioskShows() {
        Map<String, Object> f = Map.of("localAuthority", "torfaen", "privacyVersion", "2025-04");
        CaptureRejected e = assertThrows(CaptureRejected.class, () -> validator.validate(CaptureRequest.signin("cy", f)));
        assertEquals(ErrorCode.PRIVACY_VERSION_CHANGED, e.code());
        assertEquals("fields.privacyVersion", e.field());
    }

    @Test
    void aNewsletterNeedsAnEmailAndASigninsEmailIsOnlyForTheNewsletter() {
        Map<String, Object> consent = Map.of("localAuthority", "conwy", "privacyVersion", "2026-11",
                "newsletterConsent", true);
        CaptureRejected noEmail = assertThrows(CaptureRejected.class, () -> validator.validate(
                new CaptureRequest("signin", "en", consent, Map.of("name", "Ceri"))));
        assertEquals(ErrorCode.NEWSLETTER_EMAIL_REQUIRED, noEmail.code());
        assertEquals("personal.email", noEmail.field());

        Map<String, Object> noConsent = Map.of("localAuthority", "conwy", "privacyVersion", "2026-11");
        CaptureRejected unasked = assertThrows(CaptureRejected.class, () -> validator.validate(
                new CaptureRequest("signin", "en", noConsent, Map.of("email", "ceri@example.org"))));
        assertEquals(ErrorCode.NEWSLETTER_CONSENT_REQUIRED, unasked.code());
        assertEquals("fields.newsletterConsent", unasked.field());

        Map<String, Object> enquiry = new java.util.HashMap<>(enquiryFields());
        enquiry.put("newsletterConsent", true);
        CaptureRejected phoneOnly = assertThrows(CaptureRejected.class, () -> validator.validate(
                CaptureRequest.enquiry("cy", enquiry, Map.of("name", "N", "phone", "01234 567890"))));
        assertEquals(ErrorCode.NEWSLETTER_EMAIL_REQUIRED, phoneOnly.code());
        // An enquiry's email is for the enquiry: no newsletter consent needed.
        validator.validate(CaptureRequest.enquiry("cy", enquiryFields(), Map.of("name", "N", "email", "n@example.org")));
    }

    @Test
    void thePreferredWayToBeContactedMustBeOneGiven() {
        Map<String, Object> byPhone = new java.util.HashMap<>(enquiryFields());
        byPhone.put("preferredContact", "phone");
        CaptureRejected e = assertThrows(CaptureRejected.class, () -> validator.validate(
                CaptureRequest.enquiry("en", byPhone, Map.of("name", "N", "email", "n@example.org"))));
        assertEquals(ErrorCode.PREFERRED_CONTACT_MISSING, e.code());
        assertEquals("personal.phone", e.field());
        validator.validate(CaptureRequest.enquiry("en", byPhone, Map.of("name", "N", "phone", "01234 567890")));
    }

    @Test
    void postcodesAreCheckedForUkShape() {
        for (String good : new String[]{"CF10 1AA", "LL554UR", "sa1 1nw", "NP20 4UR", "W1A 1AA", "EC1A 1BB"}) {
            validator.validate(CaptureRequest.enquiry("en", enquiryFields(),
                    Map.of("name", "P", "email", "p@example.org", "postcode", good)));
        }
        for (String bad : new String[]{"12345", "CF10", "CF10 1A", "ZZZZ ZZZ", "CF10 1AAA"}) {
            CaptureRejected e = assertThrows(CaptureRejected.class, () -> validator.validate(
                    CaptureRequest.enquiry("en", enquiryFields(),
                            Map.of("name", "P", "email", "p@example.org", "postcode", bad))), bad);
            assertEquals(ErrorCode.POSTCODE_INVALID, e.code());
        }
    }

    @Test
    void refusalsCarryBothLanguagesAndNoValue() {
        CaptureRejected e = assertThrows(CaptureRejected.class, () -> validator.validate(
                CaptureRequest.enquiry("cy", enquiryFields(), Map.of("name", "N", "email", "secret-value"))));
        assertEquals(ErrorCode.EMAIL_INVALID, e.code());
        assertEquals(Lang.CY, e.lang());
        assertFalse(e.messageCy().equals(e.messageEn()));
        assertFalse(e.getMessage().contains("secret-value"));
        assertFalse(e.messageCy().contains("secret-value"));
    }

    @Test
    void controlCharactersAreRefusedOutsideTheMessage() {
        CaptureRejected e = assertThrows(CaptureRejected.class, () -> validator.validate(
                CaptureRequest.enquiry("en", enquiryFields(), Map.of("name", "A\u0000B", "email", "a@example.org"))));
        assertEquals(ErrorCode.TEXT_INVALID, e.code());
        ValidCapture v = validator.validate(CaptureRequest.enquiry("en", enquiryFields(),
                Map.of("name", "A", "email", "a@example.org", "message", "line one\nline two")));
        assertEquals("line one\nline two", v.personal().message());
    }

    /** Only the documented answers: anything else is refused with the field named, never stored as data. */
    @Test
    void answersOutsideTheDocumentedSetsAreRefusedWithTheFieldNamed() {
        Map<String, Map<String, Object>> enquiryCases = Map.of(
                "fields.interests", Map.of("interests", List.of("older-children", "siblings")),
                "fields.preferredTime", Map.of("preferredTime", "midnight"),
                "fields.howHeard", Map.of("howHeard", "eisteddfod"));
        enquiryCases.forEach((field, extra) -> {
            Map<String, Object> f = enquiryFields();
            f.putAll(extra);
            CaptureRejected e = assertThrows(CaptureRejected.class, () -> validator.validate(
                    CaptureRequest.enquiry("cy", f, Map.of("name", "B", "phone", "01234 567890"))), field);
            assertEquals(ErrorCode.FIELD_INVALID, e.code(), field);
            assertEquals(field, e.field());
        });
        for (String enquiryOnly : List.of("topic", "interests", "agency", "preferredContact", "preferredTime")) {
            Map<String, Object> f = new HashMap<>(Map.of("localAuthority", "torfaen", "privacyVersion", "2026-11"));
            f.put(enquiryOnly, enquiryOnly.equals("interests") ? List.of("older-children") : "adopting");
            CaptureRejected e = assertThrows(CaptureRejected.class,
                    () -> validator.validate(CaptureRequest.signin("en", f)), enquiryOnly);
            assertEquals("fields." + enquiryOnly, e.field());
            assertEquals(Lang.EN, e.lang());
        }
    }
}
