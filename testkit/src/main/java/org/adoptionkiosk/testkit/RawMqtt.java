package org.adoptionkiosk.testkit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare Paho v5 client for tests: a kiosk speaking the wire contract directly, a misbehaving one,
 * or a curious operator subscribing to see what the hub publishes.
 */
public final class RawMqtt implements AutoCloseable {
    /** A message as it arrived. */
    public record Message(String topic, byte[] payload) {
    }

    private final MqttClient client;
    private final MqttConnectionOptions options;
    private final List<String> subscriptions = new ArrayList<>();
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    /** One step of the client that may need a fresh connection first. */
    private interface Step {
        void run() throws MqttException;
    }

    public RawMqtt(String brokerUrl) throws MqttException {
        this(brokerUrl, null, null);
    }

    /** With a last-will: a retained {@code willPayload} on {@code willTopic} if the connection drops. */
    public RawMqtt(String brokerUrl, String willTopic, byte[] willPayload) throws MqttException {
        client = new MqttClient(brokerUrl, "raw-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Message(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (willTopic != null) {
            options.setWill(willTopic, new MqttMessage(willPayload, 1, true, null));
        }
        client.connect(options);
    }

    public void subscribe(String topic) throws MqttException {
        again(() -> client.subscribe(topic, 1).waitForCompletion(5000));
        subscriptions.add(topic);
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
                client.connect(options);
                for (String t : subscriptions) {
                    client.subscribe(t, 1).waitForCompletion(5000);
                }
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
