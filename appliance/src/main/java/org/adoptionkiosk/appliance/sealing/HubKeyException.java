package org.adoptionkiosk.appliance.sealing;

/** The hub's public key file is missing, unreadable or not an HPKE public keyset. */
public class HubKeyException extends RuntimeException {
    public HubKeyException(String message) {
        super(message);
    }
}
