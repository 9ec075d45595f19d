package org.adoptionkiosk.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell script with every system command it calls replaced by a stub on PATH that only
 * writes its name and arguments to a log: the script's decisions can be checked without it
 * changing this machine (no user is added, nothing is deleted, no service is touched).
 */
public final class Stubs {
    public record Run(int code, String output, List<String> calls) {
    }

    private final Path bin;
    private final Path log;

    /**
     * @param exitCodes a command's exit code when it is not 0 (e.g. getent 2: "no such user")
     * @param real      harmless commands the script may run for real (cat, sed…), linked from /usr/bin or /bin
     */
    public Stubs(Path dir, List<String> commands, Map<String, Integer> exitCodes, List<String> real) throws IOException {
        this.bin = dir.resolve("bin");
        this.log = dir.resolve("calls.log");
        Files.createDirectories(bin);
        for (String r : real) {
            Path target = Files.isExecutable(Path.of("/usr/bin", r)) ? Path.of("/usr/bin", r) : Path.of("/bin", r);
            Files.createSymbolicLink(bin.resolve(r), target);
        }
        for (String c : commands) {
            Path stub = bin.resolve(c);
            Files.writeString(stub, "#!/bin/sh\necho \"" + c + " $*\" >> '" + log + "'\nexit "
                    + exitCodes.getOrDefault(c, 0) + "\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    public Run run(Path script, Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
        if (Files.readString(script).startsWith("#!/bin/bash")) {
            command.set(0, "/bin/bash");
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Only the stubs and the shell's own builtins: a command the stubs lack fails loudly.
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish");
        }
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(p.exitValue(), out, calls);
    }
}
