package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.RealServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A private real Mosquitto on a free loopback port, which the test stops with SIGTERM or SIGKILL
 * and starts again on the same port. No persistence: a restart forgets every session and queued
 * message, as a broker that lost its disk would.
 */
final class MosquittoProcess implements AutoCloseable {
    final Path log;
    private final Path config;
    private final int port;
    private Process process;

    MosquittoProcess(Path dir) throws Exception {
        this.port = ChildJvm.freePort();
        Files.createDirectories(dir);
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 10000\nset_tcp_nodelay true\nlog_timestamp_format %H:%M:%S\n");
        start();
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "/usr/bin/mosquitto";
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    synchronized void start() throws Exception {
        Files.writeString(log, "--- chaos: start at " + java.time.Instant.now() + "\n", java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(binary(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process = p;
        Await.until("mosquitto on port " + port, Duration.ofSeconds(20), Duration.ofMillis(20), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("mosquitto exited with " + p.exitValue() + "; see " + log);
            }
            return RealServices.answers("127.0.0.1", port);
        }, () -> "log " + log);
    }

    /** SIGTERM (a clean stop) or SIGKILL (a crash); waits until the process is gone. */
    synchronized void stop(boolean kill) throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop(false);
    }
}
