package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.sealing.HubSigningKey;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The config bundle the provisioning tool makes for one kiosk ({@code --bundle DIR}): a folder
 * with everything the kiosk needs to reach and trust its hub. This class is the one description
 * of its layout; the provisioning tool writes it with these names and the kiosk reads it here.
 *
 * <pre>
 * kiosk.properties        device-id, broker (ssl://…), region, site, name, staff-pin-hash (mode 600)
 * broker-password         the device's broker password, one line (mode 600)
 * ca.pem                  the CA certificate that signed the broker's TLS certificate
 * hub-public.keyset.json  the hub's public sealing key (Tink JSON, no secret)
 * hub-signing-public.keyset.json  the hub's public signing key: acks and configs must verify against it
 * client.pem, client.key  the device's client certificate and PKCS#8 key, when one was made (key mode 600)
 * </pre>
 */
public final class KioskBundle {
    public static final String PROPERTIES = "kiosk.properties";
    public static final String PASSWORD = "broker-password";
    public static final String CA = "ca.pem";
    public static final String HUB_KEY = "hub-public.keyset.json";
    /** Found beside {@link #HUB_KEY} by the kiosk (see {@link HubSigningKey}). */
    public static final String HUB_SIGNING_KEY = HubSigningKey.FILE;
    public static final String CLIENT_CERT = "client.pem";
    public static final String CLIENT_KEY = "client.key";

    /** The kiosk options kiosk.properties may set; {@code name} is the operator's label, kept for people. */
    public static final List<String> PROPERTY_KEYS = List.of("device-id", "broker", "region", "site",
            "staff-pin-hash", "name");

    private KioskBundle() {
    }

    /**
     * The kiosk options the bundle in {@code dir} gives, by option name (without dashes in front):
     * what kiosk.properties says, and the files as {@code hub-key}, {@code broker-ca},
     * {@code broker-password-file}, {@code broker-client-cert} and {@code broker-client-key}.
     *
     * @throws IllegalArgumentException naming what is wrong with the bundle (never a secret)
     */
    public static Map<String, String> options(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--bundle " + dir + ": not a folder");
        }
        Path props = dir.resolve(PROPERTIES);
        if (!Files.isReadable(props)) {
            throw new IllegalArgumentException("--bundle " + dir + ": no readable " + PROPERTIES);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--bundle " + dir + ": " + PROPERTIES + " cannot be read");
        }
        Map<String, String> out = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!PROPERTY_KEYS.contains(key)) {
                throw new IllegalArgumentException("--bundle " + dir + ": " + PROPERTIES + " has an unknown key '"
                        + key + "'");
            }
            if (!key.equals("name")) {
                out.put(key, p.getProperty(key).trim());
            }
        }
        file(dir, HUB_KEY, true).ifPresent(f -> out.put("hub-key", f));
        file(dir, HUB_SIGNING_KEY, true);
        file(dir, CA, true).ifPresent(f -> out.put("broker-ca", f));
        file(dir, PASSWORD, false).ifPresent(f -> out.put("broker-password-file", f));
        file(dir, CLIENT_CERT, false).ifPresent(f -> out.put("broker-client-cert", f));
        file(dir, CLIENT_KEY, false).ifPresent(f -> out.put("broker-client-key", f));
        return out;
    }

    private static java.util.Optional<String> file(Path dir, String name, boolean required) {
        Path f = dir.resolve(name);
        if (Files.isRegularFile(f)) {
            return java.util.Optional.of(f.toString());
        }
        if (required) {
            throw new IllegalArgumentException("--bundle " + dir + ": " + name + " is missing");
        }
        return java.util.Optional.empty();
    }

    /**
     * The bundle's options as defaults below the command line and the {@code KIOSK_*} variables: the
     * bundle is {@code --bundle} (or {@code KIOSK_BUNDLE}), read once, when an option it may give is
     * first looked up. A bundle that cannot be read gives nothing; {@link #check()} says why.
     */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        private final Supplier<String> option;
        private final Map<String, String> env;
        private Map<String, String> options;
        private IllegalArgumentException problem;

        /** @param option the value of {@code --bundle} once the command line is parsed */
        Defaults(Supplier<String> option, Map<String, String> env) {
            this.option = option;
            this.env = env;
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            return arg instanceof CommandLine.Model.OptionSpec o ? options().get(o.longestName().substring(2)) : null;
        }

        /** Throws what is wrong with the bundle, if anything. */
        void check() {
            options();
            if (problem != null) {
                throw problem;
            }
        }

        private Map<String, String> options() {
            if (options != null) {
                return options;
            }
            options = Map.of();
            String dir = Cli.given(option.get());
            if (dir == null) {
                dir = Cli.given(env.get(KioskOptions.ENV_PREFIX + "BUNDLE"));
            }
            if (dir != null) {
                try {
                    options = KioskBundle.options(Path.of(dir));
                } catch (InvalidPathException e) {
                    problem = new IllegalArgumentException("--bundle " + dir + ": not a usable path");
                } catch (IllegalArgumentException e) {
                    problem = e;
                }
            }
            return options;
        }
    }
}
