package org.adoptionkiosk.appliance.config;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.event.EventStore;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Applying the hub's config, member by member, on a real H2 file; restarts reopen the same file. */
class PushedConfigTest {
    private static final LocalDate AUG_1 = LocalDate.of(2026, 8, 1);
    private static final String PROVISIONED = PinHash.hash("2468", 1_000, new SecureRandom());
    private static final DeviceConfig.EventSpec EISTEDDFOD =
            new DeviceConfig.EventSpec("Eisteddfod Genedlaethol", "Pontypridd", AUG_1, AUG_1.plusDays(7));
    private static final DeviceConfig.EventSpec PRIDE =
            new DeviceConfig.EventSpec("Pride Cymru", "Caerdydd", AUG_1.plusDays(20), AUG_1.plusDays(21));

    private final WireCodec codec = new WireCodec();
    private final TestClock clock = new TestClock(Instant.parse("2026-08-01T09:00:00Z"));

    @TempDir
    Path dir;
    private Database db;
    private EventStore events;
    private PushedConfig hub;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir);
        events = new EventStore(db, clock, null);
        hub = new PushedConfig(db, events, codec, PROVISIONED);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The kiosk after a restart: everything read back from the database. */
    private void restart() {
        events = new EventStore(db, clock, null);
        hub = new PushedConfig(db, events, codec, PROVISIONED);
    }

    private static DeviceConfig config(long version, String mode, DeviceConfig.EventSpec event) {
        return new DeviceConfig(version, mode, event, null, null, null, false, Instant.now());
    }

    private static DeviceConfig config(long version, DeviceConfig.FormOptions form, Integer retentionDays,
                                       String pinHash, boolean revoked) {
        return new DeviceConfig(version, null, null, form, retentionDays, pinHash, revoked, Instant.now());
    }

    @Test
    void beforeAnyConfigTheKioskOffersEverythingAndKeepsThirtyDays() {
        PushedConfig.State s = hub.state();
        assertNull(s.version());
        assertNull(s.error());
        assertFalse(s.revoked());
        assertEquals(FormOptions.ALL, s.formOptions());
        assertEquals(30, hub.retentionDays());
        assertEquals(PROVISIONED, hub.staffPinHash(), "the --staff-pin-hash until the hub sets one");
        assertNull(hub.statusError());
    }

    @Test
    void anEventOrOfficeModeIsSetAsStaffWouldSetIt() {
        assertTrue(hub.apply(config(1, DeviceConfig.MODE_EVENT, EISTEDDFOD)));
        assertEquals("eisteddfod-genedlaethol-2026-08-01", events.currentEventId());
        assertEquals("Pontypridd", events.current().event().venue());
        assertEquals(1L, hub.state().version());

        assertTrue(hub.apply(config(2, DeviceConfig.MODE_OFFICE, null)));
        assertTrue(events.current().officeMode());
        assertNull(events.currentEventId(), "office mode: records carry no event");

        assertTrue(hub.apply(config(3, DeviceConfig.MODE_EVENT, PRIDE)));
        assertFalse(events.current().officeMode(), "mode event ends office mode");
        assertEquals("pride-cymru-2026-08-21", events.currentEventId());
    }

    @Test
    void anEventWithoutAModeLeavesOfficeModeAsItIs() {
        events.setOfficeMode(true);
        assertTrue(hub.apply(config(1, null, EISTEDDFOD)));
        assertTrue(events.current().officeMode());
        assertEquals("Eisteddfod Genedlaethol", events.current().event().name());
        restart();
        assertTrue(events.current().officeMode(), "kept in the same transaction as the event");
    }

    @Test
    void anOlderOrTheSameVersionIsIgnoredAndARestartDoesNotApplyTheRetainedOneAgain() {
        assertTrue(hub.apply(config(5, DeviceConfig.MODE_EVENT, EISTEDDFOD)));
        assertFalse(hub.apply(config(4, DeviceConfig.MODE_EVENT, PRIDE)), "older");
        assertFalse(hub.apply(config(5, DeviceConfig.MODE_EVENT, PRIDE)), "the same version again");
        assertEquals("eisteddfod-genedlaethol-2026-08-01", events.currentEventId());

        // Staff switch to office mode on the kiosk; after a restart the broker sends the retained v5 again.
        events.setOfficeMode(true);
        restart();
        assertEquals(5L, hub.state().version(), "the version applied outlives the restart");
        assertFalse(hub.apply(config(5, DeviceConfig.MODE_EVENT, EISTEDDFOD)));
        assertTrue(events.current().officeMode(), "staff's change since then stands");
    }

    @Test
    void aBadEventKeepsTheCurrentOneWhileTheRestOfTheConfigApplies() {
        hub.apply(config(1, DeviceConfig.MODE_EVENT, EISTEDDFOD));
        DeviceConfig.EventSpec backwards = new DeviceConfig.EventSpec("Sioe Frenhinol", "Llanelwedd",
                AUG_1.plusDays(3), AUG_1);
        DeviceConfig bad = new DeviceConfig(2, DeviceConfig.MODE_EVENT, backwards,
                new DeviceConfig.FormOptions(null, null, false), 14, null, false, Instant.now());

        assertTrue(hub.apply(bad));
        assertEquals(PushedConfig.EVENT_REJECTED, hub.state().error());
        assertEquals(PushedConfig.EVENT_REJECTED, hub.statusError());
        assertEquals("eisteddfod-genedlaethol-2026-08-01", events.currentEventId(), "the previous event stays");
        assertEquals(2L, hub.state().version());
        assertEquals(new FormOptions(true, true, false), hub.formOptions());
        assertEquals(14, hub.retentionDays());

        DeviceConfig unnamed = config(3, DeviceConfig.MODE_EVENT, new DeviceConfig.EventSpec(" ", null, AUG_1, AUG_1));
        hub.apply(unnamed);
        assertEquals(PushedConfig.EVENT_REJECTED, hub.state().error());
        assertEquals("eisteddfod-genedlaethol-2026-08-01", events.currentEventId());

        hub.apply(config(4, DeviceConfig.MODE_EVENT, PRIDE));
        assertNull(hub.state().error(), "a good config clears the error");
    }

    @Test
    void aBadPinHashKeepsTheOneBefore() {
        hub.apply(config(1, null, null, "pbkdf2-sha256$600000$short$short", false));
        assertEquals(PushedConfig.BAD_PIN_HASH, hub.state().error());
        assertEquals(PROVISIONED, hub.staffPinHash());

        String fromHub = PinHash.hash("1357", 1_000, new SecureRandom());
        hub.apply(config(2, null, null, fromHub, false));
        assertNull(hub.state().error());
        assertEquals(fromHub, hub.staffPinHash(), "the hub's hash replaces the --staff-pin-hash");

        hub.apply(config(3, null, null, "", false));
        assertEquals(PushedConfig.BAD_PIN_HASH, hub.state().error());
        assertEquals(fromHub, hub.staffPinHash());
        restart();
        assertEquals(fromHub, hub.staffPinHash(), "kept in H2");
    }

    @Test
    void bothPathsOffKeepsTheEnquiry() {
        hub.apply(config(1, new DeviceConfig.FormOptions(false, false, null), null, null, false));
        assertEquals(new FormOptions(false, true, true), hub.formOptions());
        assertEquals(PushedConfig.NO_VISITOR_PATH, hub.state().error());

        // Null members leave each path as the kiosk has it now.
        hub.apply(config(2, new DeviceConfig.FormOptions(true, null, null), null, null, false));
        assertEquals(FormOptions.ALL, hub.formOptions());
        assertNull(hub.state().error());

        hub.apply(config(3, new DeviceConfig.FormOptions(null, false, false), null, null, false));
        assertEquals(new FormOptions(true, false, false), hub.formOptions());
        hub.apply(config(4, new DeviceConfig.FormOptions(false, null, null), null, null, false));
        assertEquals(new FormOptions(false, true, false), hub.formOptions(),
                "turning off the last path brings the enquiry back");
        assertEquals(PushedConfig.NO_VISITOR_PATH, hub.state().error());
    }

    @Test
    void retentionIsOneDayToAYearAsTheHubsFormSays() {
        hub.apply(config(1, null, 0, null, false));
        assertEquals(PushedConfig.BAD_RETENTION_DAYS, hub.state().error());
        assertEquals(30, hub.retentionDays());
        hub.apply(config(2, null, 366, null, false));
        assertEquals(PushedConfig.BAD_RETENTION_DAYS, hub.state().error());
        assertEquals(30, hub.retentionDays());
        hub.apply(config(3, null, 3650, null, false));
        assertEquals(PushedConfig.BAD_RETENTION_DAYS, hub.state().error(), "ten years was the kiosk's old limit");
        assertEquals(30, hub.retentionDays());
        hub.apply(config(4, null, 365, null, false));
        assertEquals(365, hub.retentionDays());
        hub.apply(config(5, null, 1, null, false));
        assertEquals(1, hub.retentionDays());
        assertNull(hub.state().error());
    }

    @Test
    void revocationIsTheLatestConfigsWordAndOutlivesARestart() {
        hub.apply(config(1, null, null, null, true));
        assertTrue(hub.revoked());
        assertEquals(PushedConfig.REVOKED, hub.statusError());
        assertNull(hub.state().error(), "applied, not an error");
        restart();
        assertTrue(hub.revoked());
        hub.apply(config(2, null, null, null, false));
        assertFalse(hub.revoked());
        assertNull(hub.statusError());
    }

    @Test
    void aConfigTheKioskCannotReadIsReportedAndChangesNothing() {
        hub.apply(config(7, new DeviceConfig.FormOptions(null, false, null), 10, null, false));
        hub.arrived("{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(PushedConfig.BAD_CONFIG, hub.state().error());
        hub.arrived("{\"version\":8,\"mode\":\"party\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(PushedConfig.BAD_CONFIG, hub.state().error());
        hub.arrived("{\"version\":9,\"mode\":\"event\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(PushedConfig.BAD_CONFIG, hub.state().error(), "mode event without an event");
        assertEquals(7L, hub.state().version());
        assertEquals(new FormOptions(true, false, true), hub.formOptions());
        assertEquals(10, hub.retentionDays());

        hub.arrived(codec.encode(config(8, null, null, null, false)));
        assertEquals(8L, hub.state().version());
        assertNull(hub.state().error());
    }

    @Test
    void everythingAppliedIsReadBackAfterARestart() {
        String fromHub = PinHash.hash("1357", 1_000, new SecureRandom());
        hub.apply(new DeviceConfig(3, DeviceConfig.MODE_OFFICE, null, new DeviceConfig.FormOptions(false, null, false),
                90, fromHub, true, Instant.now()));
        PushedConfig.State before = hub.state();
        restart();
        assertEquals(before, hub.state());
        assertEquals(new FormOptions(false, true, false), hub.formOptions());
        assertEquals(90, hub.retentionDays());
        assertTrue(hub.revoked());
        assertFalse(hub.state().toString().contains(fromHub), "the PIN hash stays out of logs");
    }
}
