package org.adoptionkiosk.protocol;

/**
 * The personal part of a record, before sealing: UTF-8 JSON of the members given (null ones are
 * left out), HPKE-sealed to the hub's public key with the record id as context. Only the hub opens
 * it, and only to show it to a user allowed to see it.
 */
public record SealedPersonal(String name, String email, String phone, String postcode, String message) {
    /** A person's details for logs and exceptions: never their content. */
    @Override
    public String toString() {
        return "SealedPersonal[" + (name == null ? "" : "name ") + (email == null ? "" : "email ")
                + (phone == null ? "" : "phone ") + (postcode == null ? "" : "postcode ")
                + (message == null ? "" : "message") + "]";
    }
}
