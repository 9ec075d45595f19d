package org.adoptionkiosk.protocol;

/**
 * A payload that does not meet the wire contract. The message is the reason the hub records in
 * its dead-letter table, so it never quotes personal data from the payload.
 */
public class WireException extends Exception {
    public WireException(String reason) {
        super(reason);
    }
}
