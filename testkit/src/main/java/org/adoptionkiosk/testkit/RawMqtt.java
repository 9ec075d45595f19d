package org.adoptionkiosk.testkit;

import org.adoptionkiosk.protocol.MqttCallbackAdapter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare Paho v5 client for tests: a kiosk speaking the wire contract directly, a misbehaving one,
 * or a curious operator subscribing to see what the hub publishes. The hub's embedded broker lets
 * no one in without a user name and password: connect as a device with
 * {@link #RawMqtt(String, String, String)} (its client id is then {@code username:raw-…}, as the
 * embedded broker wants a device's client id to start with its id).
 */
public final class RawMqtt implements AutoCloseable {
    /** A message as it arrived. */
    public record Message(String topic, byte[] payload) {
    }

    private final MqttClient client;
    private final MqttConnectionOptions options;
    private final List<String> subscriptions = new ArrayList<>();
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    /** A publish the broker never acknowledged is still in flight: close without waiting for it. */
    private boolean abandonedPublish;

    /** One step of the client that may need a fresh connection first. */
    private interface Step {
        void run() throws MqttException;
    }

    /** Anonymous: for a broker that allows it (the machine's Mosquitto in the tests). */
    public RawMqtt(String brokerUrl) throws MqttException {
        this(brokerUrl, null, null, null, null);
    }

    /** Anonymous, with a last-will: a retained {@code willPayload} on {@code willTopic} if the connection drops. */
    public RawMqtt(String brokerUrl, String willTopic, byte[] willPayload) throws MqttException {
        this(brokerUrl, null, null, willTopic, willPayload);
    }

    /**
     * As {@code username} (a device id, or the broker's own user for the hub) with its password.
     * A refused connection throws, with the broker's reason code ({@link MqttException#getReasonCode()}).
     */
    public RawMqtt(String brokerUrl, String username, String password) throws MqttException {
        this(brokerUrl, username, password, null, null);
    }

    /** With credentials (null for none) and a retained last-will (null for none). */
    public RawMqtt(String brokerUrl, String username, String password, String willTopic, byte[] willPayload)
            throws MqttException {
        client = new MqttClient(brokerUrl, (username == null ? "" : username + ":") + "raw-" + UUID.randomUUID(),
                new MemoryPersistence());
        client.setCallback(new MqttCallbackAdapter() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Message(topic, message.getPayload()));
            }
        });
        options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (willTopic != null) {
            options.setWill(willTopic, new MqttMessage(willPayload, 1, true, null));
        }
        client.connect(options);
    }

    public void subscribe(String topic) throws MqttException {
        again(() -> client.subscribe(topic, 1).waitForCompletion(5000));
        subscriptions.add(topic);
    }

    /**
     * Subscribes once, without retrying, and answers the broker's reason code for it: the granted
     * QoS (0-2), or 0x80 and above when the broker refused the subscription.
     */
    public int trySubscribe(String topic) throws MqttException {
        IMqttToken token;
        try {
            token = client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)});
        } catch (MqttException e) {
            // Paho may report a refused subscription as an exception carrying the SUBACK's code.
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
                return e.getReasonCode();
            }
            throw e;
        }
        int[] codes = token.getReasonCodes();
        if (codes == null || codes.length == 0) {
            throw new AssertionError("no SUBACK reason code for " + topic);
        }
        if (codes[0] < 0x80) {
            subscriptions.add(topic);
        }
        return codes[0];
    }

    /**
     * Publishes once at QoS 1 and answers whether the broker acknowledged it within
     * {@code millis}. A broker that refuses a publish (Moquette on a topic the user may not write)
     * sends no PUBACK at all, so false means "not taken".
     */
    public boolean tryPublish(String topic, byte[] payload, boolean retained, long millis) throws MqttException {
        long before = client.getTimeToWait();
        client.setTimeToWait(millis);
        try {
            client.publish(topic, payload, 1, retained);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
                throw e;
            }
            abandonedPublish = true;
            return false;
        } finally {
            client.setTimeToWait(before);
        }
    }

    /** The next message, or null when none came within {@code millis}. */
    public Message poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        again(() -> client.publish(topic, payload, 1, false));
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publishRetained(String topic, byte[] payload) throws MqttException {
        again(() -> client.publish(topic, payload, 1, true));
    }

    /** The next message's payload; fails after a generous 20 s. */
    public byte[] next() throws InterruptedException {
        return next(20).payload();
    }

    /** The next message; fails after {@code seconds}. */
    public Message next(long seconds) throws InterruptedException {
        Message m = received.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no MQTT message within " + seconds + " s");
        }
        return m;
    }

    /** Drops the TCP connection without DISCONNECT, as a kiosk losing power would: the will fires. */
    public void dropConnection() throws MqttException {
        client.disconnectForcibly(0, 100, false);
    }

    /**
     * Under load the embedded Moquette sometimes drops a connection it has just accepted (it logs
     * "SUBSCRIBE received on already closed connection": its session was still CONNECTING). A kiosk
     * and the hub reconnect on their own; this bare client connects again, subscribes again, and
     * retries the step, at most twice. Any other failure, or a third one, is the test's.
     */
    private void again(Step step) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (MqttException e) {
                if (attempt >= 3 || client.isConnected()) {
                    throw e;
                }
                reconnect();
                for (String t : subscriptions) {
                    client.subscribe(t, 1).waitForCompletion(5000);
                }
            }
        }
    }

    /**
     * Connects again once Paho has finished closing the dropped connection: until then it refuses
     * with "client is currently disconnecting" (32102), which says "not yet", not "no".
     */
    private void reconnect() {
        try {
            Await.atMost(Duration.ofSeconds(10)).until("the dropped connection closed and a new one made", () -> {
                try {
                    client.connect(options);
                    return true;
                } catch (MqttException e) {
                    if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting again", e);
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected() && abandonedPublish) {
            client.disconnectForcibly(0, 1000, true);
        } else if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
