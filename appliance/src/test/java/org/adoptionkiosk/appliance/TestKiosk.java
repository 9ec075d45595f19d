package org.adoptionkiosk.appliance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.sync.MqttLink;

/**
 * A real kiosk for tests: Jetty on a free port, H2 in a temporary directory, and a broker address
 * nothing listens on (capture must not care). {@link #in} makes one with a hub key pair of its own,
 * the shape a {@code Started} fixture wants:
 * {@code Started.perTest(dir -> TestKiosk.in(dir, c -> c.withHardware("simulated")))}.
 */
public final class TestKiosk implements AutoCloseable {
    /** Port 1 on loopback: connections are refused at once. */
    public static final String NO_BROKER = "tcp://127.0.0.1:1";

    public final Appliance appliance;
    public final Path dataDir;
    /** The hub key pair the kiosk seals to and takes configs from, when {@link #in} made it; else null. */
    public final HubKeys keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestKiosk(Appliance appliance, Path dataDir, HubKeys keys) {
        this.appliance = appliance;
        this.dataDir = dataDir;
        this.keys = keys;
    }

    /** A kiosk with its data in {@code dir/data} and a new hub key pair in {@code dir}. */
    public static TestKiosk in(Path dir) throws Exception {
        return in(dir, UnaryOperator.identity());
    }

    /** The same, with {@code settings} applied to {@link #config}'s settings (a PIN, the simulated board…). */
    public static TestKiosk in(Path dir, UnaryOperator<ApplianceConfig> settings) throws Exception {
        Files.createDirectories(dir);
        HubKeys keys = HubKeys.create(dir);
        ApplianceConfig config = settings.apply(config(dir.resolve("data"), keys));
        return new TestKiosk(Appliance.start(config), config.dataDir(), keys);
    }

    public static ApplianceConfig config(Path dataDir, HubKeys keys) {
        return ApplianceConfig.defaults(dataDir, NO_BROKER, "kiosk-test", keys.publicKeyFile())
                .withHttpPort(0)
                .withSyncOnStart(false);
    }

    public static TestKiosk start(Path dataDir, HubKeys keys) throws Exception {
        return start(config(dataDir, keys));
    }

    public static TestKiosk start(ApplianceConfig config) throws Exception {
        return new TestKiosk(Appliance.start(config), config.dataDir(), null);
    }

    /** A kiosk whose sync agent talks to {@code links} (a stand-in for broker and hub) instead of Paho. */
    public static TestKiosk start(ApplianceConfig config, Function<MqttLink.Listener, MqttLink> links)
            throws Exception {
        return new TestKiosk(Appliance.start(config, links), config.dataDir(), null);
    }

    /** Settings for a kiosk staff sign in to with {@code pin}, on the simulated board (as the staff page expects). */
    public static UnaryOperator<ApplianceConfig> staffPin(String pin) {
        return c -> c.withStaffPinHash(PinHash.hash(pin, 1_000, new SecureRandom())).withHardware("simulated");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + appliance.httpPort() + path);
    }

    public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String body) throws Exception {
        return post("/api/records", "application/json", body, Map.of());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** A second connection to the kiosk's database, shared in-process with the running kiosk. */
    public Connection sql() throws SQLException {
        return DriverManager.getConnection(Database.urlFor(dataDir), "sa", "");
    }

    @Override
    public void close() {
        appliance.close();
    }
}
