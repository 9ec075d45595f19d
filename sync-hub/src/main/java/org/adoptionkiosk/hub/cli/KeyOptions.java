package org.adoptionkiosk.hub.cli;

import picocli.CommandLine.Option;

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
        return Passphrases.read("--key-passphrase-file", file, PASSPHRASE_ENV, env);
    }
}
