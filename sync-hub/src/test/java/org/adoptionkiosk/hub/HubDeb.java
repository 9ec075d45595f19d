package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.RealServices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hub's .deb the build made ({@code sync-hub_<version>_all.deb}), opened with dpkg-deb: its
 * file list, its control files in {@link #control}, its files unpacked under {@link #root}.
 */
final class HubDeb {
    /** A program's exit code and its output (standard output and error together). */
    record Result(int code, String output) {
    }

    final Path deb;
    final List<String> contents;
    final Path control;
    final Path root;

    private HubDeb(Path deb, List<String> contents, Path control, Path root) {
        this.deb = deb;
        this.contents = contents;
        this.control = control;
        this.root = root;
    }

    static HubDeb open(Path tmp) throws Exception {
        Path dpkgDeb = RealServices.program("dpkg-deb", "/usr/bin/dpkg-deb");
        Path dir = Path.of(System.getProperty("hub.deb.dir", "target"));
        Path deb;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("sync-hub_.+_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one sync-hub_<version>_all.deb in " + dir + ": " + debs);
            deb = debs.get(0);
        }
        List<String> contents = ok(List.of(dpkgDeb.toString(), "--contents", deb.toString())).lines().toList();
        Files.createDirectories(tmp);
        Path control = tmp.resolve("DEBIAN");
        Path root = tmp.resolve("root");
        ok(List.of(dpkgDeb.toString(), "-e", deb.toString(), control.toString()));
        ok(List.of(dpkgDeb.toString(), "-x", deb.toString(), root.toString()));
        return new HubDeb(deb, contents, control, root);
    }

    /** The file list's line for {@code path} (mode, owner, size, date, path). */
    String entry(String path) {
        return contents.stream().filter(l -> l.endsWith(" ." + path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not in the package:\n" + String.join("\n", contents)));
    }

    /** An unpacked file of the package, by its installed path. */
    Path file(String path) {
        return root.resolve(path.substring(1));
    }

    /** Runs a program; the environment is this JVM's plus {@code env}. */
    static Result run(List<String> command, Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static String ok(List<String> command) throws IOException, InterruptedException {
        Result r = run(command, Map.of(), "");
        assertEquals(0, r.code(), String.join(" ", command) + ": " + r.output());
        return r.output();
    }

    /** This JVM's java first on PATH, so scripts that run {@code java} use it. */
    static Map<String, String> withThisJava() {
        Map<String, String> env = new HashMap<>();
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + path);
        return env;
    }
}
