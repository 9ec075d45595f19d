package org.adoptionkiosk.hub.mqtt;

import org.adoptionkiosk.protocol.MqttCallbackAdapter;
import org.adoptionkiosk.protocol.NoDelaySockets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Paho MQTT v5 behind {@link BrokerClient}. Reconnects itself, with jittered backoff, on its own
 * scheduler thread: Paho callbacks only hand messages on or schedule, never block (known Paho
 * deadlocks). Memory persistence only: the hub's database is its store.
 */
public final class PahoBrokerClient implements BrokerClient {
    private static final Logger log = LoggerFactory.getLogger(PahoBrokerClient.class);
    private static final long MIN_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long OPERATION_TIMEOUT_MS = 10_000;
    /** Paho's "too many publishes in progress". */
    private static final int MAX_INFLIGHT = 32202;

    private final String brokerUrl;
    private final String clientId;
    private final String username;
    private final String password;
    private final List<String> topicFilters;
    private final SocketFactory sockets;
    private final ScheduledThreadPoolExecutor reconnector;
    private final CountDownLatch firstConnect = new CountDownLatch(1);
    private volatile MqttAsyncClient client;
    private volatile Listener listener;
    private volatile boolean up;
    private volatile boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;

    public PahoBrokerClient(String brokerUrl, String clientId, String username, String password,
                            List<String> topicFilters) {
        this(brokerUrl, clientId, username, password, topicFilters,
                NoDelaySockets.forBroker(brokerUrl.toLowerCase(Locale.ROOT)));
    }

    /** @param sockets plain, or TLS trusting the provisioned CA ({@link org.adoptionkiosk.protocol.BrokerTls}) */
    public PahoBrokerClient(String brokerUrl, String clientId, String username, String password,
                            List<String> topicFilters, SocketFactory sockets) {
        this.sockets = sockets;
        this.brokerUrl = brokerUrl;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.topicFilters = List.copyOf(topicFilters);
        this.reconnector = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hub-mqtt-connect");
            t.setDaemon(true);
            return t;
        });
        // On close, a pending reconnect is dropped rather than waited for.
        this.reconnector.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public boolean start(Listener listener, long waitMillis) {
        this.listener = listener;
        reconnector.execute(this::connect);
        try {
            firstConnect.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return up;
    }

    /** Runs on the reconnector thread only, so blocking on Paho tokens is safe here. */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            MqttAsyncClient c = client;
            if (c == null) {
                c = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
                c.setCallback(new Callback());
                client = c;
            }
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(30);
            o.setConnectionTimeout(10);
            // Acks are small writes right after a PUBACK: with Nagle on, each waits ~40 ms.
            o.setSocketFactory(sockets);
            if (username != null) {
                o.setUserName(username);
            }
            if (password != null) {
                o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            c.connect(o).waitForCompletion(OPERATION_TIMEOUT_MS);
            MqttSubscription[] subs = topicFilters.stream().map(f -> new MqttSubscription(f, 1))
                    .toArray(MqttSubscription[]::new);
            IMqttToken sub = c.subscribe(subs);
            sub.waitForCompletion(OPERATION_TIMEOUT_MS);
            for (int code : sub.getReasonCodes()) {
                if (code >= 0x80) {
                    throw new IllegalStateException("broker refused a subscription (reason code " + code + ")");
                }
            }
            up = true;
            backoffMs = MIN_BACKOFF_MS;
            log.info("MQTT connected to {} as {}", brokerUrl, clientId);
            firstConnect.countDown();
        } catch (MqttException | RuntimeException e) {
            up = false;
            if (closed) {
                return;
            }
            log.warn("MQTT connection to {} failed ({}); retrying", brokerUrl, e.getMessage());
            try {
                MqttAsyncClient c = client;
                if (c != null && c.isConnected()) {
                    c.disconnectForcibly(0, 1000, false);
                }
            } catch (MqttException ignored) {
                // retried below anyway
            }
            scheduleReconnect();
        }
    }

    /** Full jitter: a fleet of hubs (or kiosks) does not reconnect in lockstep. */
    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = ThreadLocalRandom.current().nextLong(backoffMs / 2, backoffMs + 1);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        try {
            reconnector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // the scheduler is shut down: the link is closing
        }
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return up && c != null && c.isConnected();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws BrokerClientException {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            throw new BrokerClientException("not connected to the broker", null);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OPERATION_TIMEOUT_MS);
        while (true) {
            try {
                c.publish(topic, payload, qos, retained);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw new BrokerClientException("publish failed: " + e.getMessage(), e);
                }
                // Many acks in flight at once: give the broker a moment (never on a Paho thread).
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new BrokerClientException("interrupted", ie);
                }
            }
        }
    }

    /** Blocks until the broker's PUBACK (QoS 1): only from the hub's own threads, never a Paho callback. */
    @Override
    public void publishConfirmed(String topic, byte[] payload, int qos, boolean retained) throws BrokerClientException {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            throw new BrokerClientException("not connected to the broker", null);
        }
        try {
            c.publish(topic, payload, qos, retained).waitForCompletion(OPERATION_TIMEOUT_MS);
        } catch (MqttException e) {
            throw new BrokerClientException("publish failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        up = false;
        reconnector.shutdown();
        try {
            reconnector.awaitTermination(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnect(1000).waitForCompletion(2000);
                }
            } catch (MqttException e) {
                log.debug("MQTT disconnect: {}", e.getMessage());
            }
            try {
                c.close(true);
            } catch (MqttException e) {
                log.debug("MQTT close: {}", e.getMessage());
            }
        }
    }

    private final class Callback implements MqttCallbackAdapter {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            up = false;
            if (!closed) {
                log.warn("MQTT connection lost ({}); reconnecting", response.getReasonString());
                scheduleOnReconnector();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Listener l = listener;
            if (l != null) {
                l.messageArrived(topic, message.getPayload(), message.isRetained());
            }
        }
    }

    private void scheduleOnReconnector() {
        try {
            reconnector.execute(this::scheduleReconnect);
        } catch (RuntimeException e) {
            // closing
        }
    }
}
