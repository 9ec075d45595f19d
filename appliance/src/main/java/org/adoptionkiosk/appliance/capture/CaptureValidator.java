package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.appliance.config.FormOptions;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.SealedPersonal;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a capture request and puts it in normal form (text NFC-normalised and trimmed). Refusals
 * name the field and the rule, never the value.
 */
public final class CaptureValidator {
    public static final Set<String> FIELD_NAMES = Set.of(
            "localAuthority", "topic", "contactConsent", "newsletterConsent", "privacyVersion", "howHeard",
            "interests", "preferredLanguage", "agency", "preferredContact", "preferredTime");
    public static final Set<String> TOPICS = Set.of("adopting", "support", "other");
    public static final Set<String> CONTACT_WAYS = Set.of("email", "phone");
    /** The documented answers (docs/wire-contract.md); the touchscreen offers exactly these. */
    public static final Set<String> HOW_HEARD = Set.of("passing-the-stand", "social-media", "friend-or-family",
            "press", "already-thinking", "other");
    public static final Set<String> INTERESTS = Set.of("sibling-groups", "older-children", "early-permanence",
            "additional-needs");
    public static final Set<String> PREFERRED_TIMES = Set.of("morning", "afternoon", "evening", "any-time");
    /** What only an enquiry asks; a sign-in carrying one is refused with the field named. */
    private static final List<String> ENQUIRY_ONLY = List.of("topic", "interests", "agency", "preferredContact",
            "preferredTime");

    /**
     * Personal details an enquiry may carry, with their length limits in characters. The visitor's
     * page gets them with its data (its inputs' maxlength and its own checks).
     */
    public static final Map<String, Integer> ENQUIRY_PERSONAL = Map.of(
            "name", 100, "email", 254, "phone", 32, "postcode", 10, "message", 1000);
    /** A sign-in keeps it to a first name and an email for the newsletter, with the same limits. */
    private static final Map<String, Integer> SIGNIN_PERSONAL = Map.of(
            "name", ENQUIRY_PERSONAL.get("name"), "email", ENQUIRY_PERSONAL.get("email"));
    private static final List<String> PERSONAL_ORDER = List.of("name", "email", "phone", "postcode", "message");

