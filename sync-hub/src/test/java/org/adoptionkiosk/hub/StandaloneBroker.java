package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.broker.EmbeddedBroker;
import org.adoptionkiosk.testkit.RawMqtt;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's embedded broker started on its own, as an external broker a hub joins with
 * {@code --broker}: it can stop and start again on the same port while the hub runs. Like a
 * Mosquitto with its own password file, it knows its devices itself (not from the hub's
 * registry), and the hub's credentials here are made with it.
 */
final class StandaloneBroker implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String hubPassword = BrokerAccess.newPassword(RANDOM);
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final BrokerAccess access = new BrokerAccess(hubPassword, d -> Optional.ofNullable(hashes.get(d)));
    private final int port;
    private EmbeddedBroker broker;

    StandaloneBroker(Path dir) throws Exception {
        this.dir = dir;
        broker = EmbeddedBroker.start("127.0.0.1", 0, dir, access);
        port = broker.port();
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The options that give a hub its credentials at this broker. */
    List<String> hubArgs() {
        return List.of("--broker-username", BrokerAccess.HUB_USER, "--broker-password", hubPassword);
    }

    /** The device's password here, made on first use. */
    String device(String deviceId) {
        return passwords.computeIfAbsent(deviceId, d -> {
            String password = BrokerAccess.newPassword(RANDOM);
            hashes.put(d, HubFixture.CHEAP.hash(password));
            return password;
        });
    }

    /** A new connection as the device. */
    RawMqtt connect(String deviceId) throws Exception {
        return new RawMqtt(url(), deviceId, device(deviceId));
    }

    /** A new connection as the hub itself (it may read records and statuses). */
    RawMqtt connectAsHub() throws Exception {
        return new RawMqtt(url(), BrokerAccess.HUB_USER, hubPassword);
    }

    String hubPassword() {
        return hubPassword;
    }

    void stop() {
        broker.close();
    }

    /** Starts it again, on the same port and with the same users. */
    void start() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", port, dir, access);
    }

    @Override
    public void close() {
        broker.close();
    }
}
