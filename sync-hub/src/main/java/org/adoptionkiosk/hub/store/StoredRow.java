package org.adoptionkiosk.hub.store;

import org.adoptionkiosk.protocol.KioskRecord;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A record just inserted, with what the hub worked out for it, as the hooks that run in the same
 * transaction see it.
 *
 * @param localAuthority the council slug the figures group by, or null
 * @param topic          the enquiry's topic, or null
 */
public record StoredRow(String deviceId, KioskRecord record, LocalDate figureDate, String localAuthority,
                        String topic, Instant receivedAt) {
}
