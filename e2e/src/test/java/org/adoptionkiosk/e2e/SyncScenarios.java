package org.adoptionkiosk.e2e;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.Http;
import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestBroker;
import org.adoptionkiosk.testkit.Visitors;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.hub.Hub;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The delivery rules, end to end: a real kiosk process, a real broker, a real hub and its real
 * store. Subclasses choose the broker and the store (embedded Moquette + H2, or Mosquitto +
 * PostgreSQL).
 */
abstract class SyncScenarios {
    static final Duration DRAIN = Duration.ofSeconds(90);
    /** How long the kiosk waits for the hub's ack before it sends a batch again. */
    static final long ACK_TIMEOUT_MS = 1500;
    static final Duration CAPTURE_TIMEOUT = Duration.ofSeconds(30);
    /** The kiosks' {@code --sync-window}; 0 leaves the kiosk's default. */
    int syncWindow;

    @TempDir
    Path dir;

    final Http http = new Http();
    final WireCodec codec = new WireCodec();
    final String deviceId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> open = new ArrayList<>();
    private Hub hub;
    private HubSession hubSession;
    private static final String HUB_USER = "e2e-central";
    private static final String HUB_PASSWORD = "an end-to-end test password";

    /** The broker most scenarios use. */
    abstract String brokerUrl() throws Exception;

    /** A broker this test may stop and start again. */
    abstract TestBroker restartableBroker() throws Exception;

