package org.adoptionkiosk.appliance.sync;

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

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@link MqttLink} over Eclipse Paho's MQTT v5 client. Paho's own reconnect is off (the agent
 * runs its own loop with jittered backoff) and its persistence is in memory only (H2 is the
 * kiosk's one store). A fresh Paho client is made for each connection, so a failed attempt
 * leaves nothing half-open behind.
 */
public final class PahoLink implements MqttLink {
    private final String brokerUrl;
    private final String clientId;
    private final String username;
    private final byte[] password;
    private final long timeoutMillis;
    private final SocketFactory sockets;
    private final Listener listener;
    private volatile MqttAsyncClient client;

    /**
     * @param password      null for none
     * @param timeoutMillis how long connect, subscribe and publish may take
     */
    public PahoLink(String brokerUrl, String clientId, String username, String password, long timeoutMillis,
                    Listener listener) {
        this(brokerUrl, clientId, username, password, timeoutMillis,
                NoDelaySockets.forBroker(brokerUrl.toLowerCase(Locale.ROOT)), listener);
    }

    /**
     * @param sockets how to open the connection: plain, or TLS with the provisioned CA
     *                ({@link org.adoptionkiosk.protocol.BrokerTls#socketFactory})
     */
    public PahoLink(String brokerUrl, String clientId, String username, String password, long timeoutMillis,
                    SocketFactory sockets, Listener listener) {
        this.sockets = sockets;
        this.brokerUrl = brokerUrl;
        this.clientId = clientId;
        this.username = username;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.timeoutMillis = timeoutMillis;
        this.listener = listener;
    }

    @Override
    public void connect(Message will) throws MqttLinkException {
        close();
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new MqttLinkException("cannot make an MQTT client for " + brokerUrl + ": " + describe(e), e);
        }
        c.setCallback(new Callbacks(c));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setUserName(username);
        if (password != null) {
            options.setPassword(password);
        }
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, timeoutMillis / 1000));
        options.setSocketFactory(sockets);
        MqttMessage w = new MqttMessage(will.payload());
        w.setQos(will.qos());
        w.setRetained(will.retained());
        options.setWill(will.topic(), w);
        client = c;
        try {
            c.connect(options).waitForCompletion(timeoutMillis + 1000);
        } catch (MqttException e) {
            close();
            throw new MqttLinkException("cannot connect to " + brokerUrl + ": " + describe(e), e);
        }
    }

    @Override
    public void subscribe(String topic, int qos) throws MqttLinkException {
        MqttAsyncClient c = connected();
        try {
            IMqttToken token = c.subscribe(new MqttSubscription[]{new MqttSubscription(topic, qos)});
            token.waitForCompletion(timeoutMillis);
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new MqttLinkException("the broker refused the subscription to " + topic
                        + " (reason 0x" + Integer.toHexString(codes[0]) + ")");
            }
        } catch (MqttException e) {
            throw new MqttLinkException("subscribe to " + topic + " failed: " + describe(e), e);
        }
    }

    @Override
    public void publish(Message message) throws MqttLinkException {
        MqttAsyncClient c = connected();
        try {
            MqttMessage m = new MqttMessage(message.payload());
            m.setQos(message.qos());
            m.setRetained(message.retained());
            IMqttToken token = c.publish(message.topic(), m);
            token.waitForCompletion(timeoutMillis);
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new MqttLinkException("the broker refused a publish to " + message.topic()
                        + " (reason 0x" + Integer.toHexString(codes[0]) + ")");
            }
        } catch (MqttException e) {
            throw new MqttLinkException("publish to " + message.topic() + " failed: " + describe(e), e);
        }
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void abort() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.disconnectForcibly(0, 0, false);
            } catch (MqttException | RuntimeException ignored) {
                // Not connected yet or already gone: closing below is all that is left.
            }
            free(c);
        }
    }

    @Override
    public void close() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        if (c.isConnected()) {
            try {
                c.disconnect(1000).waitForCompletion(2000);
            } catch (MqttException | RuntimeException e) {
                try {
                    c.disconnectForcibly(0, 0, false);
                } catch (MqttException | RuntimeException ignored) {
                    // Gone either way.
                }
            }
        }
        free(c);
    }

    private static void free(MqttAsyncClient c) {
        try {
            c.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // Paho refuses to close a client mid-connect; it is unreachable from here on anyway.
        }
    }

    private MqttAsyncClient connected() throws MqttLinkException {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            throw new MqttLinkException("not connected to " + brokerUrl);
        }
        return c;
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        String text = e.getMessage() + " (" + e.getReasonCode() + ")";
        return cause == null ? text : text + ": " + cause;
    }

    /**
     * Paho calls these on its own thread. Each only passes the event on: blocking, publishing
     * or touching the database here can deadlock Paho.
     */
    private final class Callbacks implements MqttCallbackAdapter {
        private final MqttAsyncClient owner;

        Callbacks(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client) {
                return;
            }
            String reason = response.getException() != null
                    ? describe(response.getException())
                    : "broker disconnected (reason " + response.getReturnCode() + ")";
            listener.connectionLost(reason);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Paho reports protocol errors here; only a dropped connection needs the agent.
            if (owner == client && !owner.isConnected()) {
                listener.connectionLost("MQTT error: " + describe(exception));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (owner == client) {
                listener.messageArrived(topic, message.getPayload());
            }
        }
    }
}
