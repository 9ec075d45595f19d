package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.web.ScreenTimings;
import org.adoptionkiosk.protocol.RegionMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplianceConfigTest {
    @TempDir
    Path dir;
    private Path key;

    @BeforeEach
    void keyFile() throws Exception {
        key = Files.writeString(dir.resolve("hub.json"), "{}");
    }

    private String[] required(String... more) {
        String[] base = {"--device-id", "kiosk-01", "--broker", "tcp://127.0.0.1:1883", "--hub-key", key.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void defaults() {
        ApplianceConfig c = ApplianceConfig.parse(required(), Map.of());
        assertEquals(8080, c.httpPort());
        assertEquals(Path.of("data", "kiosk"), c.dataDir());
        assertEquals("kiosk-01", c.brokerUsername(), "username defaults to the device id");
        assertNull(c.brokerPassword());
        assertNull(c.eventId());
        assertEquals(500, c.batchSize());
        assertEquals(10_000, c.ackTimeoutMillis());
        assertEquals(30_000, c.statusIntervalMillis());
        assertNull(c.regionsFile());
        assertEquals("127.0.0.1", c.bindHost());
        assertTrue(c.syncOnStart());
        assertEquals(new ScreenTimings(60, 30, 20), c.screen());
        assertEquals("auto", c.hardware());
        assertNull(c.pins());
        assertNull(c.staffPinHash());
        assertNull(c.region());
        assertNull(c.site());
    }

    @Test
    void regionAndSiteAreCheckedAgainstTheRegionsMap() throws Exception {
        ApplianceConfig c = ApplianceConfig.parse(required("--region", "north-wales", "--site", "north-wales-hub"),
                Map.of());
        assertEquals("north-wales", c.region());
        assertEquals("north-wales-hub", c.site());
        c = ApplianceConfig.parse(required(), Map.of("KIOSK_REGION", "western-bay", "KIOSK_SITE", "western-bay-hub"));
        assertEquals("western-bay", c.region());
        assertEquals("western-bay-hub", c.site());
        c = ApplianceConfig.parse(required("--site", "vale-valleys-cardiff-hub"), Map.of());
        assertEquals("vale-valleys-cardiff", c.region(), "a site names its region");
        c = ApplianceConfig.parse(required("--region", "south-east-wales"), Map.of());
        assertEquals("south-east-wales", c.region());
        assertNull(c.site());

        assertMessage("--region gwynedd is not a region of the regions map", required("--region", "gwynedd"));
        assertMessage("north-wales, south-east-wales", required("--region", "gwynedd"));
        assertMessage("--site western-bay-hub is not an office of region north-wales; its offices are: north-wales-hub",
                required("--region", "north-wales", "--site", "western-bay-hub"));
        assertMessage("--site llandudno is not an office in the regions map", required("--site", "llandudno"));

        // Another service's structure: an English regional agency with hub and spoke offices.
        Path england = dir.resolve("england.json");
        try (InputStream in = RegionMap.class.getResourceAsStream("/regions/england-example.json")) {
            Files.copy(in, england);
        }
        c = ApplianceConfig.parse(required("--regions", england.toString(), "--region", "example-raa-north",
                "--site", "ashbrook-spoke"), Map.of());
        assertEquals("ashbrook-spoke", c.site());
        assertMessage("--region north-wales is not a region", required("--regions", england.toString(),
                "--region", "north-wales"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{}");
        assertMessage("--regions " + broken + " is not a regions map", required("--regions", broken.toString(),
                "--region", "north-wales"));
    }

    @Test
    void aPlaceGivenInCodeIsCheckedWhenTheKioskStarts() throws Exception {
        ApplianceConfig config = TestKiosk.config(dir.resolve("data"), HubKeys.create(dir)).withPlace("atlantis", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestKiosk.start(config));
        assertTrue(e.getMessage().startsWith("--region atlantis"), e.getMessage());
    }

    @Test
    void hardwareAndStaffPin() {
        String hash = org.adoptionkiosk.appliance.staff.PinHash.hash("2468", 1_000, new java.security.SecureRandom());
        ApplianceConfig c = ApplianceConfig.parse(required("--hardware", "simulated", "--pins", "help=5,motion=6"),
                Map.of("KIOSK_STAFF_PIN_HASH", hash));
        assertEquals("simulated", c.hardware());
        assertEquals("help=5,motion=6", c.pins());
        assertEquals(hash, c.staffPinHash());
        assertFalse(c.toString().contains(hash), "the hash never shows");
        assertMessage("--hardware must be pi, simulated or auto", required("--hardware", "arduino"));
        assertMessage("--pins: ", required("--pins", "help=99"));
        assertMessage("--staff-pin-hash is not a PIN hash", required("--staff-pin-hash", "2468"));
    }

    @Test
    void screenTimings() {
        ApplianceConfig c = ApplianceConfig.parse(required("--idle-seconds", "90", "--idle-warning-seconds", "45",
                "--thanks-seconds", "10"), Map.of());
        assertEquals(new ScreenTimings(90, 45, 10), c.screen());
        assertEquals(new ScreenTimings(120, 30, 20),
                ApplianceConfig.parse(required(), Map.of("KIOSK_IDLE_SECONDS", "120")).screen());
        assertMessage("--idle-warning-seconds must be at least 20", required("--idle-warning-seconds", "10"));
        assertMessage("--idle-seconds must be between 1 and 3600", required("--idle-seconds", "0"));
        assertMessage("--thanks-seconds must be a whole number", required("--thanks-seconds", "soon"));
    }

    @Test
    void everyOptionFromTheCommandLine() throws Exception {
        Path regions = Files.writeString(dir.resolve("regions.json"), "{}");
        ApplianceConfig c = ApplianceConfig.parse(required("--http-port", "0", "--data", dir.toString(),
                "--broker-username", "k1", "--broker-password", "s3cret", "--event-id", "eisteddfod-2026",
                "--batch-size", "200", "--ack-timeout-ms=2500", "--status-interval-ms", "1000",
                "--regions", regions.toString(), "--bind", "0.0.0.0", "--no-sync"), Map.of());
        assertEquals(0, c.httpPort());
        assertEquals(dir, c.dataDir());
        assertEquals("k1", c.brokerUsername());
        assertEquals("s3cret", c.brokerPassword());
        assertEquals("eisteddfod-2026", c.eventId());
        assertEquals(200, c.batchSize());
        assertEquals(2500, c.ackTimeoutMillis());
        assertEquals(1000, c.statusIntervalMillis());
        assertEquals(regions, c.regionsFile());
        assertEquals("0.0.0.0", c.bindHost());
        assertFalse(c.syncOnStart());
        assertFalse(c.toString().contains("s3cret"), "the password never shows");
    }

    @Test
    void environmentFillsInWhatTheCommandLineLeavesOut() {
        Map<String, String> env = Map.of(
                "KIOSK_DEVICE_ID", "kiosk-env",
                "KIOSK_BROKER", "ssl://hub.example:8883",
                "KIOSK_HUB_KEY", key.toString(),
                "KIOSK_BROKER_PASSWORD", "from-env",
                "KIOSK_HTTP_PORT", "9090",
                "KIOSK_BATCH_SIZE", "50",
                "KIOSK_SYNC_WINDOW", "8",
                "KIOSK_NO_SYNC", "true");
        ApplianceConfig c = ApplianceConfig.parse(new String[]{"--http-port", "9191"}, env);
        assertEquals("kiosk-env", c.deviceId());
        assertEquals("ssl://hub.example:8883", c.brokerUrl());
        assertEquals("from-env", c.brokerPassword());
        assertEquals(9191, c.httpPort(), "the command line wins");
        assertEquals(50, c.batchSize());
        assertEquals(8, c.syncWindow());
        assertFalse(c.syncOnStart());
    }

    @Test
    void clearErrors() {
        assertMessage("--device-id is required", new String[]{"--broker", "tcp://h:1", "--hub-key", key.toString()});
        assertMessage("--broker is required", new String[]{"--device-id", "k1", "--hub-key", key.toString()});
        assertMessage("--hub-key is required", new String[]{"--device-id", "k1", "--broker", "tcp://h:1"});
        assertMessage("--device-id must be", new String[]{"--device-id", "Kiosk_01", "--broker", "tcp://h:1",
                "--hub-key", key.toString()});
        assertMessage("--device-id is given twice", required("--device-id", "kiosk-02"));
        assertMessage("--device-id must be", new String[]{"--device-id", "k/1", "--broker", "tcp://h:1",
                "--hub-key", key.toString()});
        assertMessage("no such file", new String[]{"--device-id", "k1", "--broker", "tcp://h:1",
                "--hub-key", dir.resolve("missing.json").toString()});
        assertMessage("--broker must look like", new String[]{"--device-id", "k1", "--broker", "http://h:1",
                "--hub-key", key.toString()});
        assertMessage("--http-port must be a port number from 0 to 65535, not 'eighty'", required("--http-port", "eighty"));
        assertMessage("--http-port must be a port number from 0 to 65535, not '70000'", required("--http-port", "70000"));
        assertMessage("--batch-size must be between 1 and 1000", required("--batch-size", "5000"));
        assertMessage("unknown option '--colour'", required("--colour", "red"));
        assertMessage("--event-id needs a value", required("--event-id"));
        assertMessage("unexpected argument 'extra'", required("extra"));
        assertMessage("--ack-timeout-ms must be at least", required("--ack-timeout-ms", "5"));
        assertMessage("--sync-window must be between 1 and 16, not 0", required("--sync-window", "0"));
        assertMessage("--sync-window must be between 1 and 16, not 17", required("--sync-window", "17"));
    }

    @Test
    void syncWindowDefaultsToFourAndTakesOneToSixteen() {
        assertEquals(4, ApplianceConfig.parse(required(), Map.of()).syncWindow());
        assertEquals(1, ApplianceConfig.parse(required("--sync-window", "1"), Map.of()).syncWindow());
        assertEquals(16, ApplianceConfig.parse(required("--sync-window", "16"), Map.of()).syncWindow());
    }

    @Test
    void deviceIdIsDoubleCheckedEvenWhenBuiltDirectly() {
        assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.defaults(dir, "tcp://h:1", "#", key));
    }

    @Test
    void helpIsRecognisedAndAWrongCommandLineIsOneLineWithExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("KIOSK_HTTP_PORT", "nonsense"))
                .execute("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--device-id"), out::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("KIOSK_DEVICE_ID"), out::toString);
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(2, Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(required("--colour", "red")));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("appliance: unknown option '--colour' (see: java -jar appliance.jar --help)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    private static void assertMessage(String expected, String[] args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.parse(args, Map.of()));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should say '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
