package org.adoptionkiosk.appliance.capture;

import java.util.Locale;

/**
 * Every error a visitor's screen can show. The code is what the API returns; the message for it
 * is {@code error.<code>} in both message bundles.
 */
public enum ErrorCode {
    // Refused captures.
    TYPE_INVALID,
    LANG_INVALID,
    FIELDS_INVALID,
    FIELD_UNKNOWN,
    FIELD_INVALID,
    LOCAL_AUTHORITY_REQUIRED,
    LOCAL_AUTHORITY_UNKNOWN,
    TOPIC_REQUIRED,
    TOPIC_INVALID,
    CONTACT_CONSENT_REQUIRED,
    PRIVACY_VERSION_REQUIRED,
    PRIVACY_VERSION_CHANGED,
    NEWSLETTER_CONSENT_REQUIRED,
    NEWSLETTER_EMAIL_REQUIRED,
    PREFERRED_CONTACT_MISSING,
    AGENCY_UNKNOWN,
    PERSONAL_INVALID,
    PERSONAL_UNKNOWN,
    NAME_REQUIRED,
    CONTACT_REQUIRED,
    EMAIL_INVALID,
    PHONE_INVALID,
    POSTCODE_INVALID,
    TEXT_INVALID,
    TEXT_TOO_LONG,
    ID_INVALID,
    /** The record id was saved before with other answers. */
    ID_CONFLICT,
    // Refused because this kiosk does not offer that path now (the hub's form options).
    SIGNIN_DISABLED,
    ENQUIRY_DISABLED,
    NEWSLETTER_DISABLED,
    // Requests the API cannot take at all.
    BAD_JSON,
    /** The body is not valid UTF-8 (JSON's only encoding on the wire). */
    BAD_ENCODING,
    BAD_REQUEST,
    BODY_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    UNAVAILABLE,
    INTERNAL;

    /** As the API returns it: lower_snake_case. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String messageKey() {
        return "error." + code();
    }

    /**
     * The HTTP status of a capture refused with this code: 409 when the request is fine but this
     * kiosk does not take that kind of record now, or its id is taken by other answers; 400 for
     * anything wrong with what was sent.
     */
    public int captureStatus() {
        return switch (this) {
            case SIGNIN_DISABLED, ENQUIRY_DISABLED, NEWSLETTER_DISABLED, ID_CONFLICT -> 409;
            default -> 400;
        };
    }
}
