package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The production setup: two hub instances sharing the ingest through an external Mosquitto
 * (MQTT v5 shared subscription) and one PostgreSQL schema. Checks the SQL is portable too.
 */
class ProductionSetupIT {
    private final WireCodec codec = new WireCodec();
    private final String schema = "hub_it_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Hub> hubs = new ArrayList<>();
    private final Map<Hub, HubSession> sessions = new HashMap<>();
    private static final String IT_USER = "it-central";
    private static final String IT_PASSWORD = "a long test password";
    private String pgUrl;
    private String pgUser;
    private String pgPassword;
    private String mqttUrl;

    @BeforeEach
    void services() throws Exception {
        boolean required = Boolean.getBoolean("it.require.services");
        pgUrl = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        pgUser = System.getProperty("it.postgres.user", "postgres");
        pgPassword = System.getProperty("it.postgres.password", System.getenv("PGPASSWORD"));
        mqttUrl = System.getProperty("it.mosquitto.url", "tcp://127.0.0.1:1883");
        boolean reachable = reachable(mqttUrl);
        if (reachable) {
            try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + schema);
                }
            } catch (Exception e) {
                reachable = false;
            }
        }
        if (!reachable) {
            assertFalse(required, "Mosquitto " + mqttUrl + " and PostgreSQL " + pgUrl + " are required");
            Assumptions.abort("Mosquitto or PostgreSQL not reachable");
        }
    }

    private static boolean reachable(String url) {
        URI u = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Hub h : hubs) {
            h.close();
        }
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private Hub startHub(Path dir, String instance) throws Exception {
        String url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Map<String, String> env = new HashMap<>();
        if (pgPassword != null) {
            env.put("HUB_JDBC_PASSWORD", pgPassword);
        }
        Hub h = Hub.start(HubConfig.parse(new String[] {"--http-port", "0", "--broker", mqttUrl, "--data",
                dir.toString(), "--jdbc-url", url, "--jdbc-user", pgUser, "--instance-id", instance}, env));
        hubs.add(h);
        return h;
    }

    /** A central user's session on each hub: the API needs a sign-in. */
    private HubSession session(Hub h) throws Exception {
        HubSession s = sessions.get(h);
        if (s == null) {
            UserStore users = new UserStore(h.dataSource());
            if (users.find(IT_USER).isEmpty()) {
                users.add(new User(IT_USER, Role.CENTRAL, null, null),
                        new Passwords(new SecureRandom(), 4).hash(IT_PASSWORD), Instant.now());
            }
            s = HubSession.signIn(h.httpPort(), IT_USER, IT_PASSWORD);
            sessions.put(h, s);
        }
        return s;
    }

    private JsonNode json(Hub h, String path) throws Exception {
        HttpResponse<String> r = session(h).get(path);
        assertEquals(200, r.statusCode(), r.body());
        return codec.mapper().readTree(r.body());
    }

    @Test
    void twoHubsShareTheIngestIntoOnePostgresSchema(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
        Hub a = startHub(dirA, "it-a-" + schema);
        // One hub, two instances: the second starts with the first one's keys.
        HubMessages.shareKeys(dirA, dirB);
        Hub b = startHub(dirB, "it-b-" + schema);
        String d = "it-" + schema.replace('_', '-');
        try (RawMqtt kiosk = new RawMqtt(mqttUrl)) {
            kiosk.subscribe(Topics.ack(d));
            List<RecordBatch> batches = new ArrayList<>();
            long seq = 1;
            for (int i = 0; i < 20; i++) {
                List<KioskRecord> records = new ArrayList<>();
                for (int k = 0; k < 50; k++) {
                    records.add(seq % 4 == 0 ? TestRecords.enquiry(seq, Instant.now(), "cardiff", "it-event")
                            : signin(seq, Instant.now(), "gwynedd", "it-event"));
                    seq++;
                }
                batches.add(batch(d, records));
            }
            for (RecordBatch rb : batches) {
                kiosk.publish(Topics.records(d), codec.encode(rb));
            }
            // Each batch is acked once, by whichever instance the broker gave it to.
            Set<UUID> acked = new HashSet<>();
            long accepted = 0;
            while (acked.size() < batches.size()) {
                Ack ack = HubMessages.ack(dirA, d, kiosk.next());
                assertTrue(acked.add(ack.batchId()), "batch acked twice: " + ack.batchId());
                assertTrue(ack.rejected().isEmpty(), ack.rejected().toString());
                accepted += ack.accepted().size();
            }
            assertEquals(1000, accepted);
            JsonNode dev = device(a, d);
            assertEquals(1000, dev.get("contiguousSeq").asLong());
            assertEquals(1000, dev.get("records").asLong());

            // Resend, and the same id with other content, through the broker again.
            Ack again = sendAndAwait(dirA, kiosk, batches.get(3));
            assertEquals(50, again.accepted().size());
            KioskRecord first = batches.get(0).records().get(0);
            KioskRecord changed = new KioskRecord(first.id(), first.seq(), first.type(), first.capturedAt(),
                    first.bootId(), first.monoMillis(), first.eventId(), first.lang(), first.schema(),
                    Map.of("localAuthority", "powys"), first.sealed());
            Ack conflict = sendAndAwait(dirA, kiosk, batch(d, List.of(changed)));
            assertEquals(1, conflict.rejected().size());
            assertEquals(1000, device(b, d).get("records").asLong());

            // Gaps come from a window query; figures from EXTRACT: both must run on PostgreSQL.
            Ack gap = sendAndAwait(dirA, kiosk, batch(d, List.of(signin(1003), signin(1004))));
            assertEquals(1000, gap.contiguousSeq());
            JsonNode gaps = device(b, d).get("gaps");
            assertEquals(1, gaps.size());
            assertEquals(1001, gaps.get(0).get("from").asLong());
            assertEquals(1002, gaps.get(0).get("to").asLong());
            JsonNode figures = json(a, "/api/figures");
            long events = 0;
            for (JsonNode e : figures.get("byEvent")) {
                if ("it-event".equals(e.get("eventId").asText())) {
                    events = e.get("signins").asLong() + e.get("enquiries").asLong();
                }
            }
            assertEquals(1000, events);

            // A payload with NUL bytes and broken UTF-8 is still kept as a dead letter (PostgreSQL text refuses NUL).
            byte[] junk = "{\"x\":\"\u0000\"".getBytes(StandardCharsets.UTF_8);
            byte[] broken = new byte[] {'{', 0, (byte) 0xC3, (byte) 0x28, '}'};
            kiosk.publish(Topics.records(d), junk);
            kiosk.publish(Topics.records(d), broken);
            kiosk.publishRetained(Topics.status(d), codec.encode(new DeviceStatus(d, true, 3L, null, null, null,
                    "it", "it-event", null, null, null, Instant.now(), "event", 1, null, 7L, "IT event", "IT venue",
                    70L, "north-wales", "north-wales-hub", null, null)));
            Await.until("three dead letters (one conflict, two junk payloads)", () -> {
                long n = 0;
                for (JsonNode l : json(a, "/api/dead-letters").get("deadLetters")) {
                    if (d.equals(l.get("deviceId").asText())) {
                        n++;
                    }
                }
                return n;
            }, n -> n == 3);
            JsonNode status = Await.until("the status to be stored", () -> device(a, d),
                    n -> n.get("backlog").asLong(-1) == 3);
            assertTrue(status.get("online").asBoolean());
            // The event's name and footfall (MERGE) and a config push (row locks) on PostgreSQL too.
            assertEquals("IT event", status.get("eventName").asText());
            assertEquals(70, status.get("footfallEvent").asLong());
            HttpResponse<String> pushed = session(b).post("/fleet/" + d + "/config",
                    Map.of("mode", "office", "signin", "on", "retentionDays", "30"));
            assertEquals(303, pushed.statusCode(), pushed.body());
            JsonNode config = Await.until("the config to be published", () -> device(a, d),
                    n -> !n.get("configPublishedAt").isNull());
            assertEquals(1, config.get("desiredConfigVersion").asLong());
            kiosk.publishRetained(Topics.config(d), new byte[0]);
            kiosk.publishRetained(Topics.status(d), new byte[0]);
        }
    }

    /** @param hubDir where the hub's (shared) keys are: the ack is verified as a kiosk would */
    private Ack sendAndAwait(Path hubDir, RawMqtt kiosk, RecordBatch rb) throws Exception {
        kiosk.publish(Topics.records(rb.deviceId()), codec.encode(rb));
        while (true) {
            Ack ack = HubMessages.ack(hubDir, rb.deviceId(), kiosk.next());
            if (ack.batchId().equals(rb.batchId())) {
                return ack;
            }
        }
    }

    private JsonNode device(Hub h, String deviceId) throws Exception {
        for (JsonNode n : json(h, "/api/devices").get("devices")) {
            if (deviceId.equals(n.get("deviceId").asText())) {
                return n;
            }
        }
        throw new AssertionError("no device " + deviceId);
    }
}
