package org.adoptionkiosk.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private real Mosquitto of this machine on a free loopback port, so the machine's own broker
 * on 1883 is never touched: on a configuration of its own ({@link #open}: anonymous, no
 * persistence, so a restart forgets every session and queued message, as a broker that lost its
 * disk would), or on one a test was given ({@link #withConfig}, such as the one provisioning
 * writes). The test may stop it with SIGTERM or SIGKILL and start it again on the same port. Its
 * pid is kept in {@link #pidFile()} at each start, for tools that make it reload.
 */
public final class MosquittoProcess extends ChildProcess implements TestBroker {
    private final int port;
    private final Path pidFile;

    private MosquittoProcess(Path conf, int port, List<String> command) {
        super("mosquitto on " + port, conf.resolveSibling("mosquitto.log"), command);
        this.port = port;
        this.pidFile = conf.resolveSibling("mosquitto.test.pid");
    }

    /** Started on a configuration of its own in {@code dir}; skipped (or failed in CI) without a mosquitto binary. */
    public static MosquittoProcess open(Path dir) throws Exception {
        Path binary = binary();
        int port = freePort();
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 10000\nset_tcp_nodelay true\nlog_timestamp_format %H:%M:%S\n");
        MosquittoProcess m = new MosquittoProcess(conf, port, List.of(binary.toString(), "-c", conf.toString()));
        m.start();
        return m;
    }

    /** Started verbosely on {@code conf}, whose listener is {@code port}; skipped (or failed) as {@link #open}. */
    public static MosquittoProcess withConfig(Path conf, int port) throws Exception {
        MosquittoProcess m = new MosquittoProcess(conf, port, List.of(binary().toString(), "-v", "-c", conf.toString()));
        m.start();
        return m;
    }

    /**
     * Started on {@code conf} as {@link #withConfig} but without {@code -v}: for a benchmark, where a
     * broker that logs every packet would time its own logging.
     */
    public static MosquittoProcess quietWithConfig(Path conf, int port) throws Exception {
        MosquittoProcess m = new MosquittoProcess(conf, port, List.of(binary().toString(), "-c", conf.toString()));
        m.start();
        return m;
    }

    /** The mosquitto binary; skips the test when there is none (fails it with -Dit.require.services=true). */
    public static Path binary() {
        return RealServices.program("mosquitto", "/usr/sbin/mosquitto", "/usr/bin/mosquitto");
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A file holding the running broker's pid. */
    public Path pidFile() {
        return pidFile;
    }

    @Override
    protected void started(Process p) throws IOException {
        Files.writeString(pidFile, p.pid() + "\n");
    }

    @Override
    protected void awaitReady(Process p, long logOffset) throws Exception {
        Await.atMost(Duration.ofSeconds(20)).every(Duration.ofMillis(20)).showing(() -> tail(40))
                .until(name(), () -> {
                    requireAlive(p);
                    return RealServices.answers("127.0.0.1", port);
                });
    }

    /** SIGKILL, then a start on the same port. */
    @Override
    public void restart() throws Exception {
        kill();
        start();
    }

    /** SIGTERM, SIGKILL after 15 s. */
    @Override
    public void close() throws InterruptedException {
        stop(15);
    }
}
