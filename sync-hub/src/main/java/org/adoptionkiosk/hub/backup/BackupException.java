package org.adoptionkiosk.hub.backup;

/** Why a backup or a restore stopped, in one line for the operator; never personal data. */
public final class BackupException extends Exception {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
