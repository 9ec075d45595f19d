package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.protocol.Lang;

/**
 * A capture refused because of what was sent. Carries the message in both languages; the text
 * never quotes what the visitor typed.
 */
public class CaptureRejected extends RuntimeException {
    private final ErrorCode code;
    private final String field;
    private final Lang lang;
    private final String messageCy;
    private final String messageEn;

    /**
     * @param field the offending field as a path, e.g. {@code fields.localAuthority} or
     *              {@code personal.email}; null when the request as a whole is at fault
     * @param lang  the language the record asked for, or null when it did not say a valid one
     */
    public CaptureRejected(ErrorCode code, String field, Lang lang, String messageCy, String messageEn) {
        super(code.code() + (field == null ? "" : " (" + field + ")") + ": " + messageEn);
        this.code = code;
        this.field = field;
        this.lang = lang;
        this.messageCy = messageCy;
        this.messageEn = messageEn;
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The record's own language, or null when it had none that is valid. */
    public Lang lang() {
        return lang;
    }

    public String message(Lang in) {
        return in == Lang.CY ? messageCy : messageEn;
    }

    public String messageCy() {
        return messageCy;
    }

    public String messageEn() {
        return messageEn;
    }
}
