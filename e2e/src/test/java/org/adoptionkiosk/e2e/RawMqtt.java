package org.adoptionkiosk.e2e;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare Paho client, standing in for a misbehaving kiosk or a curious operator. */
final class RawMqtt implements AutoCloseable {
    record Message(String topic, byte[] payload) {
    }

    private final MqttClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();
    private final java.util.List<String> subscriptions = new java.util.ArrayList<>();
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    /** One step of the client that may need a fresh connection first. */
    private interface Step {
        void run() throws MqttException;
    }

    RawMqtt(String brokerUrl) throws MqttException {
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
        options.setCleanStart(true);
        client.connect(options);
    }

    void subscribe(String topic) throws MqttException {
        again(() -> client.subscribe(topic, 1));
        subscriptions.add(topic);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        again(() -> client.publish(topic, payload, 1, false));
    }

    void publishRetained(String topic, byte[] payload) throws MqttException {
        again(() -> client.publish(topic, payload, 1, true));
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
                    client.subscribe(t, 1);
                }
            }
        }
    }

    Message next(long seconds) throws InterruptedException {
        Message m = received.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no MQTT message within " + seconds + " s");
        }
        return m;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
