package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.RawMqtt;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;

import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.testkit.HubSession;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real hub on a temp dir (embedded broker and HTTP on free ports) plus what tests need to talk to it. */
final class HubFixture implements AutoCloseable {
    final WireCodec codec = new WireCodec();
    final Hub hub;
    static final String PASSWORD = "a long test password";
    private final HttpClient http = HttpClient.newHttpClient();
    private HubSession central;
    private final TestStore store;
    private final Map<String, String> devicePasswords = new HashMap<>();
    private final Map<String, RawMqtt> clients = new HashMap<>();
    /** The external broker the hub uses, or null for its embedded one. */
    private final StandaloneBroker broker;
    /** Device passwords are hashed at a low cost here: tests make many (the hub's commands use the full cost). */
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Passwords CHEAP = new Passwords(RANDOM, 4);
    /** The hub's data directory, where its key files are. */
    final Path dir;

    HubFixture(Path dir) throws Exception {
        this(dir, Map.of());
    }

    HubFixture(Path dir, Map<String, String> env) throws Exception {
        this(dir, env, Clock.systemUTC());
    }

    /**
     * A hub on H2 in {@code dir}, or, in the build's PostgreSQL run, on a schema of its own (unless
     * {@code env} already names a store, as a test spanning two hubs on one store does).
     */
    HubFixture(Path dir, Map<String, String> env, Clock clock) throws Exception {
        this.dir = dir;
        this.broker = null;
        store = env.containsKey(HubConfig.envName("jdbc-url")) ? null : TestStore.open();
        Map<String, String> all = store == null ? env : store.env(env);
        try {
            hub = Hub.start(HubConfig.parse(new String[] {"--http-port", "0", "--mqtt-port", "0", "--data",
                    dir.toString(), "--instance-id", "test", "--metrics-port", "0"}, all), clock);
        } catch (Exception | Error e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    /**
     * A hub on an external broker (no embedded one): {@code --broker} with the hub's credentials
     * there; always on H2. Devices are then the broker's own, not the hub's registry's.
     */
    HubFixture(Path dir, StandaloneBroker broker) throws Exception {
        this.dir = dir;
        this.broker = broker;
        store = null;
        List<String> args = new ArrayList<>(List.of("--http-port", "0", "--broker", broker.url(), "--data",
                dir.toString(), "--instance-id", "test"));
        args.addAll(broker.hubArgs());
        hub = Hub.start(HubConfig.parse(args.toArray(String[]::new), Map.of()), Clock.systemUTC());
    }

    /** A GET as the central test user. */
    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return central().get(pathAndQuery);
    }

    /** A request with no session at all. */
    HttpResponse<String> anonymous(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /metrics} on the hub's metrics port, with no session: its status and text. */
    HttpResponse<String> metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.metricsPort() + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Adds a hub user straight to the store (a cheap bcrypt cost: tests sign in often). */
    void addUser(String username, Role role, String scopeKind, String scopeId) throws Exception {
        new UserStore(hub.dataSource()).add(new User(username, role, scopeKind, scopeId),
                new Passwords(new SecureRandom(), 4).hash(PASSWORD), Instant.now());
    }

    /** Signs in as a user added with {@link #addUser}. */
    HubSession session(String username) throws Exception {
        return HubSession.signIn(hub.httpPort(), username, PASSWORD);
    }

    /** The central team's test user, made and signed in on first use. */
    HubSession central() throws Exception {
        if (central == null) {
            addUser("central-test", Role.CENTRAL, null, null);
            central = session("central-test");
        }
        return central;
    }

    JsonNode json(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return codec.mapper().readTree(r.body());
    }

    /**
     * The device's broker password, registering the device with one on first use (in the hub's
     * registry, as {@code sync-hub.jar device add} does).
     */
    String register(String deviceId) throws Exception {
        String known = devicePasswords.get(deviceId);
        if (known != null) {
            return known;
        }
        if (broker != null) {
            String password = broker.device(deviceId);
            devicePasswords.put(deviceId, password);
            return password;
        }
        DeviceRegistry registry = new DeviceRegistry(hub.dataSource());
        if (registry.find(deviceId).isEmpty()) {
            registry.register(deviceId, null, null, null, Instant.now());
        }
        return newPassword(deviceId);
    }

    /** Gives a registered device a new broker password; the old one no longer lets it in. */
    String newPassword(String deviceId) throws Exception {
        String password = BrokerAccess.newPassword(RANDOM);
        new DeviceRegistry(hub.dataSource()).setBrokerPasswordHash(deviceId, CHEAP.hash(password));
        devicePasswords.put(deviceId, password);
        return password;
    }

    /** A connection as the device (registered on first use) kept open for the fixture's life. */
    RawMqtt as(String deviceId) throws Exception {
        RawMqtt c = clients.get(deviceId);
        if (c == null) {
            c = connect(deviceId);
            clients.put(deviceId, c);
        }
        return c;
    }

    /** A new connection as the device (registered on first use), subscribed to nothing. */
    RawMqtt connect(String deviceId) throws Exception {
        return new RawMqtt(hub.brokerUrl(), deviceId, register(deviceId));
    }

    /** A new connection as the device with a last-will (a retained {@code willPayload} on {@code willTopic}). */
    RawMqtt connect(String deviceId, String willTopic, byte[] willPayload) throws Exception {
        return new RawMqtt(hub.brokerUrl(), deviceId, register(deviceId), willTopic, willPayload);
    }

    /** A kiosk client (registered on first use) subscribed to its own ack topic. */
    RawMqtt kiosk(String deviceId) throws Exception {
        RawMqtt k = connect(deviceId);
        k.subscribe(Topics.ack(deviceId));
        return k;
    }

    /** Publishes a batch and waits for the ack that answers it. */
    Ack sendAndAwaitAck(RawMqtt kiosk, RecordBatch batch) throws Exception {
        kiosk.publish(Topics.records(batch.deviceId()), codec.encode(batch));
        while (true) {
            Ack ack = HubMessages.ack(dir, batch.deviceId(), kiosk.next());
            if (ack.batchId().equals(batch.batchId())) {
                return ack;
            }
        }
    }

    /** A config the hub published for {@code deviceId}, verified and read as a kiosk would. */
    DeviceConfig config(String deviceId, byte[] payload) throws Exception {
        return HubMessages.config(dir, deviceId, payload);
    }

    long count(String sql, Object... params) throws Exception {
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long deadLetters(String deviceId) throws Exception {
        return count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ?", deviceId);
    }

    JsonNode device(String deviceId) throws Exception {
        for (JsonNode d : json("/api/devices").get("devices")) {
            if (d.get("deviceId").asText().equals(deviceId)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (RawMqtt c : clients.values()) {
            try {
                c.close();
            } catch (Exception e) {
                // The hub goes next either way.
            }
        }
        try {
            hub.close();
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }
}
