package org.adoptionkiosk.appliance.config;

import org.adoptionkiosk.protocol.DeviceConfig;

/**
 * Which of the visitor's paths this kiosk offers now: the sign-in, the enquiry, and the newsletter
 * (the sign-in's email and both forms' newsletter box). The hub sets them; all are on until it does.
 */
public record FormOptions(boolean signin, boolean enquiry, boolean newsletter) {
    public static final FormOptions ALL = new FormOptions(true, true, true);

    /** These options with the hub's pushed ones laid over them; a null member keeps what is here. */
    public FormOptions with(DeviceConfig.FormOptions pushed) {
        if (pushed == null) {
            return this;
        }
        return new FormOptions(
                pushed.signin() == null ? signin : pushed.signin(),
                pushed.enquiry() == null ? enquiry : pushed.enquiry(),
                pushed.newsletter() == null ? newsletter : pushed.newsletter());
    }

    /** A kiosk must always offer a visitor something. */
    public boolean offersAPath() {
        return signin || enquiry;
    }
}
