package org.adoptionkiosk.bench;

import org.adoptionkiosk.protocol.MqttCallbackAdapter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import javax.net.SocketFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The wire limit: the same records' bytes published one per message at QoS 1 by a raw Paho
 * client and counted by a raw subscriber, with no storage and no acks of ours. Both log in to the
 * (closed) embedded broker before the clock starts.
 */
final class WireRun {
    private static final int MAX_INFLIGHT = 32202;
    /**
     * QoS 1 messages in flight at once. Moquette disconnects a client with more than 256 it has
     * not yet acknowledged (and the rest are lost), while announcing a larger receive maximum, so
     * the publisher keeps its own window below that quota.
     */
    static final int WINDOW = 200;

    private WireRun() {
    }

    /**
     * @param seconds   from the first publish until the last message the subscriber counted
     * @param delivered how many arrived; fewer than sent when the broker lost some
     */
    record Result(double seconds, long delivered) {
    }

    /** A user name and password at the broker. */
    record Login(String username, String password) {
    }

    /**
     * Runs the wire phase on a broker that lets {@code publisher} write {@code topic} and
     * {@code subscriber} read it (the embedded broker is closed: both log in).
     */
    static Result run(String brokerUrl, String topic, Login publisher, Login subscriber, List<byte[]> payloads)
            throws Exception {
        return run(brokerUrl, null, topic, publisher, subscriber, payloads);
    }

    /** The same through {@code sockets} (TLS to a real Mosquitto); null for Paho's own. */
    static Result run(String brokerUrl, SocketFactory sockets, String topic, Login publisher, Login subscriber,
                      List<byte[]> payloads) throws Exception {
        CountDownLatch received = new CountDownLatch(payloads.size());
        AtomicLong lastArrival = new AtomicLong();
        MqttAsyncClient sub = connect(brokerUrl, sockets, subscriber, "bench-sub", new Counting(received, lastArrival));
        MqttAsyncClient pub;
        try {
            IMqttToken subscribed = sub.subscribe(topic, 1);
            subscribed.waitForCompletion(10_000);
            int[] codes = subscribed.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new IllegalStateException("the broker refused the wire subscriber " + topic);
            }
            pub = connect(brokerUrl, sockets, publisher, "bench-pub", new Counting(new CountDownLatch(0), new AtomicLong()));
        } catch (Exception | Error e) {
            close(sub);
            throw e;
        }
        return measure(pub, sub, topic, payloads, received, lastArrival);
    }

    private static Result measure(MqttAsyncClient publisher, MqttAsyncClient subscriber, String topic,
                                  List<byte[]> payloads, CountDownLatch received, AtomicLong lastArrival)
            throws Exception {
        try {
            Semaphore window = new Semaphore(WINDOW);
            MqttActionListener acked = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    window.release();
                }
            };
            long start = System.nanoTime();
            for (byte[] payload : payloads) {
                window.acquire();
                publish(publisher, topic, payload, acked);
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

    private static void publish(MqttAsyncClient client, String topic, byte[] payload, MqttActionListener acked)
            throws Exception {
        while (true) {
            try {
                client.publish(topic, payload, 1, false, null, acked);
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

    private static MqttAsyncClient connect(String url, SocketFactory sockets, Login login, String prefix,
                                           MqttCallback callback)
            throws MqttException {
        // A device's client id starts with its id and a colon at the embedded broker.
        MqttAsyncClient client = new MqttAsyncClient(url, login.username() + ":" + prefix + "-" + UUID.randomUUID(),
                new MemoryPersistence());
        client.setCallback(callback);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (sockets != null) {
            options.setSocketFactory(sockets);
        }
        options.setUserName(login.username());
        options.setPassword(login.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    private record Counting(CountDownLatch latch, AtomicLong lastArrival) implements MqttCallbackAdapter {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            lastArrival.set(System.nanoTime());
            latch.countDown();
        }
    }
}
