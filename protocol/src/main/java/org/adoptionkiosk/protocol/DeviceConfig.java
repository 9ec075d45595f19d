package org.adoptionkiosk.protocol;

import java.util.Map;

/** Retained desired configuration the hub pushes on {@code kiosk/v1/{d}/config}. */
public record DeviceConfig(
        String eventId,
        Map<String, Object> formOptions,
        Integer retentionDays,
        String staffPinHash,
        boolean revoked) {
}
