package org.adoptionkiosk.bench;

import com.google.crypto.tink.PublicKeyVerify;
import org.adoptionkiosk.appliance.sync.AckWait;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.MqttCallbackAdapter;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A light simulated kiosk for the fan-in phase: no H2, no web server, only the sync as the kiosk
 * speaks it. Its records (sealed ahead of time) are cut into batches of the kiosk's size; it keeps
 * up to a window of batches in flight, settles a batch only from the hub's signed ack that names it,
 * and when the oldest batch in flight has no ack after the ack wait (or after a reconnect) it
 * starts again from the first unacked batch with fresh batch ids, as the kiosk does (wire contract,
 * delivery rule 10), the wait doubling after each timeout as the kiosk's ({@link AckWait}). Publishes happen on {@code sender}, never on Paho's callback thread.
 */
final class FaninKiosk {
    private final String deviceId;
    private final UUID bootId = UUID.randomUUID();
    private final List<List<KioskRecord>> batches;
    private final int window;
    /** The kiosk's own rule: the wait doubles after each timeout, back to the set one on an ack. Guarded by this. */
    private final AckWait ackWait;
    private final WireCodec codec;
    private final PublicKeyVerify verifier;
    private final Executor sender;
    private final CountDownLatch allAcked;
    private final Counters counters;
    private final String recordsTopic;
    private final String ackTopic;
    private MqttAsyncClient client;

    // Guarded by this.
    private final boolean[] acked;
    private int ackedCount;
    private int next;
    private final Map<UUID, Sent> inFlight = new LinkedHashMap<>();

    private record Sent(int index, long at) {
    }

    /** What every kiosk of the run adds to: anything but zero except acks is worth a look. */
    static final class Counters {
        final AtomicLong acks = new AtomicLong();
        final AtomicLong resends = new AtomicLong();
        final AtomicLong strayAcks = new AtomicLong();
        final AtomicLong forgedAcks = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong publishFailures = new AtomicLong();
        final AtomicLong connectionsLost = new AtomicLong();
    }

    FaninKiosk(String deviceId, List<KioskRecord> records, int batchSize, int window, long ackTimeoutMillis,
               WireCodec codec, PublicKeyVerify verifier, Executor sender, CountDownLatch allAcked, Counters counters) {
        this.deviceId = deviceId;
        this.batches = new ArrayList<>();
        for (int i = 0; i < records.size(); i += batchSize) {
            batches.add(List.copyOf(records.subList(i, Math.min(records.size(), i + batchSize))));
        }
        this.acked = new boolean[batches.size()];
        this.window = window;
        this.ackWait = new AckWait(ackTimeoutMillis);
        this.codec = codec;
        this.verifier = verifier;
        this.sender = sender;
        this.allAcked = allAcked;
        this.counters = counters;
        this.recordsTopic = Topics.records(deviceId);
        this.ackTopic = Topics.ack(deviceId);
    }

    String deviceId() {
        return deviceId;
    }

    /**
     * Logs in with its own password and subscribes to its acks, before the clock starts. Paho runs
     * each client's receiver, sender and callback as long-lived tasks on {@code pool}.
     */
    void connect(String url, String password, SocketFactory sockets, ScheduledExecutorService pool)
            throws MqttException {
        client = new MqttAsyncClient(url, deviceId + ":fanin-" + UUID.randomUUID(), new MemoryPersistence(), null,
                pool);
        client.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(deviceId);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setSocketFactory(sockets);
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(true);
        options.setConnectionTimeout(30);
        client.connect(options).waitForCompletion(60_000);
        subscribe();
    }

    private void subscribe() throws MqttException {
        IMqttToken t = client.subscribe(ackTopic, 1);
        t.waitForCompletion(30_000);
        int[] codes = t.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            throw new IllegalStateException("the broker refused " + deviceId + " its ack topic");
        }
    }

    /** Sends the first window of batches. */
    void start() {
        sendMore();
    }

    /** Called now and then: a batch in flight too long without its ack means resend from the first unacked. */
    void checkTimeout(long now) {
        synchronized (this) {
            Iterator<Sent> oldest = inFlight.values().iterator();
            if (!oldest.hasNext() || now - oldest.next().at() < ackWait.millis() * 1_000_000L) {
                return;
            }
            ackWait.timedOut();
            startAgain();
        }
        sender.execute(this::sendMore);
    }

    private void startAgain() {
        inFlight.clear();
        next = 0;
        counters.resends.incrementAndGet();
    }

    private void sendMore() {
        List<RecordBatch> toSend = new ArrayList<>();
        synchronized (this) {
            while (inFlight.size() < window && next < batches.size()) {
                int i = next++;
                if (acked[i]) {
                    continue;
                }
                UUID batchId = UUID.randomUUID();
                inFlight.put(batchId, new Sent(i, System.nanoTime()));
                toSend.add(new RecordBatch(WireCodec.SCHEMA, deviceId, batchId, bootId, batches.get(i)));
            }
        }
        for (RecordBatch b : toSend) {
            try {
                client.publish(recordsTopic, codec.encode(b), 1, false);
            } catch (MqttException e) {
                // Left in flight: the ack timeout sends it again, as the kiosk would.
                counters.publishFailures.incrementAndGet();
            }
        }
    }

    private void ackArrived(byte[] payload) {
        Ack ack;
        try {
            ack = codec.decodeAck(HubSignature.open(verifier, codec, ackTopic, payload));
        } catch (Exception e) {
            counters.forgedAcks.incrementAndGet();
            return;
        }
        counters.acks.incrementAndGet();
        boolean done;
        synchronized (this) {
            Sent sent = inFlight.remove(ack.batchId());
            if (sent == null) {
                counters.strayAcks.incrementAndGet();
                return;
            }
            if (!ack.rejected().isEmpty() || ack.accepted().size() != batches.get(sent.index()).size()) {
                counters.rejected.addAndGet(batches.get(sent.index()).size() - ack.accepted().size());
            }
            ackWait.acked();
            if (!acked[sent.index()]) {
                acked[sent.index()] = true;
                ackedCount++;
            }
            done = ackedCount == batches.size();
        }
        if (done) {
            allAcked.countDown();
        } else {
            sender.execute(this::sendMore);
        }
    }

    void close() {
        try {
            client.disconnect().waitForCompletion(5_000);
        } catch (MqttException ignored) {
            // The run is over.
        }
        try {
            client.close();
        } catch (MqttException ignored) {
            // as above
        }
    }

    private final class Callback implements MqttCallbackAdapter {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            ackArrived(message.getPayload());
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            counters.connectionsLost.incrementAndGet();
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                // A clean session lost the subscription and whatever was in flight: subscribe
                // again and resend from the first unacked batch (on the sender, not here).
                sender.execute(() -> {
                    try {
                        subscribe();
                    } catch (MqttException e) {
                        counters.publishFailures.incrementAndGet();
                    }
                    synchronized (FaninKiosk.this) {
                        startAgain();
                    }
                    sendMore();
                });
            }
        }
    }
}
