package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The passphrase of the hub's encrypted sealing key: from a file, or from the environment, never
 * from the command line (where ps would show it).
 */
public final class KeyOptions {
    /** The passphrase itself: an environment variable only. */
    public static final String PASSPHRASE_ENV = "HUB_KEY_PASSPHRASE";

    @Option(names = "--key-passphrase-file", paramLabel = "FILE",
            description = "the passphrase of an encrypted sealing key, on the file's first line (or the passphrase "
                    + "itself in " + PASSPHRASE_ENV + ")")
    String file;

    /** The passphrase; null for the plain mode-600 keyset. */
    public String passphrase(Map<String, String> env) {
        String fromEnv = env.get(PASSPHRASE_ENV);
        if (fromEnv != null && fromEnv.isEmpty()) {
            fromEnv = null;
        }
        Path path = Cli.path("--key-passphrase-file", file);
        if (path == null) {
            return fromEnv;
        }
        if (fromEnv != null) {
            throw new IllegalArgumentException("give either --key-passphrase-file or " + PASSPHRASE_ENV + ", not both");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--key-passphrase-file " + path + ": cannot be read");
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--key-passphrase-file " + path + " is empty");
        }
        return line;
    }
}
