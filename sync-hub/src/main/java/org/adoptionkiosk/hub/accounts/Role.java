package org.adoptionkiosk.hub.accounts;

import java.util.Locale;
import java.util.Optional;

/**
 * What a hub user may do: {@code central} everything; {@code regional} the enquiries of one
 * region or one voluntary agency, and the figures; {@code viewer} the figures only, never a
 * visitor's details.
 */
public enum Role {
    CENTRAL, REGIONAL, VIEWER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
