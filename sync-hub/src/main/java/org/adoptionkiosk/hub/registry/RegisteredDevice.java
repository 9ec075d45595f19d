package org.adoptionkiosk.hub.registry;

import java.time.Instant;

/**
 * One provisioned kiosk as the hub's registry holds it.
 *
 * @param region    its region, or null when it was let in without one ({@code sync-hub.jar device add})
 * @param site      the office of its region, or null
 * @param name      the operator's label, or null
 * @param revokedAt null while the device is trusted
 */
public record RegisteredDevice(String deviceId, String region, String site, String name, Instant registeredAt,
                               Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
