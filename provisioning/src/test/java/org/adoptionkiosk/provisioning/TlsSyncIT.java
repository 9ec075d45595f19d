package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.MosquittoProcess;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.appliance.Appliance;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.KioskBundle;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.Captured;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.hub.Hub;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.registry.Revocations;
import org.adoptionkiosk.protocol.BrokerTls;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From the tool to a synced record, all real: {@code hub init} (the hub's key encrypted with a
 * passphrase) and {@code device add}; the machine's Mosquitto on the generated TLS configuration;
 * the hub with its broker user and the CA; the kiosk started from nothing but the bundle. Then
 * {@code device revoke}: what still gets through before Mosquitto reloads is dead-lettered as
 * "device revoked" and rejected in the ack; after the reload the kiosk is refused.
 */
class TlsSyncIT {
    private static final String PASSPHRASE = "correct horse battery staple, in Welsh: ceffyl cywir";

    @Test
    void aRecordCapturedOnAKioskMadeFromItsBundleReachesTheHubOverTls(@TempDir Path tmp) throws Exception {
        MosquittoProcess.binary();
        Map<String, String> env = Map.of(HubConfig.KEY_PASSPHRASE_ENV, PASSPHRASE);
        int port = ChildProcess.freePort();
        Path hubData = tmp.resolve("hub");
        Tool tool = new Tool(tmp.resolve("prov"), hubData, env);
        tool.hubInit(port);
        assertTrue(Files.exists(hubData.resolve(SealingKeys.ENCRYPTED_FILE)));
        assertFalse(Files.exists(hubData.resolve(SealingKeys.PRIVATE_FILE)), "no plain private key on disk");
        String id = Tool.deviceId(tool.ok("device", "add", "--region", "north-wales", "--site", "north-wales-hub",
                "--name", "Eisteddfod stand 1"));
        Path bundle = tool.dir().resolve("devices").resolve(id);

        Map<String, String> hubEnv = new HashMap<>(env);
        for (String line : Files.readAllLines(tool.dir().resolve("hub/hub.env"))) {
            if (line.startsWith("HUB_")) {
                hubEnv.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertEquals("ssl://localhost:" + port, hubEnv.get("HUB_BROKER"));

        try (MosquittoProcess broker = MosquittoProcess.withConfig(tool.dir().resolve("broker/adoption-kiosk.conf"),
                port);
             Hub hub = Hub.start(HubConfig.parse(new String[] {"--http-port", "0", "--data", hubData.toString(),
                     "--instance-id", "tls-test"}, hubEnv));
             Appliance kiosk = Appliance.start(ApplianceConfig.parse(new String[] {"--bundle", bundle.toString(),
                     "--data", tmp.resolve("kiosk").toString(), "--http-port", "0", "--hardware", "simulated",
                     "--ack-timeout-ms", "1500", "--status-interval-ms", "500"}, Map.of()))) {
            Await.until("the kiosk is connected to the broker over TLS", () -> kiosk.status().brokerConnected());
            String privacy = PrivacyNotice.load(Messages.load()).version();
            Captured signin = kiosk.capture(CaptureRequest.signin("cy",
                    Map.of("localAuthority", "gwynedd", "privacyVersion", privacy)));
            Captured enquiry = kiosk.capture(CaptureRequest.enquiry("en",
                    Map.of("localAuthority", "conwy", "topic", "adopting", "contactConsent", true,
                            "privacyVersion", privacy),
                    Map.of("name", "Test Visitor", "email", "visitor@example.org")));

            Await.until("both records are at the hub and acked", () -> kiosk.backlog() == 0
                    && count(hub, "SELECT COUNT(*) FROM records WHERE device_id = ?", id) == 2);
            String sealed = text(hub, "SELECT sealed FROM records WHERE device_id = ? AND id = ?", id,
                    enquiry.id().toString());
            String opened = new String(hub.openSealed(sealed, enquiry.id()), StandardCharsets.UTF_8);
            assertTrue(opened.contains("visitor@example.org"), "the hub opens the seal with its encrypted key");
            assertEquals(1, count(hub, "SELECT COUNT(*) FROM records WHERE device_id = ? AND id = ?", id,
                    signin.id().toString()));

            // Revoked, but Mosquitto not yet reloaded: the device still gets through, and the hub refuses it.
            Tool.Result revoked = tool.ok("device", "revoke", id);
            assertTrue(revoked.out().contains("systemctl reload mosquitto"), revoked.toString());
            Captured late = kiosk.capture(CaptureRequest.signin("en",
                    Map.of("localAuthority", "gwynedd", "privacyVersion", privacy)));
            Await.until("the late record is answered (rejected)", () -> kiosk.backlog() == 0);
            assertEquals(1, kiosk.status().rejected(), "the kiosk heard its record was rejected");
            assertEquals(0, count(hub, "SELECT COUNT(*) FROM records WHERE device_id = ? AND id = ?", id,
                    late.id().toString()), "nothing of a revoked device is stored");
            assertTrue(count(hub, "SELECT COUNT(*) FROM dead_letters WHERE device_id = ? AND reason = ?"
                    + " AND topic LIKE '%/records'", id, Revocations.REASON) >= 1, "its batch is a dead letter");
            Await.until("its status is a dead letter too", () -> count(hub, "SELECT COUNT(*) FROM dead_letters"
                    + " WHERE device_id = ? AND reason = ? AND topic LIKE '%/status'", id, Revocations.REASON) >= 1);

            // Now the broker reloads (revoking again only reloads): the kiosk is dropped and refused.
            tool.ok("device", "revoke", id, "--reload-pid-file", broker.pidFile().toString());
            Await.until("the revoked kiosk is off the broker", () -> !kiosk.status().brokerConnected());
            String password = Files.readString(bundle.resolve(KioskBundle.PASSWORD)).strip();
            assertThrows(MqttException.class, () -> new TlsClient("ssl://localhost:" + port, id, password,
                    new BrokerTls(bundle.resolve(KioskBundle.CA), null, null)).close());
        }
    }

    private static long count(Hub hub, String sql, String... params) throws Exception {
        return Long.parseLong(text(hub, sql, params));
    }

    private static String text(Hub hub, String sql, String... params) throws Exception {
        try (Connection c = hub.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i].matches("[0-9a-f]{8}-[0-9a-f]{4}-.*")) {
                    ps.setObject(i + 1, java.util.UUID.fromString(params[i]));
                } else {
                    ps.setString(i + 1, params[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
