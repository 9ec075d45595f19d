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

    @Test
    void mailIsOffUntilAnSmtpHostIsGivenAndItsSettingsAreCheckedOneLineEach(@TempDir Path dir) throws Exception {
        HubConfig off = HubConfig.parse(new String[0], Map.of());
        assertFalse(off.mail().enabled());
        assertEquals(8, off.mail().hour());

        Path password = dir.resolve("smtp-password");
        java.nio.file.Files.writeString(password, "s3cret words\n");
        HubConfig on = HubConfig.parse(new String[] {"--smtp-host", "smtp.example.org", "--smtp-user", "hub",
                "--smtp-password-file", password.toString(), "--mail-hour", "7"}, Map.of("HUB_MAIL_FROM",
                "adoption-hub@example.org", "HUB_PUBLIC_URL", "https://hub.example.org/", "HUB_SMTP_SECURITY", "tls"));
        assertTrue(on.mail().enabled());
        assertEquals(465, on.mail().smtpPort(), "tls's usual port");
        assertEquals("s3cret words", on.mail().smtpPassword());
        assertEquals("https://hub.example.org", on.mail().publicUrl());
        assertEquals(7, on.mail().hour());
        assertFalse(on.toString().contains("s3cret"), on.toString());
        assertEquals(25, HubConfig.parse(new String[] {"--smtp-host", "localhost", "--smtp-security", "none",
                "--mail-from", "hub@example.org", "--public-url", "http://hub.local:8081"}, Map.of()).mail().smtpPort());
        assertEquals(587, HubConfig.parse(new String[] {"--smtp-host", "localhost", "--mail-from", "hub@example.org",
                "--public-url", "http://hub.local:8081"}, Map.of()).mail().smtpPort());

        String[] base = {"--smtp-host", "localhost", "--mail-from", "hub@example.org", "--public-url", "https://h.example"};
        assertMessage("--smtp-security must be none, starttls or tls, not 'ssl'", concat(base, "--smtp-security", "ssl"));
        assertMessage("--smtp-port must be a port number from 1 to 65535, not '0'", concat(base, "--smtp-port", "0"));
        assertMessage("--mail-from must be one email address, not 'Hub <hub@example.org>'",
                "--smtp-host", "localhost", "--public-url", "https://h.example", "--mail-from", "Hub <hub@example.org>");
        assertMessage("--mail-from is needed with --smtp-host: the From of the emails",
                "--smtp-host", "localhost", "--public-url", "https://h.example");
        assertMessage("--public-url is needed with --smtp-host: the emails link to the dashboard",
                "--smtp-host", "localhost", "--mail-from", "hub@example.org");
        assertMessage("--public-url must be the dashboard's http:// or https:// address, not 'hub.example.org'",
                "--public-url", "hub.example.org");
        assertMessage("--mail-from needs --smtp-host (without it mail is off)", "--mail-from", "hub@example.org");
        assertMessage("--smtp-user needs --smtp-password-file", concat(base, "--smtp-user", "hub"));
        assertMessage("--smtp-password-file needs --smtp-user", concat(base, "--smtp-password-file", password.toString()));
        assertMessage("--smtp-user needs --smtp-security starttls or tls: a password is never sent in clear",
                concat(base, "--smtp-user", "hub", "--smtp-password-file", password.toString(), "--smtp-security", "none"));
        assertMessage("--smtp-password-file " + dir.resolve("none") + ": cannot be read",
                concat(base, "--smtp-user", "hub", "--smtp-password-file", dir.resolve("none").toString()));
        assertMessage("--mail-hour must be a whole hour from 0 to 23, not '24'", "--mail-hour", "24");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.parse(args, Map.of()));
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
