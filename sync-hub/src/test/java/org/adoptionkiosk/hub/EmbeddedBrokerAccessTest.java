package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.RawMqtt;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The hub's embedded broker is closed: it lets in only the hub itself and registered devices with
 * their password, and holds each device to the production Mosquitto's ACL (write its own records
 * and status, read its own ack and config), through a real hub, its real broker and real clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerAccessTest {
    /** MQTT v5 CONNACK: bad user name or password, and not authorized. */
    private static final int BAD_CREDENTIALS = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    /** How long a refused publish is given to be acknowledged anyway. */
    private static final long REFUSED_WAIT_MS = 2000;

    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(HubFixture::new);

    private String url() {
        return hub.get().hub.brokerUrl();
    }

    private static void assertRefused(Executable connect, String what) {
        MqttException e = assertThrows(MqttException.class, connect, what + " must be refused");
        assertTrue(e.getReasonCode() == BAD_CREDENTIALS || e.getReasonCode() == NOT_AUTHORIZED,
                what + ": refused with reason " + e.getReasonCode() + " (" + e.getMessage() + ")");
    }

    @Test
    void anonymousAndWrongCredentialsAreRefused() throws Exception {
        String d = "kiosk-known";
        String password = hub.get().register(d);
        assertRefused(() -> new RawMqtt(url()).close(), "an anonymous client");
        assertRefused(() -> new RawMqtt(url(), d, "not the password of " + d).close(), "a wrong password");
        assertRefused(() -> new RawMqtt(url(), d, (String) null).close(), "a user name without a password");
        assertRefused(() -> new RawMqtt(url(), "kiosk-stranger", password).close(), "a device nobody registered");
        assertRefused(() -> new RawMqtt(url(), d.toUpperCase(), password).close(), "another spelling of the id");
        try (RawMqtt in = new RawMqtt(url(), d, password)) {
            assertEquals(1, in.trySubscribe(Topics.ack(d)), "the right password lets it in");
        }
    }

    @Test
    void aDeviceCannotTakeAnotherDevicesClientId() throws Exception {
        String a = "kiosk-imposter";
        String b = "kiosk-impersonated";
        String password = hub.get().register(a);
        hub.get().register(b);
        MqttClient client = new MqttClient(url(), b, new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(a);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            // It would take over b's session (and knock the real kiosk b off) if the broker let it.
            assertRefused(() -> client.connect(options), "a's password with b's client id");
        } finally {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close();
        }
    }

    @Test
    void aDeviceCannotPublishToAnotherDevicesTopics() throws Exception {
        String a = "kiosk-honest";
        String b = "kiosk-victim";
        hub.get().register(b);
        long deadLettersBefore = hub.get().count("SELECT COUNT(*) FROM dead_letters");
        try (RawMqtt kiosk = hub.get().kiosk(a)) {
            assertFalse(kiosk.tryPublish(Topics.records(b), hub.get().codec.encode(batch(b, List.of(signin(1)))), false,
                    REFUSED_WAIT_MS), "the broker takes no records for b from a");
            assertFalse(kiosk.tryPublish(Topics.status(b), hub.get().codec.encode(Statuses.of(b).build()), true,
                    REFUSED_WAIT_MS), "the broker takes no status for b from a");
            // a's own batch, sent after them on the same connection, is stored and acked: the broker
            // and the hub are working, and anything the broker had let through would be in by now.
            Ack own = hub.get().sendAndAwaitAck(kiosk, batch(a, List.of(signin(1))));
            assertEquals(1, own.accepted().size(), own.toString());
        }
        assertEquals(0, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", b), "no record of b's");
        assertEquals(0, hub.get().count("SELECT COUNT(*) FROM devices WHERE device_id = ?", b), "no status of b's");
        assertEquals(0, hub.get().deadLetters(b), "not even a dead letter: the hub never saw it");
        assertEquals(deadLettersBefore, hub.get().count("SELECT COUNT(*) FROM dead_letters"));
        assertEquals(1, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", a));
    }

    @Test
    void aDeviceCannotReadAnotherDevicesAcksOrConfigNorSubscribeToWildcards() throws Exception {
        String spy = "kiosk-curious";
        String b = "kiosk-private";
        try (RawMqtt curious = hub.get().connect(spy); RawMqtt victim = hub.get().kiosk(b)) {
            for (String topic : List.of(Topics.ack(b), Topics.config(b), Topics.records(b), Topics.status(b),
                    "kiosk/v1/#", "kiosk/v1/+/ack", "kiosk/v1/+/config", Topics.RECORDS_ALL, Topics.STATUS_ALL, "#",
                    Topics.RECORDS_SHARED, "$share/g/kiosk/v1/#", "$share/g/" + Topics.ack(b), Topics.records(spy))) {
                int code = curious.trySubscribe(topic);
                assertTrue(code >= 0x80, topic + " must be refused, the broker answered " + code);
            }
            int own = curious.trySubscribe(Topics.ack(spy));
            assertTrue(own < 0x80, "its own ack topic is granted, not " + own);

            Ack ack = hub.get().sendAndAwaitAck(victim, batch(b, List.of(signin(1))));
            assertEquals(1, ack.accepted().size(), "b's batch is acked to b");
            assertNull(curious.poll(1000), "the curious device heard none of it");
        }
    }

    @Test
    void aDeviceCannotWriteItsOwnConfigOrAck() throws Exception {
        String d = "kiosk-forger";
        byte[] forgedConfig = ("{\"deviceId\":\"" + d + "\",\"version\":99,\"revoked\":false,"
                + "\"staffPinHash\":\"pbkdf2-sha256$600000$c2FsdA$aGFzaA\"}").getBytes(StandardCharsets.UTF_8);
        byte[] forgedAck = ("{\"batchId\":\"00000000-0000-4000-8000-000000000000\",\"accepted\":[],\"rejected\":[],"
                + "\"contiguousSeq\":0}").getBytes(StandardCharsets.UTF_8);
        try (RawMqtt kiosk = hub.get().connect(d)) {
            assertTrue(kiosk.tryPublish(Topics.status(d), hub.get().codec.encode(Statuses.of(d).build()), true, 20_000),
                    "its own status is taken");
            assertFalse(kiosk.tryPublish(Topics.config(d), forgedConfig, true, REFUSED_WAIT_MS),
                    "a device may not write a config, not even its own");
            assertFalse(kiosk.tryPublish(Topics.ack(d), forgedAck, false, REFUSED_WAIT_MS),
                    "a device may not write an ack, not even its own");
        }
        Await.until("the hub to store the forger's status",
                () -> hub.get().count("SELECT COUNT(*) FROM devices WHERE device_id = ?", d), n -> n == 1);
        try (RawMqtt kiosk = hub.get().connect(d)) {
            assertTrue(kiosk.trySubscribe(Topics.config(d)) < 0x80, "its own config topic is granted");
            assertNull(kiosk.poll(1000), "no retained config: the forged one was never taken");

            HttpResponse<String> push = hub.get().central().post("/fleet/" + d + "/config",
                    FleetTest.eventForm("Sioe Frenhinol Cymru", "2026-07-20", "2026-07-23", "30"));
            assertEquals(303, push.statusCode(), push.body());
            DeviceConfig config = hub.get().config(d, kiosk.next(20).payload());
            assertEquals(1, config.version(), "the hub's own config arrives, signed");
            assertEquals("Sioe Frenhinol Cymru", config.event().name());
        }
    }

    @Test
    void aRevokedDeviceIsRefusedAtConnect() throws Exception {
        String d = "kiosk-to-revoke";
        String password = hub.get().register(d);
        try (RawMqtt kiosk = new RawMqtt(url(), d, password)) {
            assertTrue(kiosk.trySubscribe(Topics.config(d)) < 0x80, "in before the revocation");
        }
        new DeviceRegistry(hub.get().hub.dataSource()).revoke(d, Instant.now());
        assertRefused(() -> new RawMqtt(url(), d, password).close(), "a revoked device");
    }

    @Test
    void aNewPasswordShutsTheOldOneOut() throws Exception {
        String d = "kiosk-new-password";
        String old = hub.get().register(d);
        new RawMqtt(url(), d, old).close();
        String fresh = hub.get().newPassword(d);
        assertRefused(() -> new RawMqtt(url(), d, old).close(), "the old password");
        new RawMqtt(url(), d, fresh).close();
    }
}
