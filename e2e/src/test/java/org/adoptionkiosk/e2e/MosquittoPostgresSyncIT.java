package org.adoptionkiosk.e2e;

import org.adoptionkiosk.testkit.RealServices;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.MosquittoProcess;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestBroker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The same scenarios against the production shape: the machine's real Mosquitto on 1883 (a
 * private Mosquitto process where the broker must restart) and the hub on real PostgreSQL, each
 * test in a schema of its own. Required in CI.
 */
class MosquittoPostgresSyncIT extends SyncScenarios {
    private String schema;

    @Override
    String brokerUrl() {
        return RealServices.mosquittoUrl();
    }

    @Override
    TestBroker restartableBroker() throws Exception {
        return MosquittoProcess.open(dir.resolve("mosquitto"));
    }

    @Override
    List<String> storeArgs() throws Exception {
        String url = RealServices.postgresUrl();
        if (schema == null) {
            schema = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(url, RealServices.postgresUser(), "");
                 Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
        }
        return List.of("--jdbc-url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--jdbc-user", RealServices.postgresUser());
    }

    @Override
    void dropStore() throws Exception {
        // The shared broker keeps retained status messages forever: clear this test kiosk's.
        if (RealServices.answers("127.0.0.1", java.net.URI.create(brokerUrl()).getPort())) {
            try (RawMqtt client = new RawMqtt(brokerUrl())) {
                client.publishRetained(org.adoptionkiosk.protocol.Topics.status(deviceId), new byte[0]);
                client.publishRetained(org.adoptionkiosk.protocol.Topics.config(deviceId), new byte[0]);
            }
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(RealServices.postgresUrl(), RealServices.postgresUser(), "");
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /**
     * The broker here takes anonymous clients and has no ACLs (the shape of a production broker
     * whose credentials were got wrong): anyone can publish a retained config on a kiosk's topic.
     * A config the hub did not sign (a huge version, revocation, office mode) changes nothing on
     * the real kiosk, which reports bad_signature to the hub; the hub's own next config still applies.
     */
    @org.junit.jupiter.api.Test
    void aForgedConfigOnAnOpenBrokerChangesNothingAndTheHubSeesWhy() throws Exception {
        String broker = brokerUrl();
        startHub(broker);
        KioskProcess kiosk = startKiosk(broker, 7);
        capture(kiosk, 0, 0);
        awaitDrained(kiosk, 1);
        org.adoptionkiosk.protocol.DeviceConfig forged = new org.adoptionkiosk.protocol.DeviceConfig(999_999,
                org.adoptionkiosk.protocol.DeviceConfig.MODE_OFFICE, null, null, 1, null, true, java.time.Instant.now());
        try (RawMqtt attacker = new RawMqtt(broker)) {
            attacker.publishRetained(org.adoptionkiosk.protocol.Topics.config(deviceId),
                    new org.adoptionkiosk.protocol.WireCodec().encode(forged));
        }
        Await.atMost(DRAIN).until("the hub to see the kiosk refuse the forged config",
                () -> "bad_signature".equals(device().path("configError").asText()));
        capture(kiosk, 1, 1);
        awaitDrained(kiosk, 2); // not revoked: the record went

        var push = central().post("/fleet/" + deviceId + "/config", java.util.Map.of("mode", "event",
                "eventName", "Sioe Frenhinol", "eventVenue", "Llanelwedd", "startsOn", "2026-07-20",
                "endsOn", "2026-07-23", "signin", "on", "enquiry", "on"));
        org.junit.jupiter.api.Assertions.assertEquals(303, push.statusCode(), push::body);
        Await.atMost(DRAIN).until("the hub's config version 1 applied despite the forged 999999",
                () -> device().path("configVersion").asLong(0) == 1 && device().path("configError").isNull());
    }
}
