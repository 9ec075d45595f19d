package org.adoptionkiosk.e2e;

import org.adoptionkiosk.hub.accounts.Passwords;
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
 * The hub's embedded Moquette, started on its own so the hub can come and go while it runs. It is
 * as closed as inside the hub: the hub joins it with the credentials {@link #hubArgs()} gives, and a
 * device with the password {@link #passwordFile} writes for it (it knows its devices itself, as a
 * Mosquitto's password file would; the hub's own `device add` is tested with the hub's broker).
 */
final class MoquetteBroker implements TestBroker {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Hashed at a low cost: the password is random, and tests make many. */
    private static final Passwords CHEAP = new Passwords(RANDOM, 4);

    private final Path dir;
    private final int port;
    private final String hubPassword = BrokerAccess.newPassword(RANDOM);
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final BrokerAccess access = new BrokerAccess(hubPassword, d -> Optional.ofNullable(hashes.get(d)));
    private EmbeddedBroker broker;

    MoquetteBroker(Path dir) throws Exception {
        this.dir = dir;
        this.broker = EmbeddedBroker.start("127.0.0.1", 0, dir, access);
        this.port = broker.port();
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The hub's credentials here, as its options. */
    List<String> hubArgs() {
        return List.of("--broker-username", BrokerAccess.HUB_USER, "--broker-password", hubPassword);
    }

    /** The device's password here, made on first use. */
    String devicePassword(String deviceId) {
        return passwords.computeIfAbsent(deviceId, d -> {
            String password = BrokerAccess.newPassword(RANDOM);
            hashes.put(d, CHEAP.hash(password));
            return password;
        });
    }

    /** A file (mode 600) beside the broker's folder holding the device's password, for --broker-password-file. */
    Path passwordFile(String deviceId) throws Exception {
        Path file = dir.resolveSibling(dir.getFileName() + "-" + deviceId + ".password");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, devicePassword(deviceId) + "\n");
        }
        return file;
    }

    /** A bare client connected as the hub, which may read every kiosk's records and status. */
    RawMqtt connectAsHub() throws Exception {
        return new RawMqtt(url(), BrokerAccess.HUB_USER, hubPassword);
    }

    /** A bare client connected as the device. */
    RawMqtt connect(String deviceId) throws Exception {
        return new RawMqtt(url(), deviceId, devicePassword(deviceId));
    }

    @Override
    public void restart() throws Exception {
        broker.close();
        broker = EmbeddedBroker.start("127.0.0.1", port, dir, access);
    }

    @Override
    public void close() {
        broker.close();
    }
}
