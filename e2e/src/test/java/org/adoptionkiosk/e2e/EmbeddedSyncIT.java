package org.adoptionkiosk.e2e;

import org.adoptionkiosk.hub.StandaloneBroker;
import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestBroker;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scenarios on what runs on a fresh machine: the embedded Moquette broker and the hub on H2
 * in its data folder.
 */
class EmbeddedSyncIT extends SyncScenarios {
    private StandaloneBroker broker;
    /** Every broker this test started, by URL: each knows its own devices and the hub's password. */
    private final Map<String, StandaloneBroker> brokers = new HashMap<>();

    @Override
    String brokerUrl() throws Exception {
        if (broker == null) {
            broker = closeLater(known(new StandaloneBroker(dir.resolve("broker"))));
        }
        return broker.url();
    }

    @Override
    TestBroker restartableBroker() throws Exception {
        return known(new StandaloneBroker(dir.resolve("broker-restartable")));
    }

    private StandaloneBroker known(StandaloneBroker b) {
        brokers.put(b.url(), b);
        return b;
    }

    private StandaloneBroker at(String url) {
        StandaloneBroker b = brokers.get(url);
        if (b == null) {
            throw new AssertionError("no broker of this test at " + url);
        }
        return b;
    }

    @Override
    List<String> hubBrokerArgs(String brokerUrl) {
        return at(brokerUrl).hubArgs();
    }

    @Override
    Path devicePasswordFile(String brokerUrl, String device) throws Exception {
        return at(brokerUrl).passwordFile(device);
    }

    @Override
    RawMqtt rawClient(String brokerUrl, String device) throws Exception {
        return at(brokerUrl).connect(device);
    }

    @Override
    RawMqtt watcher(String brokerUrl) throws Exception {
        return at(brokerUrl).connectAsHub();
    }

    @Override
    List<String> storeArgs() {
        return List.of();
    }

    /** What one run of {@code java -jar sync-hub.jar …} said and how it ended. */
    record Run(int exit, String out, String err) {
    }

    /** The hub's command line as a real child JVM, from this classpath (what sync-hub.jar runs). */
    static Run hubCommand(String... args) throws Exception {
        Process p = new ProcessBuilder(ChildProcess.javaCommand(List.of(), "org.adoptionkiosk.hub.Main", List.of(args)))
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ended");
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void deviceAddOnTheCommandLineLetsARealKioskInAndItSyncs() throws Exception {
        Path hubDir = dir.resolve("hub");
        Path passwordFile = dir.resolve(deviceId + ".broker-password");
        Run add = hubCommand("device", "add", "--device-id", deviceId, "--password-file", passwordFile.toString(),
                "--data", hubDir.toString());
        assertEquals(0, add.exit(), add::toString);
        assertEquals("", add.err(), "nothing on stderr");
        assertEquals(1, add.out().strip().lines().count(), () -> "one line: " + add.out());
        assertTrue(add.out().contains(deviceId) && add.out().contains(passwordFile.toString()), add.out());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwordFile));
        String password = Files.readAllLines(passwordFile).get(0);
        assertTrue(password.length() >= 32, "a long random password");

        Run again = hubCommand("device", "add", "--device-id", deviceId + "-2", "--password-file",
                passwordFile.toString(), "--data", hubDir.toString());
        assertEquals(2, again.exit(), again::toString);
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(password, Files.readAllLines(passwordFile).get(0), "the file is left as it was");

