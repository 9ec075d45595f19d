package org.adoptionkiosk.hub.backup;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program (pg_dump, psql) run for a backup: found in a given folder or on the PATH, its standard
 * error kept (the first few KiB) to say why it failed.
 */
final class PostgresProgram {
    private static final int ERR_KEPT = 8192;

    private final String name;
    private final Process process;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread errReader;

    private PostgresProgram(String name, Process process) {
        this.name = name;
        this.process = process;
        // Read all the time, so a program that says much is never blocked on a full pipe.
        this.errReader = new Thread(() -> keep(process.getErrorStream()), name + "-stderr");
        errReader.setDaemon(true);
        errReader.start();
    }

    /**
     * The program {@code name} in {@code folder}, or else on {@code path}.
     *
     * @throws BackupException saying how to get it
     */
    static Path find(String name, Path folder, String path) throws BackupException {
        if (folder != null) {
            Path p = folder.resolve(name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
            throw new BackupException(name + " is not in --pg-bin " + folder);
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return p;
                }
            }
        }
        throw new BackupException(name + " is not installed (not found on the PATH): install PostgreSQL's client"
                + " programs, the server's major version or later (Debian: sudo apt install postgresql-client), or"
                + " give --pg-bin with their folder");
    }

    /**
     * Starts {@code command} with {@code env} added to this process's environment (and
     * {@code unset} taken out of it), its standard output to {@code output}.
     */
    static PostgresProgram start(List<String> command, Map<String, String> env, List<String> unset,
                              ProcessBuilder.Redirect input, ProcessBuilder.Redirect output) throws BackupException {
        ProcessBuilder pb = new ProcessBuilder(command);
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        pb.redirectInput(input);
        pb.redirectOutput(output);
        String name = Path.of(command.get(0)).getFileName().toString();
        try {
            return new PostgresProgram(name, pb.start());
        } catch (IOException e) {
            throw new BackupException(name + " could not be started: " + e.getMessage(), e);
        }
    }

    Process process() {
        return process;
    }

    /** Waits for the program to end; its exit code. */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        errReader.join(10_000);
        return code;
    }

    /** Ends the program, if it still runs (a backup that failed on our side). */
    void destroy() {
        process.destroyForcibly();
    }

    /** Why it failed, in one line: its first line that says error, else its first line. */
    String reason(int code) {
        String text;
        synchronized (err) {
            text = err.toString(StandardCharsets.UTF_8);
        }
        String first = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = l;
            }
            if (l.contains("error:") || l.contains("ERROR:") || l.contains("FATAL:")) {
                return l;
            }
        }
        return first == null ? name + " ended with exit code " + code : first;
    }

    private void keep(InputStream in) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (err) {
                    int room = ERR_KEPT - err.size();
                    if (room > 0) {
                        err.write(buffer, 0, Math.min(n, room));
                    }
                }
            }
        } catch (IOException e) {
            // The program ended; what it said is kept.
        }
    }
}
