package org.adoptionkiosk.provisioning;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that need a program of the machine (Mosquitto, dpkg-deb, shellcheck) run when it is
 * installed. In CI ({@code -Dit.require.services=true}, set by .ci/run) a missing one fails the
 * build instead of skipping, so those tests never skip silently there.
 */
final class RealServices {
    private RealServices() {
    }

    /** The first executable of {@code candidates}; skips (or fails when required) if there is none. */
    static Path program(String what, String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = what + " is not installed (looked for " + String.join(", ", candidates) + ")";
        if (Boolean.getBoolean("it.require.services")) {
            throw new AssertionError(message + " and -Dit.require.services=true requires it");
        }
        Assumptions.abort(message + ": skipped here (required in CI)");
        return null;
    }
}