        // The hub with its own embedded broker, on the store the command wrote to.
        startHubWith(List.of("--http-port", "0", "--mqtt-port", "0", "--data", hubDir.toString(),
                "--instance-id", deviceId));
        try (Connection c = hub().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT broker_password_hash FROM device_registry WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "registered");
                String hash = rs.getString(1);
                assertTrue(hash.startsWith("$2y$"), "a bcrypt hash is kept: " + hash);
                assertFalse(hash.contains(password), "never the password itself");
            }
        }
        KioskProcess kiosk = startKiosk(hub().brokerUrl(), hubDir.resolve("hub-public.keyset.json"), 5, passwordFile);
        capture(kiosk, 0, 6);
        awaitDrained(kiosk, 7);
    }
    // --- Several batches in flight (--sync-window) -----------------------------------------------

    /**
     * With the hub away the kiosk fills its window and then only sends it again from the head: the
     * highest seq it ever sends is W x batch size (W batches of 50 in flight, nothing beyond them).
     * Then the hub comes and 5,000 records drain, each stored once and settled on the kiosk.
     */
    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {1, 8})
    void aWindowOfBatchesInFlightThenFiveThousandRecordsStoredOnceAndSynced(int window) throws Exception {
        syncWindow = window;
        String broker = brokerUrl();
        KioskProcess kiosk = startKiosk(broker, 50); // makes the hub's keys, then no hub
        long lastOfWindow = window * 50L;
        long[] maxSent = {0};
        int[] lastSentTimes = {0};
        Set<UUID> ids;
        try (RawMqtt watcher = watcher(broker)) {
            watcher.subscribe(Topics.records(deviceId));
            ids = captureConcurrently(kiosk, 5_000);
            // Sent twice: an ack time-out passed with the window full, and nothing went beyond it.
            Await.atMost(DRAIN).until("the window's last record sent twice", () -> {
                for (RawMqtt.Message m = watcher.poll(0); m != null; m = watcher.poll(0)) {
                    for (KioskRecord r : codec.decodeBatch(m.payload()).records()) {
                        maxSent[0] = Math.max(maxSent[0], r.seq());
                        if (r.seq() == lastOfWindow) {
                            lastSentTimes[0]++;
                        }
                    }
                }
                return lastSentTimes[0] >= 2;
            });
        }
        assertEquals(lastOfWindow, maxSent[0], "W batches of 50 in flight at most, and the window filled");

        startHub(broker);
        awaitDrained(kiosk, 5_000);
        assertExactlyOnce(ids);
        assertEquals(0, kiosk.status().path("rejected").asLong(-1), "every record synced, none rejected");
    }

    /** The hub stops with batches in flight (their acks never come) and starts again: each record once. */
    @Test
    void theHubRestartedMidDrainWithBatchesInFlightStoresEachRecordOnce() throws Exception {
        syncWindow = 8;
        String broker = brokerUrl();
        KioskProcess kiosk = startKiosk(broker, 5);
        Set<UUID> ids = captureConcurrently(kiosk, 1_000);

        startHub(broker);
        Await.atMost(DRAIN).until("the drain to start", () -> hubCount() > 0);
        long atStop = hubCount();
        stopHub();
        assertTrue(atStop < 1_000, "the hub stopped mid-drain (" + atStop + " of 1000 stored)");
        assertTrue(kiosk.backlog() > 0, "records still waiting on the kiosk");

        startHub(broker);
        awaitDrained(kiosk, 1_000);
        assertExactlyOnce(ids);
        assertEquals(0, kiosk.status().path("rejected").asLong(-1));
    }

    @Test
    void theBrokerRestartedMidDrainWithAWindowOf8() throws Exception {
        syncWindow = 8;
        brokerRestartMidDrainLosesNothing();
    }

    @Test
    void theKioskKilledMidDrainWithAWindowOf8() throws Exception {
        syncWindow = 8;
        kioskProcessKilledMidDrainLosesAndDuplicatesNothing();
    }

    /**
     * A record the hub must refuse (its seq already taken at the hub by another record) rides in a
     * batch among others: just it is dead-lettered and kept on the kiosk as rejected; the window
     * carries on and everything else is stored and synced.
     */
    @Test
    void aRejectedRecordInOneBatchIsDeadLetteredAloneWhileTheWindowCarriesOn() throws Exception {
        syncWindow = 8;
        String broker = brokerUrl();
        startHub(broker);
        UUID squatter = UUID.randomUUID();
        try (RawMqtt raw = rawClient(broker, deviceId)) {
            raw.subscribe(Topics.ack(deviceId));
            KioskRecord taken = new KioskRecord(squatter, 37, RecordType.SIGNIN, Instant.now(), UUID.randomUUID(), 1,
                    null, Lang.EN, WireCodec.SCHEMA, Map.of("localAuthority", "conwy", "privacyVersion", "2026-11"),
                    null);
            raw.publish(Topics.records(deviceId), codec.encode(new RecordBatch(WireCodec.SCHEMA, deviceId,
                    UUID.randomUUID(), taken.bootId(), List.of(taken))));
            assertTrue(raw.next(30) != null, "the hub acked the record holding seq 37");
        }
        KioskProcess kiosk = startKiosk(broker, 10);
        Set<UUID> ids = captureConcurrently(kiosk, 200);

        awaitDrained(kiosk, 200); // 199 of the kiosk's and the one that took seq 37
        List<com.fasterxml.jackson.databind.JsonNode> dead = deadLetters(deviceId);
        assertEquals(1, dead.size(), dead::toString);
        assertTrue(dead.get(0).get("reason").asText().contains("seq 37"), dead::toString);
        assertEquals(1, kiosk.status().path("rejected").asLong(-1), "the kiosk keeps it as rejected");
        Set<UUID> stored = new HashSet<>();
        try (Connection c = hub().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM records WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                }
            }
        }
        assertTrue(stored.remove(squatter));
        assertEquals(199, stored.size());
        assertTrue(ids.containsAll(stored), "the rest of the kiosk's records, each once");
    }
}
