package org.adoptionkiosk.appliance.config;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.appliance.sync.FakeBroker;
import org.adoptionkiosk.appliance.sync.SyncAgent;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's config push through a whole kiosk (real H2, capture, event store, staff gate, sync
 * agent), with the broker and hub stood in for at the MQTT link: applied, carried by the records
 * captured afterwards, and reported back in the retained status.
 */
class ConfigPushTest {
    private static final String DEVICE = "kiosk-test";
    private static final String PIN = "2468";
    private static final String VERSION = PrivacyNotice.load(Messages.load()).version();
    private static final LocalDate TODAY = LocalDate.now(ZoneId.systemDefault());
    private static final DeviceConfig.EventSpec EISTEDDFOD =
            new DeviceConfig.EventSpec("Eisteddfod Genedlaethol", "Pontypridd", TODAY, TODAY.plusDays(7));
    private static final String EISTEDDFOD_ID = "eisteddfod-genedlaethol-" + TODAY;

    private final WireCodec codec = new WireCodec();
    @TempDir
    Path dir;
    private FakeBroker broker;
    private TestKiosk kiosk;
    private HubKeys hub;

    @BeforeEach
    void start() throws Exception {
        hub = HubKeys.create(dir);
        broker = new FakeBroker(codec, DEVICE, hub);
    }

    private void startKiosk() throws Exception {
        kiosk = TestKiosk.start(TestKiosk.config(dir.resolve("data"), hub)
                .withSyncOnStart(true)
                .withHardware("simulated")
                .withStaffPinHash(PinHash.hash(PIN, 1_000, new SecureRandom()))
                .withPlace("north-wales", "north-wales-hub"), broker::link);
    }

    @AfterEach
    void stop() {
        if (kiosk != null) {
            kiosk.close();
        }
        broker.shutdown();
    }

    private static DeviceConfig event(long version, DeviceConfig.EventSpec event) {
        return new DeviceConfig(version, DeviceConfig.MODE_EVENT, event, null, null, null, false, Instant.now());
    }

    private static DeviceConfig office(long version) {
        return new DeviceConfig(version, DeviceConfig.MODE_OFFICE, null, null, null, null, false, Instant.now());
    }

    private static DeviceConfig revoked(long version, boolean revoked) {
        return new DeviceConfig(version, null, null, null, null, null, revoked, Instant.now());
    }

    private DeviceStatus awaitConfigVersion(long version) throws InterruptedException {
        Await.until("status with config version " + version, () -> {
            DeviceStatus s = broker.retainedStatus();
            return s != null && s.online() && Objects.equals(version, s.configVersion());
        });
        return broker.retainedStatus();
    }

    private UUID signin() {
        return kiosk.appliance.capture(CaptureRequest.signin("cy",
                Map.of("localAuthority", "gwynedd", "privacyVersion", VERSION))).id();
    }

