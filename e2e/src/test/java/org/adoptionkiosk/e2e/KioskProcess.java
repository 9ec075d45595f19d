package org.adoptionkiosk.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The appliance as a real child JVM, so a test can kill it the way a power cut or the OOM killer
 * would (SIGKILL: no shutdown hooks, no graceful close) and start it again on the same data.
 */
final class KioskProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private final int httpPort;
    private Process process;
    private int starts;

    KioskProcess(Path dataDir, String brokerUrl, String deviceId, Path hubKey, int batchSize) throws Exception {
        this(dataDir, brokerUrl, deviceId, hubKey, batchSize, null);
    }

    /** @param passwordFile the kiosk's broker password (its first line), or null to connect without one */
    KioskProcess(Path dataDir, String brokerUrl, String deviceId, Path hubKey, int batchSize, Path passwordFile)
            throws Exception {
        this.httpPort = MosquittoProcess.freePort();
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command = new ArrayList<>(List.of(java.toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "org.adoptionkiosk.appliance.Main",
                "--http-port", String.valueOf(httpPort),
                "--data", dataDir.toString(),
                "--broker", brokerUrl,
                "--device-id", deviceId,
                "--hub-key", hubKey.toString(),
                "--batch-size", String.valueOf(batchSize),
                "--ack-timeout-ms", "1500",
                "--status-interval-ms", "1000"));
        if (passwordFile != null) {
            command.addAll(List.of("--broker-password-file", passwordFile.toString()));
        }
        start();
    }

    void start() throws Exception {
        Files.writeString(log, "--- start " + (++starts) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Http http = new Http();
        Await.until("kiosk /healthz on " + httpPort, Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("kiosk exited with " + process.exitValue() + "; see " + log);
            }
            return http.get(httpPort, "/healthz") != null;
        }, this::tail);
    }

    int httpPort() {
        return httpPort;
    }

    /** SIGKILL: the process gets no chance to tidy up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
