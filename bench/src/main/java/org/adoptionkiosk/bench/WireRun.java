package org.adoptionkiosk.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The wire limit: the same records' bytes published one per message at QoS 1 by a raw Paho
 * client and counted by a raw subscriber, with no storage and no acks of ours.
 */
final class WireRun {
    private static final int MAX_INFLIGHT = 32202;

    private WireRun() {
    }

    /**
     * @param seconds   from the first publish until the last message the subscriber counted
     * @param delivered how many arrived; fewer than sent when the broker lost some
     */
    record Result(double seconds, long delivered) {
    }

    static Result run(String brokerUrl, List<byte[]> payloads) throws Exception {
        String topic = "bench/wire/" + UUID.randomUUID();
        CountDownLatch received = new CountDownLatch(payloads.size());
        AtomicLong lastArrival = new AtomicLong();
        MqttAsyncClient subscriber = connect(brokerUrl, "bench-sub", new Counting(received, lastArrival));
        subscriber.subscribe(topic, 1).waitForCompletion(10_000);
        MqttAsyncClient publisher = connect(brokerUrl, "bench-pub", new Counting(new CountDownLatch(0), new AtomicLong()));
        try {
            long start = System.nanoTime();
            for (byte[] payload : payloads) {
                publish(publisher, topic, payload);
            }
            long last = -1;
            // A raw QoS 1 client has no resend of its own: when nothing more arrives for 10 s the
            // broker has lost the rest, and the run says how many instead of waiting for ever.
            while (!received.await(10, TimeUnit.SECONDS) && received.getCount() != last) {
                last = received.getCount();
            }
            long delivered = payloads.size() - received.getCount();
            return new Result((lastArrival.get() - start) / 1e9, delivered);
        } finally {
            close(publisher);
            close(subscriber);
        }
    }

    private static void publish(MqttAsyncClient client, String topic, byte[] payload) throws Exception {
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                // Paho v5 has no setMaxInflight: when the broker's receive maximum is reached it
                // refuses the publish, so wait for acknowledgements to free a slot.
                if (e.getReasonCode() != MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(200_000);
            }
        }
    }

    private static MqttAsyncClient connect(String url, String prefix, MqttCallback callback) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, prefix + "-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(callback);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static void close(MqttAsyncClient client) {
        try {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException ignored) {
            // The run is over; a slow disconnect changes nothing measured.
        }
    }

    private record Counting(CountDownLatch latch, AtomicLong lastArrival) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            lastArrival.set(System.nanoTime());
            latch.countDown();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
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
    }
}
