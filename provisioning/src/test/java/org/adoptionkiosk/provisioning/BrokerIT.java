package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.MosquittoProcess;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.appliance.KioskBundle;
import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Mosquitto of this machine on exactly the files the tool wrote (configuration, password
 * file in Mosquitto's own hash format, ACL, TLS certificate), on a free port: who may connect, and
 * which topics each may use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerIT {
    private static final int NOT_AUTHORISED = 0x87;

    Tool tool;
    MosquittoProcess broker;
    String url;
    String a;
    String b;
    String withCert;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        MosquittoProcess.binary();
        int port = ChildProcess.freePort();
        tool = new Tool(tmp.resolve("prov"), tmp.resolve("hub"), Map.of());
        tool.hubInit(port);
        a = Tool.deviceId(tool.ok("device", "add", "--region", "north-wales", "--site", "north-wales-hub"));
        b = Tool.deviceId(tool.ok("device", "add", "--region", "western-bay", "--site", "western-bay-hub"));
        withCert = Tool.deviceId(tool.ok("device", "add", "--region", "western-bay", "--site", "western-bay-hub",
                "--client-cert"));
        broker = MosquittoProcess.withConfig(tool.dir().resolve("broker/adoption-kiosk.conf"), port);
        url = "ssl://localhost:" + port;
    }

    @AfterAll
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    Path bundle(String id) {
        return tool.dir().resolve("devices").resolve(id);
    }

    String password(String id) throws Exception {
        return Files.readString(bundle(id).resolve(KioskBundle.PASSWORD)).strip();
    }

    BrokerTls trust(String id) {
        return new BrokerTls(bundle(id).resolve(KioskBundle.CA), null, null);
    }

    TlsClient device(String id) throws Exception {
        return new TlsClient(url, id, password(id), trust(id));
    }

    TlsClient hub() throws Exception {
        String password = Files.readAllLines(tool.dir().resolve("hub/hub.env")).stream()
                .filter(l -> l.startsWith("HUB_BROKER_PASSWORD=")).findFirst().orElseThrow()
                .substring("HUB_BROKER_PASSWORD=".length());
        return new TlsClient(url, "hub", password, new BrokerTls(tool.dir().resolve("broker/ca.pem"), null, null));
    }

    @Test
    void aDeviceConnectsOverTlsWithThePasswordTheToolHashedAndPublishesItsRecords() throws Exception {
        try (TlsClient hub = hub(); TlsClient kiosk = device(a)) {
            assertTrue(hub.subscribe(Topics.RECORDS_SHARED) < 0x80, "the hub reads records by its shared subscription");
            assertTrue(hub.subscribe(Topics.STATUS_ALL) < 0x80);
            assertTrue(kiosk.publish(Topics.records(a), "{\"batch\":1}") < 0x80);
            TlsClient.Received got = hub.next();
            assertNotNull(got, "the hub got the batch");
            assertEquals(Topics.records(a), got.topic());
            assertTrue(kiosk.publish(Topics.status(a), "{\"online\":true}") < 0x80);
            assertEquals(Topics.status(a), hub.next().topic());

            // And the hub answers on the device's own ack topic, which the device may read.
            assertTrue(kiosk.subscribe(Topics.ack(a)) < 0x80);
            assertTrue(kiosk.subscribe(Topics.config(a)) < 0x80);
            assertTrue(hub.publish(Topics.ack(a), "{\"ack\":1}") < 0x80);
            assertEquals("{\"ack\":1}", kiosk.next().text());
        }
    }

    @Test
    void aDeviceCannotWriteAnotherDevicesTopicsNorReadItsAcks() throws Exception {
        try (TlsClient hub = hub(); TlsClient kioskA = device(a); TlsClient kioskB = device(b)) {
            hub.subscribe("kiosk/v1/+/records");
            assertTrue(kioskB.subscribe(Topics.ack(b)) < 0x80);

            // Mosquitto grants subscriptions and applies "read" to each message it would deliver.
            kioskA.subscribe(Topics.ack(b));
            kioskA.subscribe("kiosk/v1/+/ack");
            kioskA.subscribe(Topics.records(b));
            assertEquals(NOT_AUTHORISED, kioskA.publish(Topics.records(b), "{\"forged\":true}"),
                    "A may not publish as B");
            assertEquals(NOT_AUTHORISED, kioskA.publish(Topics.ack(a), "{\"forged\":true}"), "nor ack itself");
            assertEquals(NOT_AUTHORISED, kioskA.publish(Topics.config(b), "{}"));

            assertTrue(hub.publish(Topics.ack(b), "{\"for\":\"b\"}") < 0x80);
            assertTrue(kioskB.publish(Topics.records(b), "{\"from\":\"b\"}") < 0x80);
            assertEquals("{\"for\":\"b\"}", kioskB.next().text(), "B gets its own ack");
            assertEquals("{\"from\":\"b\"}", hub.next().text(), "the hub gets B's own batch, and only that");
            assertNull(hub.poll(500), "nothing A forged reached the hub");
            assertNull(kioskA.poll(500), "A read neither B's ack nor B's records");
        }
    }

    @Test
    void aWrongPasswordAnUnknownUserAndNoPasswordAreRefused() throws Exception {
        assertThrows(MqttException.class, () -> new TlsClient(url, a, "not-the-password", trust(a)).close());
        assertThrows(MqttException.class, () -> new TlsClient(url, a, password(b), trust(a)).close(),
                "B's password is not A's");
        assertThrows(MqttException.class, () -> new TlsClient(url, "kiosk-stranger", password(a), trust(a)).close());
        assertThrows(MqttException.class, () -> new TlsClient(url, null, null, trust(a)).close(), "no anonymous access");
        // A client that trusts only the JDK's public roots does not accept the broker's certificate.
        assertThrows(MqttException.class, () -> new TlsClient(url, a, password(a), BrokerTls.DEFAULT).close());
    }

    @Test
    void aDeviceWithAClientCertificateConnects() throws Exception {
        Path dir = bundle(withCert);
        BrokerTls tls = new BrokerTls(dir.resolve(KioskBundle.CA), dir.resolve(KioskBundle.CLIENT_CERT),
                dir.resolve(KioskBundle.CLIENT_KEY));
        try (TlsClient kiosk = new TlsClient(url, withCert, password(withCert), tls)) {
            assertTrue(kiosk.publish(Topics.records(withCert), "{}") < 0x80);
        }
    }

    @Test
    void aRevokedDeviceIsRefusedOnceMosquittoReloads() throws Exception {
        String c = Tool.deviceId(tool.ok("device", "add", "--region", "north-wales", "--site", "north-wales-hub",
                "--reload-pid-file", broker.pidFile().toString()));
        String password = password(c);
        // The new device works at once: the tool told the running broker to reload.
        try (TlsClient kiosk = new TlsClient(url, c, password, trust(c))) {
            assertTrue(kiosk.publish(Topics.records(c), "{}") < 0x80);
        }
        try (TlsClient connected = new TlsClient(url, c, password, trust(c))) {
            Tool.Result r = tool.ok("device", "revoke", c, "--reload-pid-file", broker.pidFile().toString());
            assertTrue(r.out().contains("told to reload"), r.toString());
            // A reload applies the new files to connected clients too: the revoked one is dropped.
            Await.until("the revoked device's open connection is dropped", () -> !connected.connected());
        }
        assertThrows(MqttException.class, () -> new TlsClient(url, c, password, trust(c)).close(),
                "a revoked device cannot connect");
        assertTrue(broker.alive(), broker.tail(40));
        try (TlsClient other = device(a)) {
            assertTrue(other.publish(Topics.records(a), "{}") < 0x80, "the others still work after the reload");
        }
    }
}
