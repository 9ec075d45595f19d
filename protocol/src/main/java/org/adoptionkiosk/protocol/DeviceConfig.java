package org.adoptionkiosk.protocol;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Desired configuration the hub pushes, retained, on {@code kiosk/v1/{d}/config}. A kiosk applies
 * what it can and reports {@code version} back as {@code configVersion} in its status (or
 * {@code configError} when it could not). Null members leave the kiosk's own setting as it is.
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

    /** An event as staff set it on a kiosk; the kiosk makes its id from the name and first day. */
    public record EventSpec(String name, String venue, LocalDate startsOn, LocalDate endsOn) {
    }

    /** Which of the visitor's paths the kiosk offers; null leaves a path as the kiosk has it. */
    public record FormOptions(Boolean signin, Boolean enquiry, Boolean newsletter) {
    }
}
