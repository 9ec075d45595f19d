package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.MqttCallbackAdapter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare Paho v5 client over TLS, standing in for a kiosk or a stranger, to test the broker's rules. */
final class TlsClient implements AutoCloseable {
    /** One message as it arrived. */
    record Received(String topic, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile boolean disconnected;

    /** Connects, or throws the broker's refusal. */
    TlsClient(String url, String username, String password, BrokerTls tls) throws Exception {
        client = new MqttClient(url, "test-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallbackAdapter() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnected = true;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload()));
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setSocketFactory(tls.socketFactory(url));
        try {
            client.connect(o);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    /** The broker's reason code for a QoS 1 publish: below 0x80 taken (0x10: no subscriber yet), 0x87 not authorised. */
    int publish(String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken token = client.getTopic(topic).publish(m);
        token.waitForCompletion(10_000);
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** The broker's reason code for a subscription: 0 or 1 granted, 0x87 not authorised. */
    int subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    /** The next message within 10 s, or null. */
    Received next() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean connected() {
        return client.isConnected() && !disconnected;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (MqttException ignored) {
            // Gone already.
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // Closed already.
        }
    }
}
