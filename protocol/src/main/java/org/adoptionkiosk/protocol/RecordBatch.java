package org.adoptionkiosk.protocol;

import java.util.List;
import java.util.UUID;

/** What a kiosk publishes on {@code kiosk/v1/{d}/records}. */
public record RecordBatch(int schema, String deviceId, UUID batchId, UUID bootId, List<KioskRecord> records) {
}
