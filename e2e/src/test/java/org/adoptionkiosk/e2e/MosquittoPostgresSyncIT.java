package org.adoptionkiosk.e2e;

import org.adoptionkiosk.testkit.RawMqtt;
import org.junit.jupiter.api.Assumptions;

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
        if (!MosquittoProcess.installed()) {
            if (RealServices.required()) {
                throw new AssertionError("the mosquitto binary is required in CI (.ci/run installs it)");
            }
            Assumptions.abort("no mosquitto binary here: skipped (required in CI)");
        }
        return new MosquittoProcess(dir);
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
            }
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(RealServices.postgresUrl(), RealServices.postgresUser(), "");
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
