package org.adoptionkiosk.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HubConfigTest {
    @Test
    void defaults() {
        HubConfig c = HubConfig.parse(new String[0], Map.of());
        assertEquals(8081, c.httpPort());
        assertEquals(1883, c.mqttPort());
        assertEquals("127.0.0.1", c.mqttBind());
        assertEquals(Path.of("data/hub").toAbsolutePath().normalize(), c.dataDir());
        assertTrue(c.embeddedBroker());
        assertNull(c.brokerUrl());
        assertEquals("jdbc:h2:file:" + c.dataDir().resolve("hub") + ";WRITE_DELAY=0", c.jdbcUrl());
        assertNull(c.regionsFile());
        assertFalse(c.instanceId().isBlank());
        assertFalse(c.help());
        assertNull(c.metricsPort(), "no /metrics listener unless asked for");
        assertEquals("127.0.0.1", c.metricsBind());
    }

    @Test
    void metricsListener() {
        HubConfig c = HubConfig.parse(new String[] {"--metrics-port", "9481"}, Map.of());
        assertEquals(9481, c.metricsPort());
        assertEquals("127.0.0.1", c.metricsBind(), "loopback unless told otherwise");
        c = HubConfig.parse(new String[0], Map.of("HUB_METRICS_PORT", "0", "HUB_METRICS_BIND", "10.0.0.11"));
        assertEquals(0, c.metricsPort());
        assertEquals("10.0.0.11", c.metricsBind());
        assertNull(HubConfig.parse(new String[0], Map.of("HUB_METRICS_PORT", "")).metricsPort(),
                "left empty in hub.env, the port the unit sets is off");
        assertMessage("--metrics-port must be a port number from 0 to 65535, not 'nine'", "--metrics-port", "nine");
        assertMessage("--metrics-bind needs --metrics-port: without a port there is no /metrics listener",
                "--metrics-bind", "0.0.0.0");
    }

    @Test
    void commandLineBeatsEnvironmentWhichBeatsDefaults() {
        Map<String, String> env = Map.of("HUB_HTTP_PORT", "9000", "HUB_DATA", "/tmp/hub-env",
                "HUB_BROKER_PASSWORD", "s3cret", "HUB_JDBC_URL", "jdbc:postgresql://db:5432/hub?currentSchema=x",
                "HUB_JDBC_PASSWORD", "pw", "HUB_INSTANCE_ID", "hub-a");
        HubConfig c = HubConfig.parse(new String[] {"--http-port", "9100", "--broker=tcp://mq.example:1883",
                "--broker-username", "hub"}, env);
        assertEquals(9100, c.httpPort());
        assertEquals(Path.of("/tmp/hub-env"), c.dataDir());
        assertEquals("tcp://mq.example:1883", c.brokerUrl());
        assertFalse(c.embeddedBroker());
        assertEquals("hub", c.brokerUsername());
        assertEquals("s3cret", c.brokerPassword());
        assertEquals("jdbc:postgresql://db:5432/hub?currentSchema=x", c.jdbcUrl());
        assertEquals("pw", c.jdbcPassword());
        assertEquals("hub-a", c.instanceId());
        assertFalse(c.toString().contains("s3cret"), "passwords stay out of logs");
        assertFalse(c.toString().contains("pw,"));
    }

    @Test
    void defaultH2FileFollowsTheDataDirectory() {
        HubConfig c = HubConfig.parse(new String[] {"--data", "/srv/hub"}, Map.of());
        assertEquals("jdbc:h2:file:/srv/hub/hub;WRITE_DELAY=0", c.jdbcUrl());
    }

    @Test
    void badArgumentsGiveOneClearLine() {
        assertMessage("--http-port must be a port number from 0 to 65535, not 'eighty'", "--http-port", "eighty");
        assertMessage("--mqtt-port must be a port number from 0 to 65535, not '70000'", "--mqtt-port", "70000");
        assertMessage("unknown option '--colour'", "--colour", "blue");
        assertMessage("--data needs a value", "--data");
        assertMessage("--data is given twice", "--data", "/a", "--data=/b");
        assertMessage("unexpected argument 'serve'", "serve");
        assertMessage("give either --mqtt-port (embedded broker) or --broker (external), not both",
                "--mqtt-port", "1884", "--broker", "tcp://mq:1883");
        assertMessage("--broker must look like tcp://host:port (or ssl://, ws://, wss://), not 'mq:1883'",
                "--broker", "mq:1883");
        assertMessage("--retention-days must be a whole number, not 'forever'", "--retention-days", "forever");
        assertMessage("--retention-days must be a whole number of days from 1 to 3650, not '0'",
                "--retention-days", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.parse(new String[0], Map.of("HUB_HTTP_PORT", "-1")));
        assertTrue(e.getMessage().startsWith("--http-port must be a port number"), e.getMessage());
    }

    @Test
    void helpNeedsNothingElse() {
        assertTrue(HubConfig.parse(new String[] {"--help"}, Map.of("HUB_HTTP_PORT", "nonsense")).help());
        String usage = Main.commandLine(System.out, System.err, Map.of(), null, null).getUsageMessage();
        assertTrue(usage.contains("--mqtt-port"), usage);
        assertTrue(usage.contains("HUB_HTTP_PORT"), usage);
    }

    /** The hub takes the broker URLs the kiosk takes: its Paho client speaks all four. */
    @Test
    void theBrokerUrlsOfTheKioskAndTheirSecretsFromFiles(@TempDir Path dir) throws Exception {
        for (String url : new String[] {"tcp://mq:1883", "ssl://mq:8883", "ws://mq:8080/mqtt", "wss://mq/mqtt"}) {
            assertEquals(url, HubConfig.parse(new String[] {"--broker", url}, Map.of()).brokerUrl());
        }
        Path password = Files.writeString(dir.resolve("broker-password"), "from-a-file\n");
        HubConfig c = HubConfig.parse(new String[0], Map.of("HUB_BROKER", "ssl://mq:8883",
                "HUB_BROKER_PASSWORD_FILE", password.toString()));
        assertEquals("from-a-file", c.brokerPassword());
        assertFalse(c.toString().contains("from-a-file"));
        assertTrue(HubConfig.parse(new String[] {"--trust-proxy"}, Map.of()).trustProxy());
        assertTrue(HubConfig.parse(new String[0], Map.of("HUB_TRUST_PROXY", "yes")).trustProxy());
        assertFalse(HubConfig.parse(new String[0], Map.of("HUB_TRUST_PROXY", "false")).trustProxy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.parse(new String[0], Map.of("HUB_TRUST_PROXY", "maybe")));
        assertEquals("--trust-proxy / HUB_TRUST_PROXY must be true or false, not 'maybe'", e.getMessage());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.parse(args, Map.of()));
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
