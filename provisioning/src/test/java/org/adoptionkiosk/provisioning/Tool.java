package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.ChildProcess;
import java.io.BufferedReader;
import org.adoptionkiosk.testkit.ChildProcess;
import java.io.ByteArrayOutputStream;
import org.adoptionkiosk.testkit.ChildProcess;
import java.io.IOException;
import org.adoptionkiosk.testkit.ChildProcess;
import java.io.PrintStream;
import org.adoptionkiosk.testkit.ChildProcess;
import java.io.StringReader;
import org.adoptionkiosk.testkit.ChildProcess;
import java.io.UncheckedIOException;
import org.adoptionkiosk.testkit.ChildProcess;
import java.nio.charset.StandardCharsets;
import org.adoptionkiosk.testkit.ChildProcess;
import java.nio.file.Files;
import org.adoptionkiosk.testkit.ChildProcess;
import java.nio.file.LinkOption;
import org.adoptionkiosk.testkit.ChildProcess;
import java.nio.file.Path;
import org.adoptionkiosk.testkit.ChildProcess;
import java.nio.file.attribute.PosixFilePermissions;
import org.adoptionkiosk.testkit.ChildProcess;
import java.security.MessageDigest;
import org.adoptionkiosk.testkit.ChildProcess;
import java.security.NoSuchAlgorithmException;
import org.adoptionkiosk.testkit.ChildProcess;
import java.security.SecureRandom;
import org.adoptionkiosk.testkit.ChildProcess;
import java.time.Clock;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.ArrayList;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.HexFormat;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.List;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.Map;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.TreeMap;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.concurrent.TimeUnit;
import org.adoptionkiosk.testkit.ChildProcess;
import java.util.stream.Stream;

/** The provisioning tool run in this JVM as the command line runs it, with its output captured. */
final class Tool {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path dir;
    private final Path hubData;
    private final Map<String, String> env;

    /** @param dir the tool's --dir; hubData the hub's --data (its H2 store and keys) */
    Tool(Path dir, Path hubData, Map<String, String> env) {
        this.dir = dir;
        this.hubData = hubData;
        this.env = env;
    }

    Path dir() {
        return dir;
    }

    Path hubData() {
        return hubData;
    }

    /** With --dir and --data added after the given arguments. */
    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--dir");
        all.add(dir.toString());
        all.add("--data");
        all.add(hubData.toString());
        return raw(env, stdin, all.toArray(String[]::new));
    }

    /** Exactly these arguments. */
    static Result raw(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env,
                new BufferedReader(new StringReader(stdin)), false, new SecureRandom(), Clock.systemUTC()).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and insists on exit 0. */
    Result ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new AssertionError("provisioning " + String.join(" ", args) + " failed: " + r);
        }
        return r;
    }

    /** The device id `device add` printed. */
    static String deviceId(Result added) {
        for (String line : added.out().split("\n")) {
            if (line.startsWith("device ") && line.contains(" registered")) {
                return line.substring("device ".length(), line.indexOf(' ', "device ".length()));
            }
        }
        throw new AssertionError("no device id in: " + added);
    }

    /** hub init for a broker on localhost:port, its files given to this process's own group. */
    Result hubInit(int port, String... more) {
        List<String> a = new ArrayList<>(List.of("hub", "init", "--broker-host", "localhost,127.0.0.1",
                "--broker-port", String.valueOf(port), "--broker-bind", "127.0.0.1",
                "--broker-user", System.getProperty("user.name")));
        a.addAll(List.of(more));
        return ok(a.toArray(String[]::new));
    }

    /**
     * Exactly these arguments, in a JVM of its own as an operator runs the jar: what libraries print
     * to the console themselves (not through the tool's streams) shows here. No HUB_* variable of
     * this machine leaks in; the working directory is {@code workDir}.
     */
    static Result process(Path workDir, Map<String, String> env, String... args) {
        List<String> command = ChildProcess.javaCommand(List.of("-XX:TieredStopAtLevel=1"), Main.class.getName(),
                List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HUB_"));
        pb.environment().putAll(env);
        try {
            Path out = Files.createTempFile(workDir, "process", ".out");
            Path err = Files.createTempFile(workDir, "process", ".err");
            try {
                Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("provisioning " + String.join(" ", args) + " did not finish");
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Everything under {@code root} (hidden files too): each path with its type, mode and, for a
     * file, a hash of its content. Two equal snapshots mean nothing was added, removed or changed.
     */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> all = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return all;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String what = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir " + mode
                        : "file " + mode + " " + HexFormat.of().formatHex(
                                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
                all.put(root.relativize(p).toString(), what);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return all;
    }

    /** The names in a folder (not below it), sorted. */
    static List<String> names(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failure as the tool must report it: one line on standard error, no stack trace, nothing on standard output. */
    static void assertOneLineFailure(Result r, String what) {
        if (r.code() != 1 && r.code() != 2) {
            throw new AssertionError(what + ": exit 1 or 2 expected: " + r);
        }
        List<String> lines = r.err().lines().toList();
        if (lines.size() != 1 || !lines.get(0).startsWith("provisioning: ")) {
            throw new AssertionError(what + ": exactly one line on standard error expected: " + r);
        }
        noStackTrace(r, what);
    }

    static void noStackTrace(Result r, String what) {
        for (String text : List.of(r.out(), r.err())) {
            if (text.contains("\tat ") || text.contains("at org.") || text.contains("at java.")
                    || text.contains("Exception") || text.contains("Caused by")) {
                throw new AssertionError(what + ": a stack trace or an exception's name: " + r);
            }
        }
    }
}
