package org.adoptionkiosk.protocol;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Desired configuration the hub pushes, retained, on {@code kiosk/v1/{d}/config}. A kiosk applies
 * what it can and reports {@code version} back as {@code configVersion} in its status (or
 * {@code configError} when it could not). Null members leave the kiosk's own setting as it is.
 *
 * <p>The limits of each member live here and nowhere else: the hub's fleet form, the kiosk's config
 * apply and the kiosk's staff screen all ask {@link #validate()} (or {@link EventSpec#validate()}),
 * and the pages get the numbers with their data.
 *
 * @param version       increases with every push for the device; a kiosk ignores one older than
 *                      what it last applied
 * @param mode          {@code event} (then {@code event} says which) or {@code office}
 * @param event         the event to make current when {@code mode} is {@code event}
 * @param formOptions   which paths the visitor's screen offers
 * @param retentionDays days after sync before a record's sealed personal part is wiped on the kiosk
 * @param staffPinHash  a staff PIN hash in the kiosk's {@code pbkdf2-sha256$…} format
 * @param revoked       the device is revoked: the kiosk stops sending and says so to staff
 */
public record DeviceConfig(
        long version,
        String mode,
        EventSpec event,
        FormOptions formOptions,
        Integer retentionDays,
        String staffPinHash,
        boolean revoked,
        Instant sentAt) {

    public static final String MODE_EVENT = "event";
    public static final String MODE_OFFICE = "office";

    /** The kiosk's retention of sealed personal parts after sync: a day at least, a year at most. */
    public static final int MIN_RETENTION_DAYS = 1;
    public static final int MAX_RETENTION_DAYS = 365;
    /** A staff PIN hash longer than this is not one the kiosk wrote (and would not fit its settings). */
    public static final int MAX_STAFF_PIN_HASH_CHARS = 256;
    /** {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, base64: what the kiosk's PIN hashing writes. */
    private static final Pattern STAFF_PIN_HASH =
            Pattern.compile("pbkdf2-sha256\\$([0-9]{4,9})\\$([A-Za-z0-9+/=]{16,})\\$([A-Za-z0-9+/=]{40,})");

    // The problems validate() names, per field. Each screen turns them into its own Welsh and English text.
    /** A member that must be given is missing (an event's name or first day). */
    public static final String REQUIRED = "required";
    /** Text over {@link EventSpec#MAX_TEXT} characters. */
    public static final String TOO_LONG = "too_long";
    /** Text with control characters in it. */
    public static final String INVALID_TEXT = "invalid_text";
    /** A number or date outside its range. */
    public static final String OUT_OF_RANGE = "out_of_range";
    /** An event's last day before its first. */
    public static final String BEFORE_START = "before_start";
    /** An event's last day more than {@link EventSpec#MAX_DAYS_AFTER_FIRST} days after its first. */
    public static final String TOO_MANY_DAYS = "too_many_days";
    /** A mode that is neither {@code event} nor {@code office}. */
    public static final String UNKNOWN_MODE = "unknown_mode";
    /** Sign-in and enquiry both off: a kiosk must offer a visitor something. */
    public static final String NO_VISITOR_PATH = "no_visitor_path";
    /** A staff PIN hash not in the kiosk's format, or too long. */
    public static final String MALFORMED = "malformed";

    /**
     * What is wrong with this config, field by field ({@code mode}, {@code event.name},
     * {@code event.venue}, {@code event.startsOn}, {@code event.endsOn}, {@code formOptions},
     * {@code retentionDays}, {@code staffPinHash}), in that order; empty when the kiosk can take all
     * of it. Members left null are not checked: they leave the kiosk's setting alone.
     */
    public Map<String, String> validate() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (mode != null && !MODE_EVENT.equals(mode) && !MODE_OFFICE.equals(mode)) {
            problems.put("mode", UNKNOWN_MODE);
        }
        if (event != null) {
            event.validate().forEach((field, code) -> problems.put("event." + field, code));
        }
        if (formOptions != null && !formOptions.offersAPath()) {
            problems.put("formOptions", NO_VISITOR_PATH);
        }
        if (retentionDays != null && (retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS)) {
            problems.put("retentionDays", OUT_OF_RANGE);
        }
        if (staffPinHash != null
                && (staffPinHash.length() > MAX_STAFF_PIN_HASH_CHARS || !isStaffPinHash(staffPinHash))) {
            problems.put("staffPinHash", MALFORMED);
        }
        return problems;
    }

    /** True when {@code hash} has the shape of the kiosk's staff PIN hash (its length is not checked). */
    public static boolean isStaffPinHash(String hash) {
        return hash != null && STAFF_PIN_HASH.matcher(hash).matches();
    }

    /** The limits the pages need to guide staff before the rules above refuse them. */
    public static Map<String, Integer> limits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("eventTextChars", EventSpec.MAX_TEXT);
        limits.put("eventDaysAfterFirst", EventSpec.MAX_DAYS_AFTER_FIRST);
        limits.put("minRetentionDays", MIN_RETENTION_DAYS);
        limits.put("maxRetentionDays", MAX_RETENTION_DAYS);
        return limits;
    }

    /**
     * An event as staff set it on a kiosk, from the kiosk's own staff screen or the hub's fleet
     * page; the kiosk makes the event's id from the name and first day.
     *
     * @param endsOn the last day; null means the event lasts its first day only
     */
    public record EventSpec(String name, String venue, LocalDate startsOn, LocalDate endsOn) {
        /** Characters in an event's name or venue. */
        public static final int MAX_TEXT = 120;
        /** Events last days, not years: the last day is at most this many days after the first. */
        public static final int MAX_DAYS_AFTER_FIRST = 31;
        /** An event's first day lies in these years; far beyond them date arithmetic overflows. */
        public static final int FIRST_YEAR = 2000;
        public static final int LAST_YEAR = 2999;

        /** The name and venue as the kiosk keeps them: NFC, trimmed, and null when nothing is left. */
        public EventSpec normalized() {
            return new EventSpec(normalize(name), normalize(venue), startsOn, endsOn);
        }

        /**
         * What is wrong with this event once {@linkplain #normalized() normalized}, field by field
         * ({@code name}, {@code venue}, {@code startsOn}, {@code endsOn}); empty when it can be set.
         */
        public Map<String, String> validate() {
            EventSpec e = normalized();
            Map<String, String> problems = new LinkedHashMap<>();
            text(e.name(), true).ifPresent(code -> problems.put("name", code));
            text(e.venue(), false).ifPresent(code -> problems.put("venue", code));
            if (startsOn == null) {
                problems.put("startsOn", REQUIRED);
            } else if (startsOn.getYear() < FIRST_YEAR || startsOn.getYear() > LAST_YEAR) {
                problems.put("startsOn", OUT_OF_RANGE);
            } else if (endsOn != null && endsOn.isBefore(startsOn)) {
                problems.put("endsOn", BEFORE_START);
            } else if (endsOn != null && endsOn.isAfter(startsOn.plusDays(MAX_DAYS_AFTER_FIRST))) {
                problems.put("endsOn", TOO_MANY_DAYS);
            }
            return problems;
        }

        private static Optional<String> text(String s, boolean required) {
            if (s == null) {
                return required ? Optional.of(REQUIRED) : Optional.empty();
            }
            for (int i = 0; i < s.length(); i++) {
                if (Character.isISOControl(s.charAt(i))) {
                    return Optional.of(INVALID_TEXT);
                }
            }
            return s.length() > MAX_TEXT ? Optional.of(TOO_LONG) : Optional.empty();
        }

        private static String normalize(String s) {
            if (s == null) {
                return null;
            }
            String t = Normalizer.normalize(s, Normalizer.Form.NFC).strip();
            return t.isEmpty() ? null : t;
        }
    }

    /** Which of the visitor's paths the kiosk offers; null leaves a path as the kiosk has it. */
    public record FormOptions(Boolean signin, Boolean enquiry, Boolean newsletter) {
        /** False only when both visitor paths are turned off (a null leaves the kiosk's own). */
        public boolean offersAPath() {
            return !(Boolean.FALSE.equals(signin) && Boolean.FALSE.equals(enquiry));
        }
    }
}
