package org.adoptionkiosk.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class of the project as a real child process, started from the test's own classpath,
 * so a test can kill it as a power cut or the OOM killer would (SIGKILL: no shutdown hooks, no
 * graceful close) or stop it as systemd would (SIGTERM), and start it again on the same data.
 * Its output goes to one log file that every start appends to.
 */
abstract class ChildJvm implements AutoCloseable {
    /** Small heaps and the quick JIT only: many of these share two cores with other people's builds. */
    static final List<String> LEAN_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:-UsePerfData", "-Djava.awt.headless=true");

    final String name;
    final Path log;
    private final List<String> command;
    private volatile Process process;
    private int starts;

    ChildJvm(String name, Path log, String heap, String mainClass, List<String> args) {
        this.name = name;
        this.log = log;
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx" + heap);
        c.addAll(LEAN_JVM);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.addAll(args);
        this.command = List.copyOf(c);
    }

    /** Starts the process and waits until it is ready. */
    final synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        long from = Files.exists(log) ? Files.size(log) : 0;
        Files.writeString(log, "--- chaos: start " + (++starts) + " of " + name + " at " + java.time.Instant.now() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitReady(process, from);
    }

    /** Waits until the freshly started process answers; throws with the log's tail if it cannot. */
    abstract void awaitReady(Process p, long logOffset) throws Exception;

    int starts() {
        return starts;
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + p.pid() + ") survived SIGKILL for 20 s");
        }
    }

    /** SIGTERM, as systemd stops it; SIGKILL only if it has not finished after {@code seconds}. */
    boolean stop(int seconds) throws InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return true;
        }
        p.destroy();
        if (p.waitFor(seconds, TimeUnit.SECONDS)) {
            return true;
        }
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /** The last lines of the log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    /** The log written since {@code offset}. */
    String logSince(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 4 * 1024 * 1024)];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(20);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
