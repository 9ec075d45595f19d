package org.adoptionkiosk.appliance.sync;

import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker with the hub behind it, in memory: the stand-in at the {@link MqttLink} boundary for
 * tests of the sync agent and of the hub's config push (the kiosk's own parts are real). The hub
 * acks every batch; retained messages are kept per topic and a retained config is delivered on
 * subscription, as a broker does. Acks and configs arrive on another thread, as from Paho.
 */
public final class FakeBroker {
    private final WireCodec codec;
    private final String deviceId;
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private final List<RecordBatch> batches = Collections.synchronizedList(new ArrayList<>());
    private final Set<UUID> accepted = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, byte[]> retained = Collections.synchronizedMap(new HashMap<>());
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger statusPublishes = new AtomicInteger();
    private volatile int refuse;
    private volatile String refusedTopic;
    private volatile int misbehave;
    private volatile boolean holdAcks;
    private volatile Duration hubAhead = Duration.ZERO;
    private volatile MqttLink.Message will;
    private volatile Link current;

    private final HubKeys hub;

    /** @param hub the hub's keys: acks and configs go out signed with them, as the hub sends them */
    public FakeBroker(WireCodec codec, String deviceId, HubKeys hub) {
        this.codec = codec;
        this.deviceId = deviceId;
        this.hub = hub;
    }

