package org.adoptionkiosk.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real child process a test starts, kills as a power cut or the OOM killer would (SIGKILL: no
 * shutdown hooks, no graceful close) or stops as systemd would (SIGTERM), and starts again on the
 * same files. Its output goes to one log file that every start appends to, after a line saying
 * which start it is. A subclass says when a freshly started process is ready.
 */
public abstract class ChildProcess implements AutoCloseable {
    /** Small heaps and the quick JIT only: many child JVMs share two cores with other builds. */
    public static final List<String> LEAN_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:-UsePerfData", "-Djava.awt.headless=true");

    private final String name;
    private final Path log;
    private final List<String> command;
    private volatile Process process;
    private volatile int starts;

    protected ChildProcess(String name, Path log, List<String> command) {
        this.name = name;
        this.log = log;
        this.command = List.copyOf(command);
    }

    /** {@code java} of this JVM running {@code mainClass} of the test's own classpath. */
    public static List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(jvmOptions);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.addAll(args);
        return c;
    }

    /** The same with a heap of {@code heap} (as {@code -Xmx} takes it) and {@link #LEAN_JVM}. */
    public static List<String> leanJava(String heap, String mainClass, List<String> args) {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heap);
        options.addAll(LEAN_JVM);
        return javaCommand(options, mainClass, args);
    }

    /** A TCP port free on this machine a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Starts the process and waits until it is ready. */
    public final synchronized void start() throws Exception {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        long from = Files.exists(log) ? Files.size(log) : 0;
        Files.writeString(log, "--- start " + (starts + 1) + " of " + name + " at " + Instant.now() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process = p;
        starts++;
        started(p);
        awaitReady(p, from);
    }

    /** Called as soon as the process exists, before it is ready; nothing by default. */
    protected void started(Process p) throws IOException {
    }

    /**
     * Waits until the freshly started process answers, or throws (with the log's tail) when it
     * cannot; {@code logOffset} is where this start's output begins in the log.
     */
    protected abstract void awaitReady(Process p, long logOffset) throws Exception;

    /** Fails at once if {@code p} has ended: for an {@link Await} on a process that is starting. */
    protected final void requireAlive(Process p) {
        if (!p.isAlive()) {
            throw new AssertionError(name + " exited with " + p.exitValue() + " while starting:\n" + tail(40));
        }
    }

    public final String name() {
        return name;
    }

    public final Path log() {
        return log;
    }

    /** 1 after the first start, 2 after the first restart, and so on. */
    public final int starts() {
        return starts;
    }

    public final boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public final long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + p.pid() + ") survived SIGKILL for 20 s");
        }
    }

    /** SIGTERM, as systemd stops it; SIGKILL only if it has not finished after {@code seconds}. False then. */
    public boolean stop(int seconds) throws InterruptedException {
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
    public final String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The log written since {@code offset} (at most its first 4 MiB). */
    public final String logSince(long offset) throws IOException {
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

    /** Stops it as systemd would, waiting up to 20 s before SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        stop(20);
    }
}
