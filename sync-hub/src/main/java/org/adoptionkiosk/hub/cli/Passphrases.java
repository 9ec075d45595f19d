package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.protocol.options.Cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A passphrase as the hub's commands take one: from a file (its first line), or from an
 * environment variable, never from the command line, where ps would show it.
 */
final class Passphrases {
    private Passphrases() {
    }

    /**
     * The passphrase; null when neither is given (an empty variable counts as not given).
     *
     * @throws IllegalArgumentException (one line, naming the option) for both at once, or a file
     *                                  that cannot be read or is empty
     */
    static String read(String fileOption, String fileValue, String envName, Map<String, String> env) {
        String fromEnv = env.get(envName);
        if (fromEnv != null && fromEnv.isEmpty()) {
            fromEnv = null;
        }
        Path path = Cli.path(fileOption, fileValue);
        if (path == null) {
            return fromEnv;
        }
        if (fromEnv != null) {
            throw new IllegalArgumentException("give either " + fileOption + " or " + envName + ", not both");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(fileOption + " " + path + ": cannot be read");
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
        if (line.isEmpty()) {
            throw new IllegalArgumentException(fileOption + " " + path + " is empty");
        }
        return line;
    }
}