    private byte[] signed(String topic, byte[] message) {
        try {
            return hub.sign(codec, topic, message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the agent's constructor takes: a new link for each connection attempt. */
    public MqttLink link(MqttLink.Listener listener) {
        return new Link(listener);
    }

    public List<RecordBatch> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    /** Every record the hub has acknowledged, by id. */
    public Set<UUID> acceptedIds() {
        synchronized (accepted) {
            return Set.copyOf(accepted);
        }
    }

    /** Every record the kiosk sent, in the order sent (resends included). */
    public List<KioskRecord> sentRecords() {
        return batches().stream().flatMap(b -> b.records().stream()).toList();
    }

    public DeviceStatus retainedStatus() {
        byte[] b = retained.get(Topics.status(deviceId));
        try {
            return b == null ? null : codec.decodeStatus(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** How many statuses the kiosk has published (the will and the offline status excluded). */
    public int statusPublishes() {
        return statusPublishes.get();
    }

    public DeviceStatus will() throws Exception {
        return codec.decodeStatus(will.payload());
    }

    public boolean willRetained() {
        return will.retained();
    }

    public int connectAttempts() {
        return connects.get();
    }

    public void refuseConnections(int n) {
        refuse = n;
    }

    /** The broker's ACL does not let the kiosk subscribe to this topic (a SUBACK with a failure code). */
    public void refuseSubscription(String topic) {
        refusedTopic = topic;
    }

    public void misbehaveFor(int n) {
        misbehave = n;
    }

    public void hubClockAhead(Duration d) {
        hubAhead = d;
    }

    /** The topics (with their QoS) the kiosk's current connection subscribed to. */
    public Map<String, Integer> subscriptions() {
        Link l = current;
        if (l == null) {
            return Map.of();
        }
        synchronized (l.subscriptions) {
            return Map.copyOf(l.subscriptions);
        }
    }

    /** The hub sets the kiosk's config, retained: delivered now if the kiosk listens, else when it subscribes. */
    public void pushConfig(DeviceConfig config) {
        pushConfig(codec.encode(config));
    }

    /** {@code message} signed by the hub: its content may still be wrong. */
    public void pushConfig(byte[] message) {
        pushForgedConfig(signed(Topics.config(deviceId), message));
    }

    /** A payload on the config topic as it stands: anyone who can publish there could send it. */
    public void pushForgedConfig(byte[] payload) {
        String topic = Topics.config(deviceId);
        Link to;
        synchronized (this) {
            retained.put(topic, payload);
            to = current;
            if (to == null || !to.connected || !to.subscribedTo(topic)) {
                return;
            }
        }
        callbacks.execute(() -> to.listener.messageArrived(topic, payload));
    }

    public void dropConnection() {
        Link l = current;
        l.connected = false;
        callbacks.execute(() -> l.listener.connectionLost("test dropped it"));
    }

    public void shutdown() {
        callbacks.shutdown();
    }

    /** While held, batches are taken but not acked (the hub is slow), so a test can answer in its place. */
    public void holdAcks(boolean hold) {
        holdAcks = hold;
    }

    private void hub(Link from, byte[] payload) throws Exception {
        RecordBatch batch = codec.decodeBatch(payload);
        batches.add(batch);
        if (holdAcks) {
            return;
        }
        UUID answerTo = batch.batchId();
        if (misbehave > 0) {
            misbehave--;
            answerTo = UUID.randomUUID();
        }
        List<UUID> ids = batch.records().stream().map(KioskRecord::id).toList();
        if (!answerTo.equals(batch.batchId())) {
            ids = List.of(); // an ack for someone else's batch
        } else {
            accepted.addAll(ids);
        }
        Ack ack = new Ack(answerTo, ids, List.of(), 0, Instant.now().plus(hubAhead));
        byte[] ackBytes = signed(Topics.ack(deviceId), codec.encode(ack));
        callbacks.execute(() -> from.listener.messageArrived(Topics.ack(deviceId), ackBytes));
    }

    /** A payload on the ack topic as it stands, as an attacker with broker access would send it. */
    public void sendForgedAck(byte[] payload) {
        Link to = current;
        callbacks.execute(() -> to.listener.messageArrived(Topics.ack(deviceId), payload));
    }

    private final class Link implements MqttLink {
        final Listener listener;
        volatile boolean connected;
        final Map<String, Integer> subscriptions = new HashMap<>();

        Link(Listener listener) {
            this.listener = listener;
        }

        boolean subscribedTo(String topic) {
            synchronized (subscriptions) {
                return subscriptions.containsKey(topic);
            }
        }

        @Override
        public void connect(Message w) throws MqttLinkException {
            connects.incrementAndGet();
            if (refuse > 0) {
                refuse--;
                throw new MqttLinkException("connection refused");
            }
            will = w;
            connected = true;
            current = this;
        }

        @Override
        public void subscribe(String topic, int qos) throws MqttLinkException {
            check();
            if (topic.equals(refusedTopic)) {
                throw new MqttLinkException("the broker refused the subscription to " + topic + " (reason 0x87)");
            }
            byte[] config;
            synchronized (FakeBroker.this) {
                synchronized (subscriptions) {
                    subscriptions.put(topic, qos);
                }
                config = topic.equals(Topics.config(deviceId)) ? retained.get(topic) : null;
            }
            if (config != null) {
                // A broker sends the retained message to each new subscription.
                callbacks.execute(() -> listener.messageArrived(topic, config));
            }
        }

        @Override
        public void publish(Message message) throws MqttLinkException {
            check();
            if (message.retained()) {
                retained.put(message.topic(), message.payload());
            }
            if (message.topic().equals(Topics.status(deviceId)) && message.payload().length > 0) {
                try {
                    if (codec.decodeStatus(message.payload()).online()) {
                        statusPublishes.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            if (message.topic().equals(Topics.records(deviceId))) {
                assertEquals(1, message.qos());
                assertFalse(message.retained());
                assertTrue(subscribedTo(Topics.ack(deviceId)), "subscribed to acks before sending");
                try {
                    hub(this, message.payload());
                } catch (Exception e) {
                    throw new MqttLinkException("hub failed: " + e);
                }
            }
        }

        private void check() throws MqttLinkException {
            if (!connected) {
                throw new MqttLinkException("not connected");
            }
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void abort() {
            connected = false;
        }

        @Override
        public void close() {
            connected = false;
        }
    }
}
