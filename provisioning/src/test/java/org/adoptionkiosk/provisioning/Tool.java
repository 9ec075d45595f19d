package org.adoptionkiosk.provisioning;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
}
