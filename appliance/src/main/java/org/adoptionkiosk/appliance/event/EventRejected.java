package org.adoptionkiosk.appliance.event;

/** Staff asked for an event the kiosk cannot take; {@code code} names the message in both bundles. */
public final class EventRejected extends RuntimeException {
    private final String code;
    private final String field;

    public EventRejected(String code, String field) {
        super(code + " (" + field + ")");
        this.code = code;
        this.field = field;
    }

    /** The message key's last part: {@code staff.error.<code>}. */
    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
