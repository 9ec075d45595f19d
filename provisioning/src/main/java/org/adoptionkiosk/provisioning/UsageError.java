package org.adoptionkiosk.provisioning;

/** A bad command line: the tool prints the one-line message and exits 2. */
final class UsageError extends Exception {
    UsageError(String message) {
        super(message);
    }
}
