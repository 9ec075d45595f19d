package org.adoptionkiosk.appliance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.sync.MqttLink;

/**
 * A real kiosk for tests: Jetty on a free port, H2 in a temporary directory, and a broker address
 * nothing listens on (capture must not care).
 */
public final class TestKiosk implements AutoCloseable {
    /** Port 1 on loopback: connections are refused at once. */
    public static final String NO_BROKER = "tcp://127.0.0.1:1";

    public final Appliance appliance;
    public final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestKiosk(Appliance appliance, Path dataDir) {
        this.appliance = appliance;
        this.dataDir = dataDir;
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
        return new TestKiosk(Appliance.start(config), config.dataDir());
    }

    /** A kiosk whose sync agent talks to {@code links} (a stand-in for broker and hub) instead of Paho. */
    public static TestKiosk start(ApplianceConfig config, Function<MqttLink.Listener, MqttLink> links)
            throws Exception {
        return new TestKiosk(Appliance.start(config, links), config.dataDir());
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
