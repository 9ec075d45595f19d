package org.adoptionkiosk.provisioning;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** {@code --reload-pid-file FILE}: Mosquitto's pid file, to send it SIGHUP when its files change. */
final class ReloadOption {
    static final Pattern PID = Pattern.compile("[0-9]{1,10}");

    @Option(names = "--reload-pid-file", paramLabel = "FILE",
            description = "Mosquitto's pid file: send it SIGHUP so it reads the changed password and ACL files "
                    + "(otherwise run `systemctl reload mosquitto`)")
    String file;

    /** The pid file, checked to hold a pid; null when none is given. */
    Path pidFile() throws UsageError {
        if (file == null) {
            return null;
        }
        Path pidFile;
        try {
            pidFile = Path.of(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageError("--reload-pid-file '" + file + "' is not a usable path");
        }
        String pid;
        try {
            pid = Files.isRegularFile(pidFile) ? Files.readString(pidFile).strip() : null;
        } catch (IOException | RuntimeException e) {
            pid = null;
        }
        if (pid == null) {
            throw new UsageError("--reload-pid-file " + pidFile + ": no readable file");
        }
        if (!PID.matcher(pid).matches()) {
            throw new UsageError("--reload-pid-file " + pidFile + " holds no pid (give Mosquitto's pid file)");
        }
        return pidFile;
    }
}
