package org.adoptionkiosk.protocol.options;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The MQTT broker a kiosk or the hub connects to, and how it logs in. Both take the same URLs:
 * the Paho client both use speaks tcp://, ssl://, ws:// and wss://.
 */
public final class BrokerOptions {
    public static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    @Option(names = "--broker", paramLabel = "URL",
            description = "the MQTT broker: tcp://HOST:PORT, or ssl://, ws:// or wss://")
    String url;

    @Option(names = "--broker-username", paramLabel = "NAME", description = "the user name at the broker")
    String username;

    @Option(names = "--broker-password", paramLabel = "PW",
            description = "its password (better: --broker-password-file, or the environment variable, "
                    + "which keep it out of ps)")
    String password;

    @Option(names = "--broker-password-file", paramLabel = "FILE",
            description = "read the broker password from the first line of FILE")
    String passwordFile;

    /** The broker URL, checked; null when none is given. */
    public String url() {
        String u = Cli.given(url);
        if (u != null) {
            checkUrl(u);
        }
        return u;
    }

    /** The user name; null when none is given. */
    public String username() {
        return Cli.given(username);
    }

    /**
     * {@code --broker-password}, or else the first line of {@code --broker-password-file}; null for
     * neither. The password file must exist and hold a line.
     */
    public String password() {
        String given = Cli.given(password);
        if (given != null) {
            return given;
        }
        String file = Cli.given(passwordFile);
        return file == null ? null : readSecret("--broker-password-file",
                Cli.readableFile("--broker-password-file", file));
    }

    /**
     * A broker URL both ends can use: one of {@link #SCHEMES} and a host (the port may be left to
     * Paho's default for the scheme).
     *
     * @throws IllegalArgumentException naming {@code --broker}
     */
    public static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("--broker must look like tcp://host:port (or ssl://, ws://, wss://), not '"
                + url + "'");
    }

    /** The first line of a secret file, without its line end; the content never reaches a message. */
    public static String readSecret(String option, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String line = (nl < 0 ? text : text.substring(0, nl)).strip();
            if (line.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " is empty");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot be read");
        }
    }
}
