package org.adoptionkiosk.hub.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A Moquette MQTT 5 broker inside the hub, for the one-command local setup. It is closed: no
 * anonymous client, and {@link BrokerAccess} decides who connects and what each may publish and
 * subscribe to (the production Mosquitto's ACLs). Production still uses an external Mosquitto, with
 * TLS and the password and ACL files provisioning writes.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** Twice the wire limit, so an oversize batch reaches the hub and is dead-lettered, not dropped by the broker. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    static final int RECEIVE_MAXIMUM = 256;
    static final int SESSION_QUEUE_SIZE = 16_384;

    private final Server server;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker; {@code port} 0 picks a free port, read back with {@link #port()}.
     *
     * @param access who may connect and what each may do
     */
    public static EmbeddedBroker start(String bindHost, int port, Path dataDir, BrokerAccess access)
            throws IOException {
        // Moquette's getPort() can read 0, or fail while its acceptor is still binding, so a
        // free port is chosen here and handed to it instead of asking afterwards.
        int chosen = port > 0 ? port : freePort(bindHost);
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, bindHost);
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(chosen));
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
        // No broker persistence: the kiosk's outbox and the hub's store are the durable copies.
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toAbsolutePath().toString());
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, "immediate");
        // Moquette drops QoS 1 publishes (with only a warning) once a session's command queue is
        // full. A receive maximum well under the queue size makes a fast publisher wait for its
        // PUBACKs instead, so nothing is dropped.
        p.setProperty(IConfig.RECEIVE_MAXIMUM, Integer.toString(RECEIVE_MAXIMUM));
        p.setProperty(IConfig.SESSION_QUEUE_SIZE, Integer.toString(SESSION_QUEUE_SIZE));
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p), List.of(), null, access, access);
            SharedSubscriptionGuard.install(server, access);
            DeviceSessionGuard.install(server, access);
            return new EmbeddedBroker(server, chosen);
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw e;
        }
    }

    private static int freePort(String bindHost) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bindHost, 0));
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stopServer();
        }
    }
}