    private static final Set<String> REQUEST_KEYS = Set.of("type", "lang", "fields", "personal", "id");
    /** A UUID of version 4 (random) and the RFC 4122 variant, as a browser's crypto.randomUUID() makes. */
    private static final Pattern UUID_V4 = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");
    private static final Pattern PRIVACY_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{7,32}");
    /** The shape of a full UK postcode, e.g. LL55 4UR, CF10 1AA, SA1 1NW. */
    private static final Pattern UK_POSTCODE =
            Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}");
    private static final int MAX_INTERESTS = 20;

    private final RegionMap regions;
    private final Messages messages;
    private final String privacyVersion;

    /** @param privacyVersion the version of the privacy notice this kiosk shows; consent is to that text */
    public CaptureValidator(RegionMap regions, Messages messages, String privacyVersion) {
        this.regions = regions;
        this.messages = messages;
        this.privacyVersion = privacyVersion;
    }

    /** The keys a JSON body may have; anything else is refused as an unknown field. */
    public void checkRequestKeys(Set<String> keys, Object lang) {
        for (String key : keys) {
            if (!REQUEST_KEYS.contains(key)) {
                throw reject(ErrorCode.FIELD_UNKNOWN, key, Lang.fromCode(asString(lang)));
            }
        }
    }

    /** As {@link #validate(CaptureRequest, FormOptions)} on a kiosk that offers every path. */
    public ValidCapture validate(CaptureRequest request) {
        return validate(request, FormOptions.ALL);
    }

    /**
     * @param offered the paths this kiosk offers now: a record of another kind, or a newsletter
     *                consent where the newsletter is off, is refused as disabled
     */
    public ValidCapture validate(CaptureRequest request, FormOptions offered) {
        Lang lang = request.lang() instanceof String s ? Lang.fromCode(s) : null;
        if (lang == null) {
            throw reject(ErrorCode.LANG_INVALID, "lang", null);
        }
        RecordType type = request.type() instanceof String s ? RecordType.fromWire(s) : null;
        if (type == null) {
            throw reject(ErrorCode.TYPE_INVALID, "type", lang);
        }
        // Before the fields: a page that still offers a path the hub turned off hears that first.
        if (type == RecordType.SIGNIN && !offered.signin()) {
            throw reject(ErrorCode.SIGNIN_DISABLED, "type", lang);
        }
        if (type == RecordType.ENQUIRY && !offered.enquiry()) {
            throw reject(ErrorCode.ENQUIRY_DISABLED, "type", lang);
        }
        UUID id = id(request.id(), lang);
        Map<String, Object> fields = fields(request.fields(), type, lang, offered);
        Map<String, String> personal = personal(request.personal(), type, lang);
        checkConsistent(type, fields, personal, lang, offered);
        return new ValidCapture(type, lang, fields, personal.isEmpty() ? null : new SealedPersonal(
                personal.get("name"), personal.get("email"), personal.get("phone"), personal.get("postcode"),
                personal.get("message")), id);
    }

    private Map<String, Object> fields(Object raw, RecordType type, Lang lang, FormOptions offered) {
        Map<?, ?> in = object(raw, ErrorCode.FIELDS_INVALID, "fields", lang);
        for (Object key : in.keySet()) {
            if (!FIELD_NAMES.contains(key)) {
                throw reject(ErrorCode.FIELD_UNKNOWN, "fields." + key, lang);
            }
        }
        if (type == RecordType.SIGNIN) {
            for (String name : ENQUIRY_ONLY) {
                if (in.containsKey(name)) {
                    throw reject(ErrorCode.FIELD_INVALID, "fields." + name, lang);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();

        String la = text(in, "localAuthority", lang);
        if (la == null) {
            throw reject(ErrorCode.LOCAL_AUTHORITY_REQUIRED, "fields.localAuthority", lang);
        }
        if (!regions.isKnownLocalAuthority(la)) {
            throw reject(ErrorCode.LOCAL_AUTHORITY_UNKNOWN, "fields.localAuthority", lang);
        }
        out.put("localAuthority", la);

        String topic = text(in, "topic", lang);
        if (topic == null && type == RecordType.ENQUIRY) {
            throw reject(ErrorCode.TOPIC_REQUIRED, "fields.topic", lang);
        }
        if (topic != null) {
            if (!TOPICS.contains(topic)) {
                throw reject(ErrorCode.TOPIC_INVALID, "fields.topic", lang);
            }
            out.put("topic", topic);
        }

        Boolean contactConsent = bool(in, "contactConsent", lang);
        if (type == RecordType.ENQUIRY && !Boolean.TRUE.equals(contactConsent)) {
            throw reject(ErrorCode.CONTACT_CONSENT_REQUIRED, "fields.contactConsent", lang);
        }
        if (contactConsent != null) {
            out.put("contactConsent", contactConsent);
        }
        Boolean newsletter = bool(in, "newsletterConsent", lang);
        if (Boolean.TRUE.equals(newsletter) && !offered.newsletter()) {
            throw reject(ErrorCode.NEWSLETTER_DISABLED, "fields.newsletterConsent", lang);
        }
        if (newsletter != null) {
            out.put("newsletterConsent", newsletter);
        }

        String privacy = text(in, "privacyVersion", lang);
        if (privacy == null) {
            throw reject(ErrorCode.PRIVACY_VERSION_REQUIRED, "fields.privacyVersion", lang);
        }
        if (!PRIVACY_VERSION.matcher(privacy).matches()) {
            throw reject(ErrorCode.FIELD_INVALID, "fields.privacyVersion", lang);
        }
        if (!privacy.equals(privacyVersion)) {
            // The visitor consented to words this kiosk no longer shows: ask again.
            throw reject(ErrorCode.PRIVACY_VERSION_CHANGED, "fields.privacyVersion", lang);
        }
        out.put("privacyVersion", privacy);

        putListed(out, in, "howHeard", HOW_HEARD, lang);
        List<String> interests = interests(in.get("interests"), lang);
        if (interests != null) {
            out.put("interests", interests);
        }
        String preferredLanguage = text(in, "preferredLanguage", lang);
        if (preferredLanguage != null) {
            if (Lang.fromCode(preferredLanguage) == null) {
                throw reject(ErrorCode.FIELD_INVALID, "fields.preferredLanguage", lang);
            }
            out.put("preferredLanguage", preferredLanguage);
        }
        String agency = text(in, "agency", lang);
        if (agency != null) {
            if (regions.agency(agency).isEmpty()) {
                throw reject(ErrorCode.AGENCY_UNKNOWN, "fields.agency", lang);
            }
            out.put("agency", agency);
        }
        String preferredContact = text(in, "preferredContact", lang);
        if (preferredContact != null) {
            if (!CONTACT_WAYS.contains(preferredContact)) {
                throw reject(ErrorCode.FIELD_INVALID, "fields.preferredContact", lang);
            }
            out.put("preferredContact", preferredContact);
        }
        putListed(out, in, "preferredTime", PREFERRED_TIMES, lang);
        return out;
    }

    private void putListed(Map<String, Object> out, Map<?, ?> in, String name, Set<String> listed, Lang lang) {
        String value = text(in, name, lang);
        if (value != null) {
            if (!listed.contains(value)) {
                throw reject(ErrorCode.FIELD_INVALID, "fields." + name, lang);
            }
            out.put(name, value);
        }
    }

    private List<String> interests(Object raw, Lang lang) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof List<?> list) || list.size() > MAX_INTERESTS) {
            throw reject(ErrorCode.FIELD_INVALID, "fields.interests", lang);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String s) || !INTERESTS.contains(normal(s))) {
                throw reject(ErrorCode.FIELD_INVALID, "fields.interests", lang);
            }
            out.add(normal(s));
        }
        return List.copyOf(out);
    }

    private Map<String, String> personal(Object raw, RecordType type, Lang lang) {
        Map<?, ?> in = object(raw, ErrorCode.PERSONAL_INVALID, "personal", lang);
        Map<String, Integer> allowed = type == RecordType.ENQUIRY ? ENQUIRY_PERSONAL : SIGNIN_PERSONAL;
        for (Object key : in.keySet()) {
            if (!allowed.containsKey(key)) {
                throw reject(ErrorCode.PERSONAL_UNKNOWN, "personal." + key, lang);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : PERSONAL_ORDER) {
            Object value = in.get(key);
            if (value == null) {
                continue;
            }
            String field = "personal." + key;
            if (!(value instanceof String s)) {
                throw reject(ErrorCode.TEXT_INVALID, field, lang);
            }
            String text = normal(s);
            if (text.isEmpty()) {
                continue;
            }
            if (text.length() > allowed.get(key)) {
                throw reject(ErrorCode.TEXT_TOO_LONG, field, lang);
            }
            if (hasControl(text, key.equals("message"))) {
                throw reject(ErrorCode.TEXT_INVALID, field, lang);
            }
            switch (key) {
                case "email" -> {
                    if (!EMAIL.matcher(text).matches()) {
                        throw reject(ErrorCode.EMAIL_INVALID, field, lang);
                    }
                }
                case "phone" -> {
                    long digits = text.chars().filter(Character::isDigit).count();
                    if (!PHONE.matcher(text).matches() || digits < 7 || digits > 15) {
                        throw reject(ErrorCode.PHONE_INVALID, field, lang);
                    }
                }
                case "postcode" -> {
                    text = text.toUpperCase(Locale.ROOT);
                    if (!UK_POSTCODE.matcher(text).matches()) {
                        throw reject(ErrorCode.POSTCODE_INVALID, field, lang);
                    }
                }
                default -> {
                }
            }
            out.put(key, text);
        }
        if (type == RecordType.ENQUIRY) {
            if (!out.containsKey("name")) {
                throw reject(ErrorCode.NAME_REQUIRED, "personal.name", lang);
            }
            if (!out.containsKey("email") && !out.containsKey("phone")) {
                throw reject(ErrorCode.CONTACT_REQUIRED, "personal.email", lang);
            }
        }
        return out;
    }

    /**
     * Answers that only make sense together: a newsletter needs an email and a sign-in's email is
     * kept only for the newsletter; the preferred way to be contacted must be one the visitor gave.
     */
    private void checkConsistent(RecordType type, Map<String, Object> fields, Map<String, String> personal,
                                 Lang lang, FormOptions offered) {
        boolean newsletter = Boolean.TRUE.equals(fields.get("newsletterConsent"));
        if (newsletter && !personal.containsKey("email")) {
            throw reject(ErrorCode.NEWSLETTER_EMAIL_REQUIRED, "personal.email", lang);
        }
        if (type == RecordType.SIGNIN && personal.containsKey("email") && !newsletter) {
            // Without the newsletter a sign-in has no use for an email: say that, not "tick the box".
            throw reject(offered.newsletter() ? ErrorCode.NEWSLETTER_CONSENT_REQUIRED : ErrorCode.NEWSLETTER_DISABLED,
                    offered.newsletter() ? "fields.newsletterConsent" : "personal.email", lang);
        }
        Object way = fields.get("preferredContact");
        if (way != null && !personal.containsKey((String) way)) {
            throw reject(ErrorCode.PREFERRED_CONTACT_MISSING, "personal." + way, lang);
        }
    }

    /** A JSON object, or an empty one when absent. */
    private Map<?, ?> object(Object raw, ErrorCode notAnObject, String field, Lang lang) {
        if (raw == null) {
            return Map.of();
        }
        if (raw instanceof Map<?, ?> m) {
            return m;
        }
        throw reject(notAnObject, field, lang);
    }

    /** A string field, normal form; null when absent or empty. */
    private String text(Map<?, ?> in, String name, Lang lang) {
        Object value = in.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw reject(ErrorCode.FIELD_INVALID, "fields." + name, lang);
        }
        String text = normal(s);
        return text.isEmpty() ? null : text;
    }

    private Boolean bool(Map<?, ?> in, String name, Lang lang) {
        Object value = in.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean b)) {
            throw reject(ErrorCode.FIELD_INVALID, "fields." + name, lang);
        }
        return b;
    }

    /** The client's record id: absent, or a UUID v4 in its usual text form. */
    private UUID id(Object value, Lang lang) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || !UUID_V4.matcher(s).matches()) {
            throw reject(ErrorCode.ID_INVALID, "id", lang);
        }
        return UUID.fromString(s);
    }

    private static String normal(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC).strip();
    }

    private static String asString(Object o) {
        return o instanceof String s ? s : null;
    }

    private static boolean hasControl(String text, boolean allowNewlines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(allowNewlines && (c == '\n' || c == '\r' || c == '\t'))) {
                return true;
            }
        }
        return false;
    }

    /** A refusal with the message in both languages; {@code lang} is the record's, if valid. */
    public CaptureRejected reject(ErrorCode code, String field, Lang lang) {
        return new CaptureRejected(code, field, lang, messages.get(Lang.CY, code), messages.get(Lang.EN, code));
    }
}
