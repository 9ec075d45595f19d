package org.adoptionkiosk.appliance.store;

/**
 * The kiosk database could not do what was asked. Messages name tables and columns, never the
 * personal data of a record (that is sealed before it reaches the database).
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