    private KioskRecord sent(UUID id) throws InterruptedException {
        Await.until("record sent", () -> broker.sentRecords().stream().anyMatch(r -> r.id().equals(id)));
        return broker.sentRecords().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private long footfallCounted() throws Exception {
        try (Connection c = kiosk.sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(visits), 0) FROM footfall")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRetainedEventIsAppliedOnConnectingCarriedByNewRecordsAndReportedInTheStatus() throws Exception {
        broker.pushConfig(event(1, EISTEDDFOD)); // retained before the kiosk ever connects
        startKiosk();

        DeviceStatus status = awaitConfigVersion(1);
        assertNull(status.configError());
        assertEquals(EISTEDDFOD_ID, status.eventId());
        assertEquals("Eisteddfod Genedlaethol", status.eventName());
        assertEquals("Pontypridd", status.eventVenue());
        assertEquals("event", status.mode());
        assertEquals("north-wales", status.region());
        assertEquals("north-wales-hub", status.site());
        assertEquals(EISTEDDFOD_ID, sent(signin()).eventId(), "records captured afterwards carry the event");

        // A visitor passes the stand: the event's footfall, as the staff dashboard counts it.
        kiosk.appliance.hardware().simulated().orElseThrow().triggerMotion();
        Await.until("footfall counted", () -> footfallCounted() == 1);
        broker.pushConfig(office(2));
        status = awaitConfigVersion(2);
        assertEquals("office", status.mode());
        assertNull(status.eventId(), "office mode: no event");
        assertNull(status.eventName());
        assertNull(status.footfallEvent());
        assertEquals(1L, status.footfallToday());
        assertNull(sent(signin()).eventId(), "records captured in office mode carry no event");

        broker.pushConfig(event(3, EISTEDDFOD));
        status = awaitConfigVersion(3);
        assertEquals(1L, status.footfallEvent(), "people counted since the event began");
        assertEquals(EISTEDDFOD_ID, status.eventId());
    }

    @Test
    void anOlderVersionIsIgnoredButTheStatusIsPublishedAgain() throws Exception {
        startKiosk();
        broker.pushConfig(event(5, EISTEDDFOD));
        awaitConfigVersion(5);
        int published = broker.statusPublishes();

        DeviceConfig.EventSpec pride = new DeviceConfig.EventSpec("Pride Cymru", "Caerdydd", TODAY, TODAY);
        broker.pushConfig(event(4, pride));
        Await.until("status published again", () -> broker.statusPublishes() > published);
        DeviceStatus status = broker.retainedStatus();
        assertEquals(5L, status.configVersion());
        assertEquals(EISTEDDFOD_ID, status.eventId(), "the older config changed nothing");
        assertEquals(EISTEDDFOD_ID, sent(signin()).eventId());
    }

    @Test
    void aBadEventOrPinHashIsReportedAndThePreviousSettingsStay() throws Exception {
        startKiosk();
        broker.pushConfig(event(1, EISTEDDFOD));
        awaitConfigVersion(1);

        broker.pushConfig(event(2, new DeviceConfig.EventSpec("Sioe", null, TODAY, TODAY.minusDays(1))));
        DeviceStatus status = awaitConfigVersion(2);
        assertEquals(PushedConfig.EVENT_REJECTED, status.configError());
        assertEquals(EISTEDDFOD_ID, status.eventId(), "the previous event stays");
        assertEquals(EISTEDDFOD_ID, sent(signin()).eventId());

        broker.pushConfig(new DeviceConfig(3, null, null, null, null, "1234", false, Instant.now()));
        status = awaitConfigVersion(3);
        assertEquals(PushedConfig.BAD_PIN_HASH, status.configError());
        assertEquals(200, login(PIN), "the PIN from before still opens the dashboard");

        String fromHub = PinHash.hash("1357", 1_000, new SecureRandom());
        broker.pushConfig(new DeviceConfig(4, null, null, null, null, fromHub, false, Instant.now()));
        status = awaitConfigVersion(4);
        assertNull(status.configError());
        assertEquals(401, login(PIN), "the old PIN no longer opens it");
        assertEquals(200, login("1357"), "the hub's does");
    }

    private int login(String pin) throws Exception {
        return kiosk.post("/staff/api/login", "application/json", "{\"pin\":\"" + pin + "\"}",
                Map.of("Origin", "http://127.0.0.1:" + kiosk.appliance.httpPort())).statusCode();
    }

    @Test
    void aRevokedKioskSendsNothingAndKeepsEveryRecordUntilTheHubLiftsIt() throws Exception {
        startKiosk();
        UUID before = signin();
        sent(before);
        Await.until("first record settled", () -> kiosk.appliance.backlog() == 0);

        broker.pushConfig(revoked(1, true));
        DeviceStatus status = awaitConfigVersion(1);
        assertEquals(PushedConfig.REVOKED, status.configError());
        UUID first = signin();
        UUID second = signin();
        int sentBefore = broker.batches().size();
        // The agent handles events in order: once it has published the status for this (ignored)
        // push, it has also seen the captures' signals, and sent nothing for them.
        int published = broker.statusPublishes();
        broker.pushConfig(revoked(1, true));
        Await.until("status published again", () -> broker.statusPublishes() > published);
        assertEquals(sentBefore, broker.batches().size(), "no batch while revoked");
        assertEquals(2, kiosk.appliance.backlog(), "the records wait in the outbox");
        assertEquals(PushedConfig.REVOKED, broker.retainedStatus().configError());
        assertEquals(2, broker.retainedStatus().backlog());

        broker.pushConfig(revoked(2, false));
        Await.until("drained after the revocation is lifted", () -> kiosk.appliance.backlog() == 0);
        assertTrue(broker.acceptedIds().containsAll(java.util.List.of(first, second)));
        assertNull(awaitConfigVersion(2).configError());
    }

    @Test
    void aConfigPushedWhileTheKioskIsAwayArrivesWhenItReconnects() throws Exception {
        startKiosk();
        awaitConfigVersionNull();
        broker.dropConnection();
        broker.pushConfig(event(1, EISTEDDFOD));
        DeviceStatus status = awaitConfigVersion(1);
        assertEquals(EISTEDDFOD_ID, status.eventId());
        assertNull(status.configError());
    }

    private void awaitConfigVersionNull() throws InterruptedException {
        Await.until("online", () -> broker.retainedStatus() != null && broker.retainedStatus().online());
        assertNull(broker.retainedStatus().configVersion(), "no config yet");
    }

    /**
     * The attack from outside: a retained config with a huge version and a PIN of the attacker's
     * choosing, published by anyone who can publish on the broker. Unsigned, or signed by another
     * key, it changes nothing (PIN, event, revocation, version) and the status says bad_signature;
     * the hub's next signed config, version 1, still applies.
     */
    @Test
    void aConfigTheHubDidNotSignChangesNothingAndIsReported() throws Exception {
        startKiosk();
        signin();
        Await.until("first record settled", () -> kiosk.appliance.backlog() == 0);
        String attackersPin = PinHash.hash("0000", 1_000, new SecureRandom());
        DeviceConfig attack = new DeviceConfig(999_999, DeviceConfig.MODE_EVENT, EISTEDDFOD, null, 1,
                attackersPin, true, Instant.now());
        broker.pushForgedConfig(codec.encode(attack));
        Await.until("bad_signature in the status", () -> {
            DeviceStatus s = broker.retainedStatus();
            return s != null && SyncAgent.BAD_SIGNATURE.equals(s.configError());
        });
        HubKeys stranger = HubKeys.create(java.nio.file.Files.createTempDirectory(dir, "stranger"));
        broker.pushForgedConfig(stranger.sign(codec, org.adoptionkiosk.protocol.Topics.config(DEVICE),
                codec.encode(attack)));
        assertEquals(200, login(PIN), "the real PIN still opens the dashboard");
        assertEquals(401, login("0000"), "the attacker's does not");
        DeviceStatus refused = broker.retainedStatus();
        assertNull(refused.configVersion(), "no version was taken from the forgery");
        assertEquals(SyncAgent.BAD_SIGNATURE, refused.configError(), "not revoked either (that would say so)");
        UUID after = signin();
        assertNull(sent(after).eventId(), "no event was set by the forgery");

        broker.pushConfig(event(1, EISTEDDFOD));
        DeviceStatus status = awaitConfigVersion(1);
        assertNull(status.configError());
        assertEquals(EISTEDDFOD_ID, sent(signin()).eventId());
    }
}
