package org.adoptionkiosk.appliance.sync;

import org.adoptionkiosk.appliance.outbox.AckOutcome;
import org.adoptionkiosk.appliance.outbox.Outbox;
import org.adoptionkiosk.appliance.outbox.OutboxStats;
import org.adoptionkiosk.appliance.store.StoreException;
import org.adoptionkiosk.protocol.Ack;
import com.google.crypto.tink.PublicKeyVerify;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends the outbox to the hub, up to a window of batches at once, and settles what the hub acknowledges.
 *
 * <p>Everything happens on the agent's own thread: Paho's callbacks only put events on a queue.
 * A broker PUBACK means nothing; a batch is done when an {@link Ack} with its batch id arrives.
 * Up to {@link Settings#window()} batches are in flight, each holding records the others do not
 * (the next starts after the last seq sent), so the hub works on one while the kiosk waits for
 * another's ack. Acks may come in any order: each settles exactly its own batch's records. When a
 * batch has no ack in time, or after a reconnect, nothing counts as in flight any more and sending
 * starts again from the head of the outbox in fresh batches (the hub is idempotent). Connection
 * failures are retried with jittered backoff, for ever.
 *
 * <p>The agent also takes the hub's config push, retained on {@code kiosk/v1/{d}/config}: it
 * subscribes on every connection, hands each message to a {@link ConfigReceiver} on its own thread and
 * publishes the status at once, so the hub sees promptly what was applied. While the hub has
 * revoked the kiosk no batch is sent; the records wait in the outbox.
 */
public final class SyncAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncAgent.class);
    /** With nothing to send, look at the outbox this often even without a capture signal. */
    private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A connection up this long was a good one, whatever ended it. */
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The status's configError while the broker refuses this kiosk its config topic. */
    public static final String CONFIG_NOT_SUBSCRIBED = "config_not_subscribed";
    /** The status's configError when a config arrived that the hub did not sign. */
    public static final String BAD_SIGNATURE = "bad_signature";

    /**
     * What the agent needs to know about this kiosk.
     *
     * @param region the region id the kiosk was provisioned for, or null
     * @param site   its office (a site of that region), or null
     */
    public record Settings(String deviceId, int batchSize, long ackTimeoutMillis, long statusIntervalMillis,
                           String version, String region, String site, int window) {
        /** Batches in flight at most; the command line's own limits are in ApplianceConfig. */
        public static final int MAX_WINDOW = 16;

        public Settings {
            if (window < 1 || window > MAX_WINDOW) {
                throw new IllegalArgumentException("sync window must be between 1 and " + MAX_WINDOW);
            }
        }

        public Settings(String deviceId, int batchSize, long ackTimeoutMillis, long statusIntervalMillis,
                        String version, String region, String site) {
            this(deviceId, batchSize, ackTimeoutMillis, statusIntervalMillis, version, region, site, 1);
        }

        public Settings(String deviceId, int batchSize, long ackTimeoutMillis, long statusIntervalMillis,
                        String version) {
            this(deviceId, batchSize, ackTimeoutMillis, statusIntervalMillis, version, null, null, 1);
        }

        public Settings withWindow(int w) {
            return new Settings(deviceId, batchSize, ackTimeoutMillis, statusIntervalMillis, version, region, site, w);
        }
    }

    private sealed interface Event permits AckArrived, ConfigArrived, ConnectionLost, Work, SyncNow, Stop {
    }

    private record AckArrived(byte[] payload, Instant receivedAt) implements Event {
    }

    private record ConfigArrived(byte[] payload) implements Event {
    }

    private record ConnectionLost(Listener source, String reason) implements Event {
    }

    private record Work() implements Event {
    }

    /** Staff asked: reconnect now if away, send now, and say how we are. */
    private record SyncNow() implements Event {
    }

    private record Stop() implements Event {
    }

    private final Settings settings;
    /** Only the sync thread reads or changes it. */
    private final AckWait ackWait;
    private final Outbox outbox;
    private final WireCodec codec;
    private final Function<MqttLink.Listener, MqttLink> links;
    private final Backoff backoff;
    private final Clock clock;
    private final DeviceHealth health;
    private final Supplier<KioskState> state;
    private final ConfigReceiver config;
    private final PublicKeyVerify hub;
    /** Acks that were not the hub's (bad signature) or answered no batch this kiosk sent. */
    private final AtomicLong forgedAcks = new AtomicLong();
    /** Batches published (a resend counts again) and batches the hub acked, since this process started. */
    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong batchesAcked = new AtomicLong();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean workSignalled = new AtomicBoolean();
    private final String ackTopic;
    private final String configTopic;
    private final String statusTopic;
    private final String recordsTopic;

    private Thread thread;
    private volatile boolean stopping;
    private volatile MqttLink link;
    private volatile Listener listener;
    private volatile boolean connected;
    private volatile Long clockOffsetMillis;
    private volatile boolean configSubscribed = true;

    /** A batch ready to publish, encoded once. */
    private record Prepared(RecordBatch batch, byte[] payload) {
        long lastSeq() {
            return batch.records().get(batch.records().size() - 1).seq();
        }
    }

    /** A batch sent and not yet acked, with when to send it again. */
    private record InFlight(Prepared prepared, long deadline) {
    }

    // Touched only by the agent thread.
    /**
     * The batches in flight by batch id, in the order sent; every timeout is the same, so the first
     * is always the one due soonest. At most {@link Settings#window()} of them.
     */
    private final LinkedHashMap<UUID, InFlight> inflight = new LinkedHashMap<>();
    /** The highest seq sent while batches are in flight: the next batch starts after it. */
    private long sentUpTo;
    private boolean maybeWork = true;
    private long nextStatusAt;
    /** Connections in a row that failed or came to nothing; sets the backoff. */
    private int attempt;
    private long reconnectAt = System.nanoTime();
    private long connectedAt;

    /**
     * @param links makes a link that reports to the given listener; called once per connection attempt
     * @param state  the current event and hardware news for the status; must be quick and not block
     * @param config takes the hub's config push and says whether the kiosk is revoked
     * @param hub    the hub's public signing key: acks and configs that do not verify are ignored
     */
    public SyncAgent(Settings settings, Outbox outbox, WireCodec codec, Function<MqttLink.Listener, MqttLink> links,
                     Backoff backoff, Clock clock, DeviceHealth health, Supplier<KioskState> state,
                     ConfigReceiver config, PublicKeyVerify hub) {
        this.hub = hub;
        this.settings = settings;
        this.ackWait = new AckWait(settings.ackTimeoutMillis());
        this.outbox = outbox;
        this.codec = codec;
        this.links = links;
        this.backoff = backoff;
        this.clock = clock;
        this.health = health;
        this.state = state;
        this.config = config;
        this.ackTopic = Topics.ack(settings.deviceId());
        this.configTopic = Topics.config(settings.deviceId());
        this.statusTopic = Topics.status(settings.deviceId());
        this.recordsTopic = Topics.records(settings.deviceId());
    }

    /** Starts the agent's thread; does nothing if it is already running or was closed. */
    public synchronized void start() {
        if (thread != null || stopping) {
            return;
        }
        thread = new Thread(this::run, "kiosk-sync");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /** A capture committed: there is something to send. Cheap and never blocks. */
    public void workAvailable() {
        if (workSignalled.compareAndSet(false, true)) {
            events.offer(new Work());
        }
    }

    /** Staff's "sync now": skip any reconnect wait, look at the outbox and publish the status. */
    public void syncNow() {
        events.offer(new SyncNow());
    }

    public boolean isConnected() {
        return connected;
    }

    /**
     * The hub's clock minus the kiosk's, in milliseconds, from the latest ack's {@code hubTime}
     * since this process started; null before the first. Cheap and never blocks.
     */
    public Long clockOffsetMillis() {
        return clockOffsetMillis;
    }

    /** The kiosk's sync state now; reads the outbox on the database thread. */
    public SyncStatus status() {
        OutboxStats stats = outbox.stats();
        Instant now = clock.instant();
        Instant oldest = stats.oldestUnsyncedAt();
        Long age = oldest == null ? null : Math.max(0, Duration.between(oldest, now).getSeconds());
        return new SyncStatus(settings.deviceId(), state.get().eventId(), stats.backlog(), age, oldest,
                stats.lastSyncedAt(), connected, clockOffsetMillis, stats.rejected(), stats.lastCaptureAt(),
                settings.version());
    }

    private void run() {
        nextStatusAt = System.nanoTime();
        while (!stopping) {
            if (link == null) {
                long wait = reconnectAt - System.nanoTime();
                if (wait > 0) {
                    idle(wait);
                    continue;
                }
                try {
                    connect();
                } catch (MqttLinkException | StoreException e) {
                    scheduleReconnect("broker not reachable", e.getMessage());
                    continue;
                }
            }
            try {
                step();
            } catch (MqttLinkException e) {
                scheduleReconnect("lost the broker", e.getMessage());
            } catch (StoreException e) {
                if (!stopping) {
                    log.warn("outbox unavailable: {}", e.getMessage());
                    idle(TimeUnit.SECONDS.toNanos(1));
                }
            } catch (RuntimeException e) {
                log.error("sync agent step failed", e);
                idle(TimeUnit.SECONDS.toNanos(1));
            }
        }
        goOffline();
    }

    /**
     * Drops the link and picks when to try again. The backoff grows with each connection that
     * failed or came to nothing, so a broker that accepts us and then refuses every publish is
     * not hammered; an ack, or a connection that lasted, starts it again from the bottom.
     */
    private void scheduleReconnect(String what, String why) {
        boolean lasted = connected && System.nanoTime() - connectedAt > STABLE_NANOS;
        dropLink();
        if (stopping) {
            return;
        }
        if (lasted) {
            attempt = 0;
        }
        long delay = backoff.delayMillis(attempt);
        attempt = Math.min(attempt + 1, 30);
        reconnectAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        log.info("{} ({}); next try in {} ms", what, why, delay);
    }

    private void connect() throws MqttLinkException {
        Listener current = new Listener();
        listener = current;
        MqttLink l = links.apply(current);
        link = l;
        if (stopping) {
            throw new MqttLinkException("stopping");
        }
        l.connect(new MqttLink.Message(statusTopic, codec.encode(DeviceStatus.offline(settings.deviceId())), 1,
                true));
        l.subscribe(ackTopic, 1);
        configSubscribed = subscribeToConfig(l);
        connected = true;
        connectedAt = System.nanoTime();
        // Whatever was in flight on the last connection goes again, from the head of the outbox.
        inflight.clear();
        maybeWork = true;
        log.info("connected to the broker as {}", settings.deviceId());
        publishStatus();
    }

    /**
     * Retained: the broker sends the hub's latest config at once, on every connection. A broker
     * that refuses the topic (an ACL without it) must not stop the records going: the status
     * says so instead, and the kiosk keeps the config it last applied.
     */
    private boolean subscribeToConfig(MqttLink l) throws MqttLinkException {
        try {
            l.subscribe(configTopic, 1);
            return true;
        } catch (MqttLinkException e) {
            if (!l.isConnected()) {
                throw e;
            }
            log.warn("the broker refused the config topic ({}); records still go, the hub's config cannot arrive",
                    e.getMessage());
            return false;
        }
    }

    /** One turn: fill the window, then wait for an event, the first deadline or the status tick. */
    private void step() throws MqttLinkException {
        // Revoked by the hub: nothing is sent, and the outbox keeps every record.
        boolean revoked = config.revoked();
        while (maybeWork && !revoked && inflight.size() < settings.window()) {
            // With nothing in flight, from the head of the outbox: picks up anything an earlier pass
            // left behind. Otherwise after the last record sent, so no record is in two batches.
            Prepared next = prepare(inflight.isEmpty() ? 0 : sentUpTo);
            if (next == null) {
                maybeWork = false;
            } else {
                send(next);
            }
        }
        long now = System.nanoTime();
        long wait = nextStatusAt - now;
        if (!inflight.isEmpty()) {
            wait = Math.min(wait, inflight.values().iterator().next().deadline() - now);
        } else {
            wait = Math.min(wait, IDLE_POLL_NANOS);
        }
        Event event = poll(Math.max(0, wait));
        if (event != null) {
            handle(event);
        } else if (!maybeWork) {
            maybeWork = true; // the idle poll: look at the outbox again
        }
        resendOverdue();
        if (link != null && System.nanoTime() - nextStatusAt >= 0) {
            publishStatus();
        }
    }

    /**
     * A batch without an ack in time ({@link AckWait}: the wait doubles with each such time, up to
     * four times the set one, until an ack arrives): everything in flight is forgotten and sending starts again
     * from the head of the outbox with fresh batches, as after a reconnect. The hub is most likely
     * away, so the later batches are lost with it; and records captured meanwhile go in the same
     * batches rather than behind a window of small ones. A late ack of a forgotten batch is ignored:
     * its records are in the new batches and the hub accepts them again.
     */
    private void resendOverdue() {
        if (inflight.isEmpty()) {
            return;
        }
        InFlight first = inflight.values().iterator().next();
        if (System.nanoTime() - first.deadline() < 0) {
            return;
        }
        log.info("no ack for batch {} within {} ms; sending the {} batch(es) in flight again",
                first.prepared().batch().batchId(), ackWait.millis(), inflight.size());
        ackWait.timedOut();
        inflight.clear();
        maybeWork = true;
    }

    /** The next batch after {@code afterSeq}, encoded; null when nothing waits there. */
    private Prepared prepare(long afterSeq) {
        Optional<RecordBatch> next = outbox.nextBatch(settings.batchSize(), WireCodec.MAX_BATCH_BYTES, afterSeq);
        return next.map(b -> new Prepared(b, codec.encode(b))).orElse(null);
    }

    private void send(Prepared p) throws MqttLinkException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackWait.millis());
        inflight.put(p.batch().batchId(), new InFlight(p, deadline));
        sentUpTo = p.lastSeq(); // each batch starts after the last, or at the head with none in flight
        link.publish(new MqttLink.Message(recordsTopic, p.payload(), 1, false));
        batchesSent.incrementAndGet();
        log.debug("sent batch {} of {} records", p.batch().batchId(), p.batch().records().size());
    }

    private void handle(Event event) throws MqttLinkException {
        if (event instanceof Work) {
            workSignalled.set(false);
            maybeWork = true;
        } else if (event instanceof SyncNow) {
            maybeWork = true;
            nextStatusAt = System.nanoTime();
        } else if (event instanceof AckArrived a) {
            onAck(a);
        } else if (event instanceof ConfigArrived c) {
            byte[] signedConfig = opened(configTopic, c.payload());
            if (signedConfig == null) {
                log.warn("ignoring a config the hub did not sign");
                config.refused(BAD_SIGNATURE);
            } else {
                config.arrived(signedConfig);
            }
            // When revoked, the batches in flight still take their acks; no more are sent.
            maybeWork = true; // a lifted revocation lets the outbox drain again
            publishStatus();
        } else if (event instanceof ConnectionLost lost) {
            // A late report from a link already replaced says nothing about the current one.
            if (lost.source() == listener) {
                scheduleReconnect("lost the broker", lost.reason());
            }
        } else if (event instanceof Stop) {
            stopping = true;
        }
    }

    private void onAck(AckArrived arrived) throws MqttLinkException {
        byte[] signedAck = opened(ackTopic, arrived.payload());
        if (signedAck == null) {
            forgedAcks.incrementAndGet();
            log.warn("ignoring an ack the hub did not sign ({} so far)", forgedAcks.get());
            return;
        }
        Ack ack;
        try {
            ack = codec.decodeAck(signedAck);
        } catch (WireException e) {
            log.warn("ignoring a malformed ack: {}", e.getMessage());
            return;
        }
        // Any ack carries the hub's clock; the latest reading is the kiosk's best estimate.
        clockOffsetMillis = Duration.between(arrived.receivedAt(), ack.hubTime()).toMillis();
        InFlight done = inflight.remove(ack.batchId());
        if (done == null) {
            log.debug("ignoring ack for batch {}", ack.batchId());
            return;
        }
        maybeWork = true;
        ackWait.acked();
        batchesAcked.incrementAndGet();
        // Only this batch's records: an ack that arrives before an earlier batch's settles its own.
        AckOutcome outcome = outbox.apply(ack, done.prepared().batch(), clock.instant());
        attempt = 0; // the hub is answering: this connection is a good one
        if (outcome.rejected() > 0) {
            log.warn("the hub rejected {} record(s); they are kept here and dead-lettered at the hub",
                    outcome.rejected());
        }
        if (inflight.isEmpty() && outbox.backlog() == 0) {
            publishStatus();
        }
    }

    /** The message inside a hub-signed envelope that verifies for {@code topic}; null for anything else. */
    private byte[] opened(String topic, byte[] payload) {
        try {
            return HubSignature.open(hub, codec, topic, payload);
        } catch (WireException | GeneralSecurityException e) {
            return null;
        }
    }

    /** Acks ignored because the hub did not sign them, since this process started. */
    public long forgedAcks() {
        return forgedAcks.get();
    }

    /** Batches published to the broker since this process started, resends included. Cheap. */
    public long batchesSent() {
        return batchesSent.get();
    }

    /** Batches the hub acknowledged (with its signature) since this process started. Cheap. */
    public long batchesAcked() {
        return batchesAcked.get();
    }

    private void publishStatus() throws MqttLinkException {
        nextStatusAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.statusIntervalMillis());
        MqttLink l = link;
        if (l == null) {
            return;
        }
        OutboxStats stats = outbox.stats();
        KioskState k = state.get();
        DeviceStatus status = new DeviceStatus(settings.deviceId(), true, stats.backlog(),
                stats.oldestUnsyncedAt(), stats.lastCaptureAt(), stats.lastSyncedAt(), settings.version(),
                k.eventId(), health.temperatureC(), health.diskFreeBytes(), clockOffsetMillis,
                clock.instant(), k.officeMode() ? "office" : "event", k.openHelpRequests(), k.lastHelpRequestAt(),
                k.footfallToday(), k.eventName(), k.eventVenue(), k.footfallEvent(), settings.region(),
                settings.site(), k.configVersion(),
                k.configError() == null && !configSubscribed ? CONFIG_NOT_SUBSCRIBED : k.configError(),
                forgedAcks.get());
        l.publish(new MqttLink.Message(statusTopic, codec.encode(status), 1, true));
    }

    private Event poll(long nanos) {
        try {
            return events.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Nobody interrupts this thread; if something does, treat it as a stop request.
            stopping = true;
            return null;
        }
    }

    /** Waits while disconnected, still answering a stop request. */
    private void idle(long nanos) {
        long until = System.nanoTime() + nanos;
        while (!stopping) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Event e = poll(left);
            if (e instanceof Stop) {
                stopping = true;
            } else if (e instanceof Work) {
                workSignalled.set(false);
            } else if (e instanceof SyncNow) {
                // Try the broker now, from the bottom of the backoff.
                attempt = 0;
                reconnectAt = System.nanoTime();
                return;
            }
        }
    }

    private void dropLink() {
        connected = false;
        inflight.clear();
        MqttLink l = link;
        link = null;
        if (l != null) {
            l.abort();
        }
    }

    /** On a clean stop the broker will not send the last-will, so say offline ourselves. */
    private void goOffline() {
        MqttLink l = link;
        if (l != null && connected) {
            try {
                l.publish(new MqttLink.Message(statusTopic, codec.encode(DeviceStatus.offline(settings.deviceId())),
                        1, true));
            } catch (MqttLinkException e) {
                log.info("could not publish offline status: {}", e.getMessage());
            }
        }
        connected = false;
        link = null;
        if (l != null) {
            l.close();
        }
    }

    /** Stops the agent: the batches in flight stay in the outbox for next time. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = thread;
        }
        events.offer(new Stop());
        if (t == null) {
            return;
        }
        MqttLink l = link;
        if (l != null && !connected) {
            l.abort(); // a connection attempt in progress would otherwise hold us up
        }
        try {
            t.join(Math.max(5_000, settings.ackTimeoutMillis() + 2_000));
            if (t.isAlive()) {
                log.warn("sync agent did not stop in time; abandoning its connection");
                MqttLink still = link;
                if (still != null) {
                    still.abort();
                }
                t.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Paho's thread calls these: they only queue the event for the agent's thread. */
    private final class Listener implements MqttLink.Listener {
        @Override
        public void messageArrived(String topic, byte[] payload) {
            if (ackTopic.equals(topic)) {
                events.offer(new AckArrived(payload, clock.instant()));
            } else if (configTopic.equals(topic)) {
                events.offer(new ConfigArrived(payload));
            }
        }

        @Override
        public void connectionLost(String reason) {
            events.offer(new ConnectionLost(this, reason));
        }
    }
}
