package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.RealServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto of this machine, run by the test on the configuration {@code hub init} wrote
 * (its TLS listener on a free port), so the machine's own broker on 1883 is never touched.
 */
final class Mosquitto implements AutoCloseable {
    private final Path binary;
    private final Path conf;
    private final Path log;
    private final Path pidFile;
    private final int port;
    private Process process;

    Mosquitto(Path conf, int port) throws Exception {
        this.binary = RealServices.program("mosquitto", "/usr/sbin/mosquitto", "/usr/bin/mosquitto");
        this.conf = conf;
        this.port = port;
        this.log = conf.resolveSibling("mosquitto.log");
        this.pidFile = conf.resolveSibling("mosquitto.test.pid");
        start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private void start() throws Exception {
        process = new ProcessBuilder(binary.toString(), "-v", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Files.writeString(pidFile, process.pid() + "\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mosquitto did not listen on " + port + ":\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** What `device add --reload-pid-file` is given: this broker's pid. */
    Path pidFile() {
        return pidFile;
    }

    boolean alive() {
        return process.isAlive();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
