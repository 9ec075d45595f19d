package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.hub.registry.RegisteredDevice;
import org.adoptionkiosk.hub.registry.Revocations;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device registry the provisioning tool writes, and what ingest does with it: a revoked
 * device's batches and statuses become dead letters ("device revoked"), its records are rejected
 * in the ack, and unregistered devices work as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceRegistryTest {
    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(HubFixture::new);

    DeviceRegistry registry() {
        return new DeviceRegistry(hub.get().hub.dataSource());
    }

    @Test
    void registersListsAndRevokesOnce() throws Exception {
        Instant t1 = Instant.parse("2026-11-01T10:00:00Z");
        registry().register("kiosk-reg-one", "north-wales", "north-wales-hub", "Stand 1", t1);
        registry().register("kiosk-reg-two", "western-bay", null, null, t1.plusSeconds(60));
        assertThrows(DeviceRegistry.RegistryProblem.class,
                () -> registry().register("kiosk-reg-one", "north-wales", null, null, t1), "an id is registered once");
        assertThrows(DeviceRegistry.RegistryProblem.class,
                () -> registry().register("Not/An/Id", "north-wales", null, null, t1));
        assertThrows(DeviceRegistry.RegistryProblem.class, () -> registry().revoke("kiosk-never", t1));

        RegisteredDevice one = registry().find("kiosk-reg-one").orElseThrow();
        assertEquals(new RegisteredDevice("kiosk-reg-one", "north-wales", "north-wales-hub", "Stand 1", t1, null), one);
        assertFalse(registry().isRevoked("kiosk-reg-one"));
        Instant t2 = t1.plusSeconds(3600);
        assertEquals(t2, registry().revoke("kiosk-reg-one", t2).revokedAt());
        assertEquals(t2, registry().revoke("kiosk-reg-one", t2.plusSeconds(60)).revokedAt(), "the first time stays");
        assertTrue(registry().isRevoked("kiosk-reg-one"));
        assertFalse(registry().isRevoked("kiosk-unregistered"), "unregistered devices are not revoked");
        List<String> ids = registry().list().stream().map(RegisteredDevice::deviceId)
                .filter(id -> id.startsWith("kiosk-reg-")).toList();
        assertEquals(List.of("kiosk-reg-one", "kiosk-reg-two"), ids);
    }

    @Test
    void anEmbeddedBrokerPasswordIsKeptOnlyAsAHashAndEndsWithRevocation() throws Exception {
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        String hash = HubFixture.CHEAP.hash("a broker password of the kiosk");
        registry().register("kiosk-pw-one", null, null, null, t, hash);
        assertNull(registry().find("kiosk-pw-one").orElseThrow().region(), "a region is not needed");
        assertEquals(Optional.of(hash), registry().brokerPasswordHash("kiosk-pw-one"));
        assertThrows(DeviceRegistry.RegistryProblem.class,
                () -> registry().setBrokerPasswordHash("kiosk-pw-one", "a broker password in clear"),
                "only a bcrypt hash is stored");
        assertThrows(DeviceRegistry.RegistryProblem.class,
                () -> registry().register("kiosk-pw-two", null, null, null, t, "plain"));
        assertThrows(DeviceRegistry.RegistryProblem.class,
                () -> registry().setBrokerPasswordHash("kiosk-pw-nobody", hash), "not registered");
        assertEquals(Optional.empty(), registry().brokerPasswordHash("kiosk-pw-nobody"));

        registry().register("kiosk-pw-none", "western-bay", null, null, t);
        assertEquals(Optional.empty(), registry().brokerPasswordHash("kiosk-pw-none"), "provisioned for Mosquitto");

        registry().revoke("kiosk-pw-one", t.plusSeconds(60));
        assertEquals(Optional.empty(), registry().brokerPasswordHash("kiosk-pw-one"), "revoked: no way in");
        assertThrows(DeviceRegistry.RegistryProblem.class, () -> registry().setBrokerPasswordHash("kiosk-pw-one",
                HubFixture.CHEAP.hash("a new broker password")), "a revoked device gets no new password");
    }

    @Test
    void aRevokedDevicesBatchIsDeadLetteredAndItsRecordsRejectedInTheAck() throws Exception {
        String d = "kiosk-revoked";
        registry().register(d, "north-wales", null, null, Instant.now());
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            Ack before = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(signin(1))));
            assertEquals(1, before.accepted().size(), "registered and trusted: stored as usual");

            registry().revoke(d, Instant.now());
            List<KioskRecord> late = List.of(signin(2), signin(3));
            Ack ack = hub.get().sendAndAwaitAck(kiosk, batch(d, late));
            assertTrue(ack.accepted().isEmpty(), ack.toString());
            assertEquals(late.stream().map(r -> new Rejection(r.id(), Revocations.REASON)).toList(), ack.rejected());
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", d),
                    "nothing more stored");
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ? AND reason = ?"
                    + " AND topic = ?", d, Revocations.REASON, Topics.records(d)));

            kiosk.publish(Topics.status(d), "{\"deviceId\":\"" + d + "\",\"online\":true,\"backlog\":2}");
            Await.until("the status as a dead letter",
                    () -> hub.get().count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ? AND reason = ?"
                            + " AND topic = ?", d, Revocations.REASON, Topics.status(d)), n -> n == 1);
        }
    }

    /**
     * On an external broker that knows a device the registry does not (a Mosquitto whose password
     * file has it): the hub takes what it sends, as before the registry. The embedded broker lets in
     * registered devices only.
     */
    @Test
    void unregisteredDevicesWorkAsBefore(@TempDir Path dir) throws Exception {
        String d = "kiosk-not-provisioned";
        try (StandaloneBroker broker = new StandaloneBroker(dir.resolve("broker"));
             HubFixture f = new HubFixture(dir.resolve("hub"), broker);
             RawMqtt kiosk = f.kiosk(d)) {
            assertTrue(new DeviceRegistry(f.hub.dataSource()).find(d).isEmpty(), "not in the hub's registry");
            Ack ack = f.sendAndAwaitAck(kiosk, batch(d, List.of(signin(1), signin(2))));
            assertEquals(2, ack.accepted().size());
            assertTrue(ack.rejected().isEmpty());
            assertEquals(0, f.deadLetters(d));
        }
    }
}
