package org.adoptionkiosk.e2e;

import org.adoptionkiosk.hub.StandaloneBroker;
import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestBroker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
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
}
