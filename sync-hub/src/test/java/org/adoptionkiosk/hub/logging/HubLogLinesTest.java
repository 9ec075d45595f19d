package org.adoptionkiosk.hub.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's log lines as an operator's collector reads them, from the shipped {@code hub-logback.xml}:
 * one line per event whatever the message or stack trace holds, the time in ISO 8601, and JSON lines
 * when asked on the command line or in {@code HUB_LOG_FORMAT}.
 */
class HubLogLinesTest {
    private static final Pattern TEXT_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (TRACE|DEBUG|INFO |WARN |ERROR) .+");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTextEventIsOneLineEvenWithNewlinesInItsMessageAndAStackTrace() throws Exception {
        String line = encode(LogFormat.TEXT, event("first\nINFO forged line\r\nthird", failure()));
        assertEquals(1, line.split("\n", -1).length - 1, "one line, ended by one newline: " + line);
        assertTrue(TEXT_LINE.matcher(line.strip()).matches(), line);
        assertTrue(line.contains("first | INFO forged line | third"), line);
        assertTrue(line.contains("IllegalStateException: outer"), line);
        assertTrue(line.contains("Caused by: java.io.IOException: inner"), line);
        OffsetDateTime.parse(line.substring(0, line.indexOf(' ')));
    }

    @Test
    void aJsonEventIsOneObjectOnOneLineWithAnIsoTime() throws Exception {
        LoggingEvent event = event("first\nsecond \"quoted\"", failure());
        String line = encode(LogFormat.JSON, event);
        assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
        JsonNode node = JSON.readTree(line);
        assertEquals(Instant.ofEpochMilli(event.getTimeStamp()), Instant.parse(node.get("time").asText()));
        assertEquals("WARN", node.get("level").asText());
        assertEquals("org.adoptionkiosk.hub.ingest.RecordsIngest", node.get("loggerName").asText());
        assertEquals("first\nsecond \"quoted\"", node.get("formattedMessage").asText());
        assertEquals("java.lang.IllegalStateException", node.get("throwable").get("className").asText());
        assertFalse(node.has("timestamp") || node.has("sequenceNumber") || node.has("message"), line);
    }

    /** Logback prints its own status on standard out when a configuration has anything to warn about. */
    @Test
    void theShippedConfigurationsHaveNothingToWarnAbout() throws Exception {
        for (LogFormat format : LogFormat.values()) {
            LoggerContext context = configured(format);
            List<String> said = new ArrayList<>();
            for (Status s : context.getStatusManager().getCopyOfStatusList()) {
                if (s.getLevel() >= Status.WARN) {
                    said.add(s.getMessage());
                }
            }
            assertEquals(List.of(), said, format.resource);
            assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
            assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
            context.stop();
        }
    }

    @Test
    void theHubLogsJsonLinesWhenHubLogFormatSaysSo(@TempDir Path dir) throws Exception {
        List<String> lines = runHub(dir, List.of(), Map.of("HUB_LOG_FORMAT", "json"));
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            Instant.parse(node.get("time").asText());
            assertTrue(node.hasNonNull("level") && node.hasNonNull("formattedMessage"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("hub keys match the store")), String.join("\n", lines));
    }

    @Test
    void theHubLogsTextLinesByDefaultAndJsonWithTheOption(@TempDir Path dir) throws Exception {
        List<String> text = runHub(dir.resolve("text"), List.of(), Map.of());
        for (String line : text) {
            assertTrue(TEXT_LINE.matcher(line).matches(), "not a text log line: " + line);
        }
        assertTrue(text.stream().anyMatch(l -> l.contains("hub keys match the store")), String.join("\n", text));

        List<String> json = runHub(dir.resolve("json"), List.of("--log-format", "json"), Map.of());
        assertTrue(json.stream().anyMatch(l -> l.contains("\"formattedMessage\":\"hub keys match the store")),
                String.join("\n", json));
    }

    @Test
    void anUnknownFormatIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(ChildProcess.leanJava("96m", "org.adoptionkiosk.hub.Main",
                List.of("--data", dir.toString(), "--log-format", "xml"))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("--log-format must be text or json, not 'xml'"), out);
    }

    /** Starts the hub, waits until it runs, stops it as systemd would and gives its log lines. */
    private static List<String> runHub(Path dir, List<String> options, Map<String, String> env) throws Exception {
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(List.of("--data", dir.resolve("data").toString(),
                "--http-port", "0", "--mqtt-port", "0"));
        args.addAll(options);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder b = new ProcessBuilder(ChildProcess.leanJava("128m", "org.adoptionkiosk.hub.Main", args))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("HUB_"));
        b.environment().putAll(env);
        Process p = b.start();
        try {
            Await.until("the hub runs", () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the hub ended: " + read(out) + read(err));
                }
                return read(out).contains("sync-hub running");
            });
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the hub stops on SIGTERM");
        }
        assertFalse(read(out).contains("ch.qos.logback"), "Logback had something to say: " + read(out));
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty(), "the hub logged nothing");
        return lines;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** {@code event} as the shipped configuration of {@code format} writes it. */
    private static String encode(LogFormat format, ILoggingEvent event) throws Exception {
        LoggerContext context = configured(format);
        OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
        String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
        context.stop();
        return line;
    }

    private static LoggerContext configured(LogFormat format) throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(HubLogLinesTest.class.getResource("/" + format.resource));
        return context;
    }

    private static LoggingEvent event(String message, Throwable t) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ch.qos.logback.classic.Logger logger = context.getLogger("org.adoptionkiosk.hub.ingest.RecordsIngest");
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, t, null);
        e.setTimeStamp(Instant.parse("2026-12-03T09:15:30.123Z").toEpochMilli());
        return e;
    }

    private static Throwable failure() {
        return new IllegalStateException("outer", new IOException("inner"));
    }
}
