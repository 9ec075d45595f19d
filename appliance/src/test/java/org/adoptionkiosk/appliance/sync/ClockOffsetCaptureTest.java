package org.adoptionkiosk.appliance.sync;

import org.adoptionkiosk.testkit.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A whole kiosk (real H2, capture, outbox, sync agent) with the broker and hub stood in for: the
 * clock offset the agent learns from an ack's hubTime is stored with each capture made after it, in
 * the record's row, and sent with that record; one captured before any ack carries none; and a
 * record keeps the offset known when it was captured, whatever the kiosk learns later.
 */
class ClockOffsetCaptureTest {
    private static final String VERSION = PrivacyNotice.load(Messages.load()).version();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private final WireCodec codec = new WireCodec();
    private FakeBroker broker;
    private HubKeys hub;
    private TestKiosk kiosk;

    @TempDir
    Path dir;

    @BeforeEach
    void hub() throws Exception {
        hub = HubKeys.create(dir);
        broker = new FakeBroker(codec, "kiosk-test", hub);
    }

    @AfterEach
    void stop() {
        if (kiosk != null) {
            kiosk.close();
        }
        broker.shutdown();
    }

    private UUID signin() {
        return kiosk.appliance.capture(CaptureRequest.signin("cy",
                Map.of("localAuthority", "gwynedd", "privacyVersion", VERSION))).id();
    }

    /** The record as the hub received it, as JSON. */
    private JsonNode sent(UUID id) throws Exception {
        Await.until("record sent", () -> broker.acceptedIds().contains(id));
        KioskRecord r = broker.sentRecords().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        return codec.mapper().readTree(codec.encode(r));
    }

    private Long storedOffset(UUID id) throws Exception {
        try (Connection c = kiosk.sql();
             PreparedStatement ps = c.prepareStatement("SELECT clock_offset_millis FROM records WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private static void near(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) < 60_000, "offset " + actual + ", expected about " + expected);
    }

    @Test
    void aCaptureAfterAnAckStoresTheOffsetAndTheOutboxSendsIt() throws Exception {
        broker.hubClockAhead(Duration.ofHours(1));
        kiosk = TestKiosk.start(TestKiosk.config(dir.resolve("data"), hub).withSyncOnStart(true),
                broker::link);

        // Before any ack this process knows nothing of its clock.
        UUID first = signin();
        assertNull(storedOffset(first));
        assertFalse(sent(first).has("clockOffsetMillis"), "no offset before the first ack");
        Await.until("offset learnt", () -> kiosk.appliance.status().clockOffsetMillis() != null);

        // After it: stored with the record at capture, and sent with it.
        UUID second = signin();
        Long stored = storedOffset(second);
        assertNotNull(stored, "the offset known at capture is stored with the record");
        near(HOUR, stored);
        assertEquals(stored.longValue(), sent(second).path("clockOffsetMillis").asLong(), "sent as stored");

        // The kiosk learns a new offset; the earlier record keeps the one it was captured with.
        broker.hubClockAhead(Duration.ofHours(2));
        UUID third = signin();
        sent(third);
        Await.until("new offset learnt",
                () -> Math.abs(kiosk.appliance.status().clockOffsetMillis() - 2 * HOUR) < 60_000);
        UUID fourth = signin();
        near(2 * HOUR, sent(fourth).path("clockOffsetMillis").asLong());
        assertEquals(stored, storedOffset(second), "a record's offset never changes after capture");
    }
}
