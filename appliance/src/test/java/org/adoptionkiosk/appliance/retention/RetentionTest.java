package org.adoptionkiosk.appliance.retention;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.config.PushedConfig;
import org.adoptionkiosk.appliance.event.EventStore;
import org.adoptionkiosk.appliance.outbox.Outbox;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.NewRecord;
import org.adoptionkiosk.appliance.store.CaptureWriter;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The kiosk's local retention on a real H2 file, with a clock the test moves by hand. */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-08-01T09:00:00Z");
    private static final String FIELDS = "{\"localAuthority\":\"ceredigion\",\"topic\":\"adopting\"}";

    private final WireCodec codec = new WireCodec();
    private final UUID bootId = UUID.randomUUID();
    private final TestClock clock = new TestClock(T0);

    @TempDir
    Path dir;
    private Database db;
    private CaptureWriter store;
    private Outbox outbox;
    private PushedConfig hub;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir);
        store = new CaptureWriter(db);
        outbox = new Outbox(db, codec, "kiosk-retention", bootId);
        hub = new PushedConfig(db, new EventStore(db, clock, null), codec, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private UUID enquiry() {
        UUID id = UUID.randomUUID();
        store.insert(new NewRecord(id, RecordType.ENQUIRY, clock.instant(), bootId, 0, null, Lang.CY,
                WireCodec.SCHEMA, FIELDS, "c2VhbGVk"));
        return id;
    }

    /** The hub acknowledges these records now (by the test clock). */
    private void ack(UUID... ids) {
        outbox.apply(new Ack(UUID.randomUUID(), List.of(ids), List.of(), 0, clock.instant()), null, clock.instant());
    }

    private String sealed(UUID id) {
        return column(id, "sealed");
    }

    private String column(UUID id, String name) {
        return db.call(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + name + " FROM records WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void onlyRecordsAckedLongerAgoThanTheRetentionLoseTheirSealedPart() {
        Retention retention = new Retention(outbox, clock, hub::retentionDays);
        UUID ackedFirst = enquiry();
        ack(ackedFirst);                        // acked on day 0
        clock.advance(Duration.ofDays(20));
        UUID ackedLater = enquiry();
        ack(ackedLater);                        // acked on day 20
        UUID neverAcked = enquiry();            // waiting since day 20
        clock.advance(Duration.ofDays(11));     // day 31: the first ack is over the default 30 days old

        assertEquals(1, retention.wipeExpired());
        assertNull(sealed(ackedFirst));
        assertEquals(FIELDS, column(ackedFirst, "fields_json"), "the non-personal fields stay for the figures");
        assertNotNull(column(ackedFirst, "synced_at"));
        assertNotNull(sealed(ackedLater), "acked 11 days ago");
        assertNotNull(sealed(neverAcked), "not at the hub: kept, however old");
        assertEquals(1, outbox.backlog());

        // The hub shortens the period to 10 days.
        hub.apply(new DeviceConfig(1, null, null, null, 10, null, false, Instant.now()));
        assertEquals(1, retention.wipeExpired());
        assertNull(sealed(ackedLater));
        assertNotNull(sealed(neverAcked));
        assertEquals(0, retention.wipeExpired(), "nothing is wiped twice");
    }

    @Test
    void theWipeRunsAtStart() throws Exception {
        UUID id = enquiry();
        ack(id);
        clock.advance(Duration.ofDays(31));
        try (Retention retention = new Retention(outbox, clock, hub::retentionDays)) {
            retention.start();
            Await.until("the wipe at start", () -> sealed(id) == null);
        }
        assertEquals(FIELDS, column(id, "fields_json"));
    }
}
