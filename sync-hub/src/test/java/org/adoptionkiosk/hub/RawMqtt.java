package org.adoptionkiosk.hub;

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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare Paho v5 client standing in for a kiosk, so the tests speak the wire contract directly. */
final class RawMqtt implements AutoCloseable {
    private final MqttClient client;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    RawMqtt(String brokerUrl) throws MqttException {
        this(brokerUrl, null);
    }

    /** With a last-will: a retained {@code willPayload} on {@code willTopic} if the connection drops. */
    RawMqtt(String brokerUrl, String willTopic, byte[] willPayload) throws MqttException {
        this(brokerUrl, options(willTopic, willPayload));
    }

    private RawMqtt(String brokerUrl, MqttConnectionOptions options) throws MqttException {
        client = new MqttClient(brokerUrl, "test-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(message.getPayload());
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
        client.connect(options == null ? options(null, null) : options);
    }

    private static MqttConnectionOptions options(String willTopic, byte[] willPayload) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        if (willTopic != null) {
            MqttMessage will = new MqttMessage(willPayload, 1, true, null);
            o.setWill(willTopic, will);
        }
        return o;
    }

    void subscribe(String topic) throws MqttException {
        client.subscribe(topic, 1).waitForCompletion(5000);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    void publishRetained(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, true);
    }

    /** The next message on a subscribed topic; fails after a generous deadline. */
    byte[] next() throws InterruptedException {
        byte[] m = received.poll(20, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no MQTT message within 20 s");
        }
        return m;
    }

    /** Drops the TCP connection without DISCONNECT, as a kiosk losing power would: the will fires. */
    void dropConnection() throws MqttException {
        client.disconnectForcibly(0, 100, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
