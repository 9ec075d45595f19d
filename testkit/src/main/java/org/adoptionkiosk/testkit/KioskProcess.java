package org.adoptionkiosk.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kiosk ({@code org.adoptionkiosk.appliance.Main}) as a child JVM on its own data directory
 * and HTTP port, which stay the same across kills and restarts; its log is beside the data
 * directory ({@code <data>.log}). Ready once {@code /healthz} answers 200. Clients can wait at
 * {@link #awaitUp} while it is down.
 */
public final class KioskProcess extends ChildProcess {
    private static final String MAIN = "org.adoptionkiosk.appliance.Main";

    private final String deviceId;
    private final Path dataDir;
    private final int httpPort;
    private final Http http = new Http();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition upChanged = lock.newCondition();
    private boolean up;

    private KioskProcess(String deviceId, Path dataDir, int httpPort, List<String> args) {
        super("kiosk " + deviceId, dataDir.resolveSibling(dataDir.getFileName() + ".log"),
                leanJava("160m", MAIN, args));
        this.deviceId = deviceId;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    /**
     * A kiosk not yet started ({@link #start}) on {@code dataDir}, a free HTTP port, the broker and
     * the hub's public key, with {@code options} after those (e.g. {@code --ack-timeout-ms 1500}).
     */
    public static KioskProcess create(Path dataDir, String deviceId, String brokerUrl, Path hubPublicKey,
                                      List<String> options) throws Exception {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--http-port", String.valueOf(port),
                "--data", dataDir.toString(),
                "--broker", brokerUrl,
                "--device-id", deviceId,
                "--hub-key", hubPublicKey.toString()));
        args.addAll(options);
        return new KioskProcess(deviceId, dataDir, port, args);
    }

    public String deviceId() {
        return deviceId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int httpPort() {
        return httpPort;
    }

    /** 1 for the first start, 2 after the first restart, and so on: which run answered a request. */
    public int incarnation() {
        return starts();
    }

    @Override
    protected void awaitReady(Process p, long logOffset) throws Exception {
        Await.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(100)).showing(() -> tail(40))
                .until(name() + " /healthz on port " + httpPort, () -> {
                    requireAlive(p);
                    return http.get(httpPort, "/healthz", Duration.ofSeconds(3)).status() == 200;
                });
        setUp(true);
    }

    @Override
    public void kill() throws InterruptedException {
        setUp(false);
        super.kill();
    }

    @Override
    public boolean stop(int seconds) throws InterruptedException {
        setUp(false);
        return super.stop(seconds);
    }

    private void setUp(boolean now) {
        lock.lock();
        try {
            up = now;
            upChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the kiosk is up (started and answering); false if it is still down after {@code max}. */
    public boolean awaitUp(Duration max) throws InterruptedException {
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

    public boolean isUp() {
        lock.lock();
        try {
            return up;
        } finally {
            lock.unlock();
        }
    }

    /** {@code GET /api/status}: backlog, brokerConnected, lastAckAt, eventId… */
    public JsonNode status() throws Exception {
        return http.getOk(httpPort, "/api/status");
    }

    /** Records captured and not yet acknowledged by the hub. */
    public long backlog() throws Exception {
        return status().get("backlog").asLong();
    }

    public boolean brokerConnected() throws Exception {
        return status().path("brokerConnected").asBoolean(false);
    }

    /** Stops it as systemd would and waits: the H2 file is closed cleanly and can be read afterwards. */
    public void stopCleanly() throws InterruptedException {
        if (!stop(30)) {
            throw new IllegalStateException(name() + " did not stop within 30 s of SIGTERM; it was killed");
        }
    }
}
