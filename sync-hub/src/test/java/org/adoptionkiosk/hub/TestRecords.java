package org.adoptionkiosk.hub;

import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.WireCodec;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records and batches as a kiosk would send them. */
final class TestRecords {
    static final UUID BOOT = UUID.fromString("0b0b0b0b-0000-4000-8000-000000000001");

    private TestRecords() {
    }

    static KioskRecord signin(long seq, Instant capturedAt, String localAuthority, String eventId) {
        return record(seq, RecordType.SIGNIN, capturedAt, localAuthority, eventId, null);
    }

    static KioskRecord enquiry(long seq, Instant capturedAt, String localAuthority, String eventId) {
        return record(seq, RecordType.ENQUIRY, capturedAt, localAuthority, eventId, "c2VhbGVkLWNvbnRhY3Q=");
    }

    static KioskRecord record(long seq, RecordType type, Instant capturedAt, String localAuthority, String eventId,
                              String sealed) {
        Map<String, Object> fields = new HashMap<>();
        if (localAuthority != null) {
            fields.put("localAuthority", localAuthority);
        }
        fields.put("howHeard", "event");
        return new KioskRecord(UUID.randomUUID(), seq, type, capturedAt, BOOT, 1000 + seq, eventId, Lang.CY,
                WireCodec.SCHEMA, fields, sealed);
    }

    static KioskRecord signin(long seq) {
        return signin(seq, Instant.now(), "gwynedd", "eisteddfod-2026");
    }

    static RecordBatch batch(String deviceId, List<KioskRecord> records) {
        return new RecordBatch(WireCodec.SCHEMA, deviceId, UUID.randomUUID(), BOOT, records);
    }
}
