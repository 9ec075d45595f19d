package org.adoptionkiosk.provisioning;

/** Something other than the command line went wrong: the tool prints the one-line message and exits 1. */
final class Failure extends Exception {
    Failure(String message) {
        super(message);
    }

    Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