    /** Store options for this test's hub, e.g. a fresh PostgreSQL schema; empty for H2 in the data dir. */
    abstract List<String> storeArgs() throws Exception;

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (hub != null) {
            hub.close();
        }
        dropStore();
    }

    /** Removes what {@link #storeArgs()} made, once the hub is closed. */
    void dropStore() throws Exception {
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        open.add(resource);
        return resource;
    }

    Hub startHub(String brokerUrl) throws Exception {
        List<String> args = new ArrayList<>(List.of("--http-port", "0", "--data", dir.resolve("hub").toString(),
                "--broker", brokerUrl, "--instance-id", deviceId));
        args.addAll(hubBrokerArgs(brokerUrl));
        args.addAll(storeArgs());
        return startHubWith(args);
    }

    /** The hub this test started last. */
    Hub hub() {
        return hub;
    }

    /** Starts the hub with exactly these options. */
    Hub startHubWith(List<String> args) throws Exception {
        hub = Hub.start(HubConfig.parse(args.toArray(String[]::new), Map.of()));
        hubSession = null;
        return hub;
    }

    /** The hub's own credentials at this broker, as options (none for a broker that takes anyone). */
    List<String> hubBrokerArgs(String brokerUrl) throws Exception {
        return List.of();
    }

    /** A file holding the device's password at this broker, or null when the broker needs none. */
    Path devicePasswordFile(String brokerUrl, String device) throws Exception {
        return null;
    }

    /** A bare client connected as {@code device} (anonymously where the broker allows it). */
    RawMqtt rawClient(String brokerUrl, String device) throws Exception {
        return new RawMqtt(brokerUrl);
    }

    /** A bare client that may read every kiosk's records, as the hub does (anonymously where the broker allows it). */
    RawMqtt watcher(String brokerUrl) throws Exception {
        return new RawMqtt(brokerUrl);
    }

    void stopHub() {
        hub.close();
        hub = null;
    }

    KioskProcess startKiosk(String brokerUrl, int batchSize) throws Exception {
        Path key = dir.resolve("hub").resolve("hub-public.keyset.json");
        if (!key.toFile().exists()) {
            // The hub writes its public key on first start; a kiosk may be set up before the hub runs.
            startHub(brokerUrl);
            stopHub();
        }
        return startKiosk(brokerUrl, key, batchSize, devicePasswordFile(brokerUrl, deviceId));
    }

    /**
     * The kiosk as a real process on {@code dir/kiosk}, started and closed after the test: batches of
     * {@code batchSize}, a short ack time-out and a status every second.
     *
     * @param passwordFile its broker password, or null to connect without one
     */
    KioskProcess startKiosk(String brokerUrl, Path hubKey, int batchSize, Path passwordFile) throws Exception {
        List<String> options = new ArrayList<>(List.of("--batch-size", String.valueOf(batchSize),
                "--ack-timeout-ms", String.valueOf(ACK_TIMEOUT_MS), "--status-interval-ms", "1000"));
        if (syncWindow > 0) {
            options.addAll(List.of("--sync-window", String.valueOf(syncWindow)));
        }
        if (passwordFile != null) {
            options.addAll(List.of("--broker-password-file", passwordFile.toString()));
        }
        KioskProcess kiosk = closeLater(KioskProcess.create(dir.resolve("kiosk"), deviceId, brokerUrl, hubKey,
                options));
        kiosk.start();
        return kiosk;
    }

    /** Posts visitors first..last (inclusive) and returns the ids the kiosk answered 201 for. */
    List<UUID> capture(KioskProcess kiosk, int first, int last) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int n = first; n <= last; n++) {
            Http.Reply reply = http.post(kiosk.httpPort(), "/api/records", Visitors.record(n), CAPTURE_TIMEOUT);
            assertEquals(201, reply.status(), () -> "capture answered " + reply.body());
            ids.add(UUID.fromString(reply.body().get("id").asText()));
        }
        return ids;
    }

    /** Same as {@link #capture} from 4 visitors at once, for volume. */
    Set<UUID> captureConcurrently(KioskProcess kiosk, int count) throws Exception {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<UUID>>> parts = new ArrayList<>();
            int per = count / 4;
            for (int t = 0; t < 4; t++) {
                int first = t * per + 1;
                int last = t == 3 ? count : (t + 1) * per;
                parts.add(pool.submit(() -> capture(kiosk, first, last)));
            }
            for (Future<List<UUID>> part : parts) {
                ids.addAll(part.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(count, ids.size());
        return ids;
    }

    void awaitDrained(KioskProcess kiosk, int expectedAtHub) throws Exception {
        Await.atMost(DRAIN)
                .showing(() -> safe(() -> "backlog " + kiosk.backlog() + ", hub " + hubCount() + "\n" + kiosk.tail(30)))
                .until("kiosk backlog 0 and " + expectedAtHub + " records at the hub",
                        () -> kiosk.backlog() == 0 && hubCount() == expectedAtHub);
    }

    /**
     * Waits until the kiosk has sent batches holding every one of {@code held} {@code times} times,
     * as {@code watcher} (subscribed to its records) saw them: between two such sends its ack time-out
     * passed without an ack.
     */
    void awaitSentAgain(RawMqtt watcher, Collection<UUID> held, int times) throws Exception {
        int[] sends = {0};
        Await.atMost(DRAIN).until("the kiosk to send its " + held.size() + " held records " + times + " times", () -> {
            for (RawMqtt.Message m = watcher.poll(0); m != null; m = watcher.poll(0)) {
                Set<UUID> sent = new HashSet<>();
                codec.decodeBatch(m.payload()).records().forEach(r -> sent.add(r.id()));
                if (sent.containsAll(held)) {
                    sends[0]++;
                }
            }
            return sends[0];
        }, n -> n >= times);
    }

    long hubCount() throws Exception {
        return hubCount(deviceId);
    }

    long hubCount(String device) throws Exception {
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM records WHERE device_id = ?")) {
            ps.setString(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every stored id of this device once, and seqs exactly 1..expected. */
    void assertExactlyOnce(Set<UUID> captured) throws Exception {
        List<UUID> stored = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, seq FROM records WHERE device_id = ? ORDER BY seq")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                    seqs.add(rs.getLong(2));
                }
            }
        }
        assertEquals(captured, new HashSet<>(stored), "the hub holds exactly the records the kiosk confirmed");
        assertEquals(captured.size(), stored.size(), "no record stored twice");
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "seq is gap-free from 1");
        }
        JsonNode device = device();
        assertEquals(captured.size(), device.get("contiguousSeq").asLong());
        assertEquals(0, device.get("gaps").size(), () -> "gaps: " + device.get("gaps"));
    }

    /** A GET of the hub's API as a central user (made on first use: the API needs a session). */
    JsonNode hubGet(String path) throws Exception {
        var r = central().get(path);
        if (r.statusCode() != 200) {
            throw new java.io.IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return codec.mapper().readTree(r.body());
    }

    /** The central user's session on the hub, signed in on first use. */
    HubSession central() throws Exception {
        if (hubSession == null) {
            UserStore users = new UserStore(hub.dataSource());
            if (users.find(HUB_USER).isEmpty()) {
                users.add(new User(HUB_USER, Role.CENTRAL, null, null),
                        new Passwords(new SecureRandom(), 4).hash(HUB_PASSWORD), Instant.now());
            }
            hubSession = HubSession.signIn(hub.httpPort(), HUB_USER, HUB_PASSWORD);
        }
        return hubSession;
    }

    JsonNode device() throws Exception {
        for (JsonNode d : hubGet("/api/devices").get("devices")) {
            if (d.get("deviceId").asText().equals(deviceId)) {
                return d;
            }
        }
        throw new AssertionError("device " + deviceId + " not in /api/devices");
    }

    List<JsonNode> deadLetters(String device) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode d : hubGet("/api/dead-letters?limit=1000").get("deadLetters")) {
            if (device.equals(d.path("deviceId").asText())) {
                rows.add(d);
            }
        }
        return rows;
    }

    static String safe(java.util.concurrent.Callable<String> s) {
        try {
            return s.call();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    // ---------------------------------------------------------------------------------------

    @Test
    void capturedRecordsReachTheHubExactlyOnceAndAreMarkedSynced() throws Exception {
        String broker = brokerUrl();
        startHub(broker);
        KioskProcess kiosk = startKiosk(broker, 7);
        List<UUID> ids = capture(kiosk, 0, 39);

        awaitDrained(kiosk, 40);
        assertExactlyOnce(new HashSet<>(ids));

        // The personal part crossed the wire sealed, and only the hub's private key opens it.
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sealed, fields_json FROM records WHERE device_id = ? AND id = ?")) {
            ps.setString(1, deviceId);
            ps.setObject(2, ids.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String sealed = rs.getString(1);
                assertFalse(sealed.contains(Visitors.email(0)));
                assertFalse(rs.getString(2).contains(Visitors.email(0)), "no personal data among the fields");
                String opened = new String(hub.openSealed(sealed, ids.get(0)), StandardCharsets.UTF_8);
                assertTrue(opened.contains(Visitors.email(0)), "the hub can open what the kiosk sealed");
            }
        }

        // Figures come from the stored rows: 14 of visitors 0..39 left enquiries.
        JsonNode figures = hubGet("/api/figures");
        assertEquals(14, figures.at("/totals/enquiries").asLong(), figures::toString);
        assertEquals(26, figures.at("/totals/signins").asLong(), figures::toString);
    }

    @Test
    void kioskKeepsCapturingWhileTheHubIsAwayAndDeliversOnceWhenItIsBack() throws Exception {
        String broker = brokerUrl();
        startHub(broker);
        KioskProcess kiosk = startKiosk(broker, 50);
        Set<UUID> ids = new HashSet<>(capture(kiosk, 1, 10));
        awaitDrained(kiosk, 10);

        stopHub();
        try (RawMqtt watcher = watcher(broker)) {
            watcher.subscribe(Topics.records(deviceId));
            List<UUID> held = capture(kiosk, 11, 25);
            ids.addAll(held);
            // Sent three times: the kiosk has published them and timed out on its acks at least twice.
            awaitSentAgain(watcher, held, 3);
        }
        assertEquals(15, kiosk.backlog(), "nothing counts as synced without the hub's ack");

        startHub(broker);
        awaitDrained(kiosk, 25);
        assertExactlyOnce(ids);
    }

    @Test
    void brokerRestartMidDrainLosesNothing() throws Exception {
        TestBroker broker = closeLater(restartableBroker());
        KioskProcess kiosk = startKiosk(broker.url(), 2);
        Set<UUID> ids = captureConcurrently(kiosk, 600);

        startHub(broker.url());
        Await.atMost(DRAIN).until("the drain to start", () -> hubCount() > 0);
        broker.restart();
        long atRestart = hubCount();

        awaitDrained(kiosk, 600);
        assertTrue(atRestart < 600, "the broker restarted mid-drain (" + atRestart + " of 600 at the hub)");
        assertExactlyOnce(ids);
    }

    @Test
    void kioskProcessKilledMidDrainLosesAndDuplicatesNothing() throws Exception {
        String broker = brokerUrl();
        KioskProcess kiosk = startKiosk(broker, 2);
        Set<UUID> ids = captureConcurrently(kiosk, 400);

        startHub(broker);
        Await.atMost(DRAIN).until("the drain to start", () -> hubCount() > 0);
        kiosk.kill();
        long atKill = hubCount();
        assertTrue(atKill < 400, "the kiosk was killed mid-drain (" + atKill + " of 400 at the hub)");

        kiosk.start();
        ids.addAll(capture(kiosk, 401, 410));
        awaitDrained(kiosk, 410);
        assertExactlyOnce(ids);
        assertTrue(deadLetters(deviceId).isEmpty(), "resends after the crash are accepted, not dead-lettered");
    }

    @Test
    void sameIdWithDifferentContentIsRejectedAndReported() throws Exception {
        String broker = brokerUrl();
        startHub(broker);
        String raw = deviceId + "-raw";
        try (RawMqtt client = rawClient(broker, raw)) {
            client.subscribe(Topics.ack(raw));
            UUID boot = UUID.randomUUID();
            KioskRecord original = new KioskRecord(UUID.randomUUID(), 1, RecordType.SIGNIN, Instant.now(), boot, 10,
                    null, Lang.CY, WireCodec.SCHEMA, Map.of("localAuthority", "conwy", "privacyVersion", "2026-11"), null);
            KioskRecord altered = new KioskRecord(original.id(), 1, RecordType.SIGNIN, original.capturedAt(), boot, 10,
                    null, Lang.CY, WireCodec.SCHEMA, Map.of("localAuthority", "powys", "privacyVersion", "2026-11"), null);

            Ack first = send(client, raw, boot, original);
            assertEquals(List.of(original.id()), first.accepted());
            Ack again = send(client, raw, boot, original);
            assertEquals(List.of(original.id()), again.accepted(), "a resend of the same record is accepted again");
            Ack conflict = send(client, raw, boot, altered);
            assertTrue(conflict.accepted().isEmpty());
            assertEquals(1, conflict.rejected().size());
            assertEquals(original.id(), conflict.rejected().get(0).id());
            assertTrue(conflict.rejected().get(0).reason().contains("different content"),
                    conflict.rejected().get(0).reason());
        }
        List<JsonNode> dead = deadLetters(raw);
        assertEquals(1, dead.size(), dead::toString);
        assertTrue(dead.get(0).get("reason").asText().contains("different content"));
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT fields_json FROM records WHERE device_id = ?")) {
            ps.setString(1, raw);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("conwy"), "the first version stays stored");
                assertFalse(rs.next(), "stored once");
            }
        }
    }

    @Test
    void aConfigPushedFromTheFleetPageIsAppliedByTheKioskAndReportedBack() throws Exception {
        String broker = brokerUrl();
        startHub(broker);
        KioskProcess kiosk = startKiosk(broker, 7);
        capture(kiosk, 0, 0);
        awaitDrained(kiosk, 1);
        hubGet("/api/devices");
        var push = hubSession.post("/fleet/" + deviceId + "/config", Map.of("mode", "event",
                "eventName", "Eisteddfod Genedlaethol", "eventVenue", "Pontypridd", "startsOn", "2026-08-01",
                "endsOn", "2026-08-08", "signin", "on", "enquiry", "on"));
        assertEquals(303, push.statusCode(), push::body);

        // The kiosk takes the retained config, makes the event current and says so in its status.
        Await.atMost(DRAIN).until("the kiosk to make the pushed event current",
                () -> kiosk.status().path("eventId").asText("").startsWith("eisteddfod"));
        Await.atMost(DRAIN).until("the hub to see config version 1 applied",
                () -> device().path("configVersion").asLong(0) == 1);
        JsonNode device = device();
        assertTrue(device.path("configError").isNull() || device.path("configError").asText().isEmpty(),
                device::toString);
        assertEquals("Eisteddfod Genedlaethol", device.path("eventName").asText(), device::toString);

        // A record captured now carries the pushed event.
        List<UUID> after = capture(kiosk, 1, 1);
        awaitDrained(kiosk, 2);
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_id FROM records WHERE device_id = ? AND id = ?")) {
            ps.setString(1, deviceId);
            ps.setObject(2, after.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(device.path("eventId").asText(), rs.getString(1));
                assertTrue(rs.getString(1).startsWith("eisteddfod-genedlaethol"), rs.getString(1));
            }
        }
    }

    private Ack send(RawMqtt client, String device, UUID boot, KioskRecord record) throws Exception {
        RecordBatch batch = new RecordBatch(WireCodec.SCHEMA, device, UUID.randomUUID(), boot, List.of(record));
        client.publish(Topics.records(device), codec.encode(batch));
        // Verified as the kiosk verifies it: against the hub's public signing key.
        String topic = Topics.ack(device);
        Ack ack = codec.decodeAck(HubSignature.open(HubSignature.verifier(Files.readString(
                dir.resolve("hub").resolve(SigningKeys.PUBLIC_FILE))), codec, topic, client.next(30).payload()));
        assertEquals(batch.batchId(), ack.batchId());
        return ack;
    }

    @Test
    void malformedPayloadsLandInDeadLetterAndTheHubCarriesOn() throws Exception {
        String broker = brokerUrl();
        startHub(broker);
        String raw = deviceId + "-raw";
        UUID boot = UUID.randomUUID();
        KioskRecord good = new KioskRecord(UUID.randomUUID(), 1, RecordType.SIGNIN, Instant.now(), boot, 5, null,
                Lang.EN, WireCodec.SCHEMA, Map.of("localAuthority", "newport", "privacyVersion", "2026-11"), null);
        try (RawMqtt client = rawClient(broker, raw)) {
            client.subscribe(Topics.ack(raw));
            client.publish(Topics.records(raw), "this is not json {".getBytes(StandardCharsets.UTF_8));
            client.publish(Topics.records(raw), ("{\"schema\":99,\"deviceId\":\"" + raw
                    + "\",\"batchId\":\"" + UUID.randomUUID() + "\",\"records\":[]}").getBytes(StandardCharsets.UTF_8));
            client.publish(Topics.records(raw), codec.encode(new RecordBatch(WireCodec.SCHEMA, "someone-else",
                    UUID.randomUUID(), boot, List.of(good))));

            Ack ack = send(client, raw, boot, good);
            assertEquals(List.of(good.id()), ack.accepted(), "the hub kept working after the bad payloads");
        }
        Await.atMost(Duration.ofSeconds(30)).until("three dead letters", () -> deadLetters(raw).size() == 3);
        String reasons = deadLetters(raw).stream().map(d -> d.get("reason").asText()).toList().toString();
        assertTrue(reasons.contains("malformed"), reasons);
        assertTrue(reasons.contains("unknown schema 99"), reasons);
        assertTrue(reasons.contains("someone-else") || reasons.contains("device"), reasons);
        assertEquals(1, hubCount(raw));
    }
}
