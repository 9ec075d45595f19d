package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.broker.EmbeddedBroker;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's embedded broker started on its own, as an external broker a hub joins with
 * {@code --broker}: it can stop and start again on the same port while the hub runs. It is as
 * closed as inside the hub, and like a Mosquitto with its own password file it knows its devices
 * itself (not from the hub's registry); the hub's credentials here are made with it. The
 * end-to-end tests use it too (this module's test jar).
 */
public final class StandaloneBroker implements TestBroker {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String hubPassword = BrokerAccess.newPassword(RANDOM);
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final BrokerAccess access = new BrokerAccess(hubPassword, d -> Optional.ofNullable(hashes.get(d)));
    private final int port;
    private EmbeddedBroker broker;

    public StandaloneBroker(Path dir) throws Exception {
        this.dir = dir;
        broker = EmbeddedBroker.start("127.0.0.1", 0, dir, access);
        port = broker.port();
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The options that give a hub its credentials at this broker. */
    public List<String> hubArgs() {
        return List.of("--broker-username", BrokerAccess.HUB_USER, "--broker-password", hubPassword);
    }

    /** The device's password here, made on first use. */
    public String device(String deviceId) {
        return passwords.computeIfAbsent(deviceId, d -> {
            String password = BrokerAccess.newPassword(RANDOM);
            hashes.put(d, HubFixture.CHEAP.hash(password));
            return password;
        });
    }

    /** A file (mode 600) beside the broker's folder holding the device's password, for --broker-password-file. */
    public Path passwordFile(String deviceId) throws Exception {
        Path file = dir.resolveSibling(dir.getFileName() + "-" + deviceId + ".password");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, device(deviceId) + "\n");
        }
        return file;
    }

    /** A new connection as the device. */
    public RawMqtt connect(String deviceId) throws Exception {
        return new RawMqtt(url(), deviceId, device(deviceId));
    }

    /** A new connection as the hub itself (it may read records and statuses). */
    public RawMqtt connectAsHub() throws Exception {
        return new RawMqtt(url(), BrokerAccess.HUB_USER, hubPassword);
    }

    public String hubPassword() {
        return hubPassword;
    }

    public void stop() {
        broker.close();
    }

    /** Starts it again, on the same port and with the same users. */
    public void start() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", port, dir, access);
    }

    @Override
    public void restart() throws Exception {
        stop();
        start();
    }

    @Override
    public void close() {
        broker.close();
    }
}
