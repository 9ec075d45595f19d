package org.adoptionkiosk.e2e;

import org.adoptionkiosk.testkit.RealServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A private real Mosquitto on a free port, started by the test so it can be restarted without
 * disturbing the machine's shared one on 1883.
 */
final class MosquittoProcess implements TestBroker {
    private final Path config;
    private final int port;
    private Process process;

    MosquittoProcess(Path dir) throws Exception {
        String binary = binary();
        this.port = freePort();
        this.config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 10000\nset_tcp_nodelay true\n");
        this.process = start(binary);
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "/usr/bin/mosquitto";
    }

    private Process start(String binary) throws Exception {
        Process p = new ProcessBuilder(binary, "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(config.resolveSibling("mosquitto.log").toFile())
                .start();
        Await.until("mosquitto on port " + port, Duration.ofSeconds(10),
                () -> RealServices.answers("127.0.0.1", port));
        return p;
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void restart() throws Exception {
        stop();
        process = start(binary());
    }

    private void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
