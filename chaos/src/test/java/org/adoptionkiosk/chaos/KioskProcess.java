package org.adoptionkiosk.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The appliance ({@code org.adoptionkiosk.appliance.Main}) as a child JVM on its own data
 * directory and HTTP port, which stay the same across kills and restarts. Capture clients wait at
 * {@link #awaitUp} while it is down.
 */
final class KioskProcess extends ChildJvm {
    final String deviceId;
    final Path dataDir;
    private final int httpPort;
    private final Http http = new Http();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition upChanged = lock.newCondition();
    private boolean up;
    /** 1 for the first start, 2 after the first restart, and so on. */
    private volatile int incarnation;

    private KioskProcess(String deviceId, Path dataDir, Path log, int httpPort, List<String> args) {
        super("kiosk " + deviceId, log, "160m", "org.adoptionkiosk.appliance.Main", args);
        this.deviceId = deviceId;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    static KioskProcess create(Path workDir, String deviceId, String brokerUrl, Path hubPublicKey, long ackTimeoutMs)
            throws Exception {
        int port = freePort();
        Path data = workDir.resolve(deviceId);
        return new KioskProcess(deviceId, data, workDir.resolve(deviceId + ".log"), port, List.of(
                "--http-port", String.valueOf(port),
                "--data", data.toString(),
                "--broker", brokerUrl,
                "--device-id", deviceId,
                "--hub-key", hubPublicKey.toString(),
                "--hardware", "simulated",
                "--ack-timeout-ms", String.valueOf(ackTimeoutMs),
                "--status-interval-ms", "5000"));
    }

    int httpPort() {
        return httpPort;
    }

    int incarnation() {
        return incarnation;
    }

    @Override
    void awaitReady(Process p, long logOffset) throws Exception {
        Await.until(name + " /healthz on port " + httpPort, Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited with " + p.exitValue() + " while starting:\n" + tail(40));
            }
            return http.get(httpPort, "/healthz", Duration.ofSeconds(3)).status() == 200;
        }, () -> tail(40));
        lock.lock();
        try {
            incarnation++;
            up = true;
            upChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void kill() throws InterruptedException {
        markDown();
        super.kill();
    }

    @Override
    boolean stop(int seconds) throws InterruptedException {
        markDown();
        return super.stop(seconds);
    }

    private void markDown() {
        lock.lock();
        try {
            up = false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the kiosk is up (started and answering); false if it is still down after {@code max}. */
    boolean awaitUp(Duration max) throws InterruptedException {
        long left = max.toNanos();
        lock.lock();
        try {
            while (!up) {
                if (left <= 0) {
                    return false;
                }
                left = upChanged.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean isUp() {
        lock.lock();
        try {
            return up;
        } finally {
            lock.unlock();
        }
    }

    /** {@code GET /api/status}: backlog, brokerConnected, lastAckAt… */
    JsonNode status() throws Exception {
        return http.getOk(httpPort, "/api/status");
    }

    long backlog() throws Exception {
        return status().get("backlog").asLong();
    }

    boolean brokerConnected() throws Exception {
        return status().path("brokerConnected").asBoolean(false);
    }

    /** Stops it as systemd would and waits: the H2 file is closed cleanly and can be read afterwards. */
    void stopCleanly() throws InterruptedException {
        if (!stop(30)) {
            throw new IllegalStateException(name + " did not stop within 30 s of SIGTERM; it was killed");
        }
    }
}
