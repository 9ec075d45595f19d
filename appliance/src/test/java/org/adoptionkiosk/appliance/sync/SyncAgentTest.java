package org.adoptionkiosk.appliance.sync;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.outbox.Outbox;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.NewRecord;
import org.adoptionkiosk.appliance.store.CaptureWriter;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's delivery rules against a stand-in for the broker and hub (the MQTT boundary is
 * faked; the outbox and database are real). The e2e module runs it against the real hub.
 */
class SyncAgentTest {
    private static final String DEVICE = "kiosk-sync";
    private final WireCodec codec = new WireCodec();
    private final UUID bootId = UUID.randomUUID();

    @TempDir
    Path dir;
    private Database db;
    private CaptureWriter store;
    private Outbox outbox;
    private FakeBroker broker;
    private SyncAgent agent;
    private HubKeys hub;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("data"));
        store = new CaptureWriter(db);
        outbox = new Outbox(db, codec, DEVICE, bootId);
        hub = HubKeys.create(dir);
        broker = new FakeBroker(codec, DEVICE, hub);
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
        broker.shutdown();
        db.close();
    }

    private SyncAgent agent(int batchSize, long ackTimeoutMillis) {
        return agent(batchSize, ackTimeoutMillis, 1);
    }

    private SyncAgent agent(int batchSize, long ackTimeoutMillis, int window) {
        SyncAgent.Settings settings = new SyncAgent.Settings(DEVICE, batchSize, ackTimeoutMillis, 60_000, "test")
                .withWindow(window);
        agent = new SyncAgent(settings, outbox, codec, broker::link, new Backoff(5, 50, new Random(1)),
                Clock.systemUTC(), new DeviceHealth(dir, null), () -> KioskState.of("event-1"), ConfigReceiver.NONE,
                hub.verifier());
        return agent;
    }

    private List<UUID> capture(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            store.insert(new NewRecord(id, RecordType.SIGNIN, Instant.now(), bootId, i, "event-1", Lang.EN,
                    WireCodec.SCHEMA, "{\"localAuthority\":\"wrexham\"}", null));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void drainsTheOutboxInBatchesAndReportsStatus() throws Exception {
        List<UUID> ids = capture(1200);
        agent(500, 10_000).start();
        Await.until("backlog drained", () -> outbox.backlog() == 0);

        assertEquals(Set.copyOf(ids), broker.acceptedIds(), "every record reached the hub");
        assertTrue(broker.batches().stream().allMatch(b -> b.records().size() <= 500));
        List<Long> seqs = broker.batches().stream().flatMap(b -> b.records().stream()).map(KioskRecord::seq).toList();
        assertEquals(1L, seqs.get(0));
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "sent in seq order");
        }

        Await.until("status after draining", () -> {
            DeviceStatus s = broker.retainedStatus();
            return s != null && s.online() && Long.valueOf(0).equals(s.backlog());
        });
        DeviceStatus status = broker.retainedStatus();
        assertEquals(DEVICE, status.deviceId());
        assertEquals("event-1", status.eventId());
        assertNotNull(status.lastAckAt());
        assertNotNull(status.diskFreeBytes());
        assertFalse(broker.will().online(), "the last-will says offline");
        assertTrue(broker.willRetained());
        assertTrue(agent.status().brokerConnected());

        // New work after idle is picked up from the capture signal.
        List<UUID> more = capture(3);
        agent.workAvailable();
        Await.until("new captures sent", () -> broker.acceptedIds().containsAll(more));
        Await.until("and settled", () -> outbox.backlog() == 0);
    }

    @Test
    void ignoresAcksForOtherBatchesAndResendsWhenNoAckComes() throws Exception {
        List<UUID> ids = capture(3);
        broker.misbehaveFor(2); // first two batches get an ack for some other batch id
        agent(500, 300).start();
        Await.until("backlog drained", () -> outbox.backlog() == 0);

        List<RecordBatch> sent = broker.batches();
        assertTrue(sent.size() >= 3, "resent after the ack timeout: " + sent.size());
        Set<UUID> batchIds = new HashSet<>();
        for (RecordBatch b : sent) {
            batchIds.add(b.batchId());
            assertEquals(ids, b.records().stream().map(KioskRecord::id).toList(), "the same records each time");
        }
        assertEquals(sent.size(), batchIds.size(), "a fresh batch id for each send");
    }

    @Test
    void keepsTryingUntilTheBrokerIsThere() throws Exception {
        capture(2);
        broker.refuseConnections(3);
        agent(500, 10_000).start();
        Await.until("backlog drained", () -> outbox.backlog() == 0);
        assertEquals(4, broker.connectAttempts());
    }

    @Test
    void reconnectsAfterTheConnectionDrops() throws Exception {
        capture(1);
        agent(500, 10_000).start();
        Await.until("first record", () -> outbox.backlog() == 0);
        broker.dropConnection();
        List<UUID> more = capture(2);
        agent.workAvailable();
        Await.until("sent after reconnecting", () -> broker.acceptedIds().containsAll(more));
        assertEquals(2, broker.connectAttempts());
    }

    @Test
    void learnsTheClockOffsetFromHubTime() throws Exception {
        capture(1);
        broker.hubClockAhead(Duration.ofHours(1));
        agent(500, 10_000).start();
        Await.until("synced", () -> outbox.backlog() == 0);
        Await.until("offset known", () -> agent.status().clockOffsetMillis() != null);
        long offset = agent.status().clockOffsetMillis();
        assertTrue(Math.abs(offset - 3_600_000) < 60_000, "offset " + offset);
    }

    @Test
    void subscribesToItsOwnConfigOnEveryConnection() throws Exception {
        agent(500, 10_000).start();
        Await.until("connected", () -> broker.subscriptions().containsKey(Topics.config(DEVICE)));
        assertEquals(1, broker.subscriptions().get(Topics.config(DEVICE)), "QoS 1");
        assertEquals(1, broker.subscriptions().get(Topics.ack(DEVICE)));
        broker.dropConnection();
        Await.until("reconnected", () -> broker.connectAttempts() == 2 && agent.isConnected());
        Await.until("subscribed again", () -> broker.subscriptions().containsKey(Topics.config(DEVICE)));
    }

    @Test
    void aBrokerThatRefusesTheConfigTopicStillGetsEveryRecordAndTheStatusSaysSo() throws Exception {
        List<UUID> ids = capture(3);
        broker.refuseSubscription(Topics.config(DEVICE));
        agent(500, 10_000).start();
        Await.until("backlog drained", () -> outbox.backlog() == 0);
        assertTrue(broker.acceptedIds().containsAll(ids));
        assertEquals(1, broker.connectAttempts(), "no reconnecting over it");
        Await.until("status says so", () -> broker.retainedStatus() != null
                && SyncAgent.CONFIG_NOT_SUBSCRIBED.equals(broker.retainedStatus().configError()));
    }

    @Test
    void saysOfflineWhenStopped() throws Exception {
        agent(500, 10_000).start();
        Await.until("online", () -> broker.retainedStatus() != null && broker.retainedStatus().online());
        agent.close();
        assertFalse(broker.retainedStatus().online());
        assertFalse(agent.isConnected());
    }

    /**
     * Only the hub's acks settle records: an ack for the batch in flight that the hub did not sign
     * (unsigned, signed by another key, or the hub's signature for another kiosk's topic) changes
     * nothing, is counted and reported in the status; the hub's own ack still settles the batch.
     */
    @Test
    void acksTheHubDidNotSignAreIgnoredCountedAndReported() throws Exception {
        List<UUID> ids = capture(3);
        broker.holdAcks(true);
        agent(10, 60_000).start();
        Await.until("a batch in flight", () -> !broker.batches().isEmpty());
        RecordBatch inFlight = broker.batches().get(0);
        byte[] ack = codec.encode(new Ack(inFlight.batchId(), ids, List.of(), 3, Instant.now()));
        HubKeys stranger = HubKeys.create(java.nio.file.Files.createTempDirectory(dir, "stranger"));
        broker.sendForgedAck(ack);
        broker.sendForgedAck(stranger.sign(codec, Topics.ack(DEVICE), ack));
        broker.sendForgedAck(hub.sign(codec, Topics.ack("another-kiosk"), ack));
        Await.until("three forged acks counted", () -> agent.forgedAcks() == 3);
        assertEquals(3, outbox.backlog(), "no record settled by a forged ack");
        agent.syncNow();
        Await.until("the status reports them", () -> {
            DeviceStatus s = broker.retainedStatus();
            return s != null && Long.valueOf(3).equals(s.forgedAcks());
        });

        broker.sendForgedAck(hub.sign(codec, Topics.ack(DEVICE), ack));
        Await.until("the hub's own ack settles the batch", () -> outbox.backlog() == 0);
        assertEquals(3, agent.forgedAcks());
    }
    /** The hub's signed ack of every record of {@code b}, as the hub would send it. */
    private void ack(RecordBatch b) throws Exception {
        List<UUID> ids = b.records().stream().map(KioskRecord::id).toList();
        broker.sendForgedAck(hub.sign(codec, Topics.ack(DEVICE),
                codec.encode(new Ack(b.batchId(), ids, List.of(), 0, Instant.now()))));
    }

    @Test
    void aWindowKeepsSeveralDistinctBatchesInFlightAndSettlesAcksInAnyOrder() throws Exception {
        List<UUID> ids = capture(100);
        broker.holdAcks(true);
        agent(10, 60_000, 4).start();
        Await.until("four batches in flight", () -> broker.batches().size() == 4);
        List<RecordBatch> first = List.copyOf(broker.batches());
        List<Long> seqs = first.stream().flatMap(b -> b.records().stream()).map(KioskRecord::seq).toList();
        assertEquals(40, Set.copyOf(seqs).size(), "no record in two batches");
        assertEquals(List.of(1L, 11L, 21L, 31L), first.stream().map(b -> b.records().get(0).seq()).toList(),
                "each batch starts after the one before");

        // The last batch's ack first: exactly its records are settled, and a fifth batch goes.
        ack(first.get(3));
        Await.until("the fourth batch settled", () -> outbox.backlog() == 90);
        Await.until("a fifth batch fills the window", () -> broker.batches().size() == 5);
        assertEquals(41L, broker.batches().get(4).records().get(0).seq());
        assertEquals(first.get(0).records().get(0).capturedAt(), outbox.stats().oldestUnsyncedAt(),
                "the oldest unsynced is still the first batch's first record");
        ack(first.get(1));
        ack(first.get(0));
        Await.until("the first two settled", () -> outbox.backlog() == 70);
        assertEquals(first.get(2).records().get(0).capturedAt(), outbox.stats().oldestUnsyncedAt());
        // A repeated ack settles nothing more and sends nothing beyond the window.
        ack(first.get(0));
        Await.until("window full again", () -> broker.batches().size() == 7);

        broker.holdAcks(false);
        for (RecordBatch b : List.copyOf(broker.batches()).subList(4, 7)) {
            ack(b);
        }
        ack(first.get(2));
        Await.until("drained", () -> outbox.backlog() == 0);
        List<UUID> sent = broker.batches().stream().flatMap(b -> b.records().stream()).map(KioskRecord::id).toList();
        assertEquals(ids.size(), sent.size(), "every record sent once: " + sent.size());
        assertEquals(Set.copyOf(ids), Set.copyOf(sent));
    }

    @Test
    void withAWindowATimeoutSendsWhatIsNotAckedAgainFromTheHead() throws Exception {
        capture(30);
        broker.holdAcks(true);
        agent(10, 1_500, 3).start();
        Await.until("three batches in flight", () -> broker.batches().size() >= 3);
        List<RecordBatch> first = List.copyOf(broker.batches().subList(0, 3));
        ack(first.get(1));
        Await.until("the others resent after the timeout", () -> broker.batches().size() >= 5);
        List<RecordBatch> again = broker.batches().subList(3, 5);
        Set<List<UUID>> resent = new HashSet<>();
        for (RecordBatch b : again) {
            resent.add(b.records().stream().map(KioskRecord::id).toList());
            assertFalse(first.stream().anyMatch(f -> f.batchId().equals(b.batchId())), "a fresh batch id");
        }
        assertEquals(Set.of(first.get(0).records().stream().map(KioskRecord::id).toList(),
                first.get(2).records().stream().map(KioskRecord::id).toList()), resent,
                "from the head: the two unacked batches again, the acked one not");
        broker.holdAcks(false);
        for (RecordBatch b : again) {
            ack(b);
        }
        Await.until("drained", () -> outbox.backlog() == 0);
    }
}
