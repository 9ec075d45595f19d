package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.hardware.HardwareMode;
import org.adoptionkiosk.hardware.Pins;
import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kiosk's settings, from the command line with {@code KIOSK_*} environment variables as
 * fallback (the command line wins).
 *
 * @param brokerPassword null when the broker needs none
 * @param eventId        the current event, or null
 * @param regionsFile    null for the built-in Wales structure
 * @param syncOnStart    false with {@code --no-sync}: the outbox fills, nothing is sent until
 *                       {@link Appliance#startSync()}
 * @param screen         how long the visitor screens wait before they warn, wipe and go home
 * @param hardware       {@code pi}, {@code simulated} or {@code auto} (a Pi's GPIO on a Pi)
 * @param pins           GPIO pin overrides, e.g. {@code help=5,motion=6}; null for the defaults
 * @param staffPinHash   the staff PIN's PBKDF2 hash; null leaves the staff dashboard closed (until the
 *                       hub pushes one)
 * @param region         the region id (of the regions map in use) the kiosk was provisioned for, or null
 * @param site           the office of that region where it stands, or null
 * @param brokerTls      the CA to trust and the client certificate to show for an ssl:// broker
 *                       ({@link BrokerTls#DEFAULT}: the JDK's own trust, no client certificate)
 */
public record ApplianceConfig(
        int httpPort,
        Path dataDir,
        String brokerUrl,
        String deviceId,
        Path hubKeyFile,
        String brokerUsername,
        String brokerPassword,
        String eventId,
        int batchSize,
        long ackTimeoutMillis,
        long statusIntervalMillis,
        Path regionsFile,
        String bindHost,
        boolean syncOnStart,
        ScreenTimings screen,
        String hardware,
        String pins,
        String staffPinHash,
        String region,
        String site,
        BrokerTls brokerTls) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data", "kiosk");
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final long DEFAULT_ACK_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_STATUS_INTERVAL_MILLIS = 30_000;
    public static final String DEFAULT_BIND = "127.0.0.1";

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    /** Options that take a value; flags are listed separately. */
    private static final List<String> VALUE_OPTIONS = List.of(
            "http-port", "data", "broker", "device-id", "hub-key", "broker-username", "broker-password",
            "event-id", "batch-size", "ack-timeout-ms", "status-interval-ms", "regions", "bind", "idle-seconds",
            "idle-warning-seconds", "thanks-seconds", "hardware", "pins", "staff-pin-hash", "region", "site",
            "bundle", "broker-ca", "broker-password-file", "broker-client-cert", "broker-client-key");
    private static final List<String> FLAG_OPTIONS = List.of("no-sync");

    public static final String USAGE = """
            usage: java -jar appliance.jar --device-id ID --broker URL --hub-key FILE [options]
                   java -jar appliance.jar --bundle DIR [options]
                   java -jar appliance.jar hash-pin     (makes a staff PIN's hash; reads the PIN without echo)
              --device-id ID            this kiosk's id, also its broker username (lower-case letters, digits, dashes)
              --broker URL              MQTT broker, e.g. tcp://127.0.0.1:1883 or ssl://hub.example:8883
              --hub-key FILE            the hub's public HPKE keyset (Tink JSON, no secret)
              --http-port P             kiosk web port (default 8080; 0 = any free port)
              --bind HOST               address the web server listens on (default 127.0.0.1)
              --data DIR                where the kiosk keeps its database (default ./data/kiosk)
              --broker-username NAME    default: the device id
              --broker-password PW      prefer the environment variable KIOSK_BROKER_PASSWORD
              --broker-password-file F  read the broker password from the first line of F (kept out of ps)
              --broker-ca FILE          trust only this CA certificate (PEM) for an ssl:// broker
              --broker-client-cert FILE, --broker-client-key FILE
                                        a client certificate (PEM) and its PKCS#8 key to show the broker
              --bundle DIR              the config bundle from `provisioning.jar device add`: device id, broker,
                                        CA, password, hub key, region, site, staff PIN hash (options and
                                        KIOSK_* variables given as well win over it)
              --event-id ID             the current event (optional)
              --batch-size N            records per batch sent to the hub (default 500, at most 1000)
              --ack-timeout-ms MS       resend a batch the hub has not acknowledged after this (default 10000)
              --status-interval-ms MS   how often to publish health status (default 30000)
              --regions FILE            region map JSON (default: Wales)
              --region R                the region (an id of the region map) this kiosk belongs to, for the
                                        hub's views (optional)
              --site S                  the office of that region where it stands (a site id of the map;
                                        optional, and gives the region when --region is not given)
              --idle-seconds S          untouched this long, the visitor screens ask "still there?" (default 60)
              --idle-warning-seconds S  time to answer before everything is wiped (default 30, at least 20)
              --thanks-seconds S        the thank-you screen returns to the start after this (default 20)
              --hardware MODE           pi, simulated or auto (default auto: the Pi's GPIO on a Pi)
              --pins LIST               GPIO (BCM) pin overrides, e.g. help=5,motion=6 (see hardware/README.md)
              --staff-pin-hash HASH     the staff PIN's hash from `java -jar appliance.jar hash-pin`
                                        (prefer KIOSK_STAFF_PIN_HASH); without it the staff dashboard stays closed
                                        until the hub pushes one
              --no-sync                 capture only; do not start sending to the hub
              --help                    show this help
            Every option can also be set as an environment variable KIOSK_<OPTION>, e.g. KIOSK_DEVICE_ID.""";

    public ApplianceConfig {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be between 0 and 65535");
        }
        if (!Topics.isValidDeviceId(deviceId)) {
            throw new IllegalArgumentException(
                    "--device-id must be 2-63 lower-case letters, digits or dashes, starting with a letter or digit");
        }
        if (brokerUrl == null || brokerUrl.isBlank()) {
            throw new IllegalArgumentException("--broker is required, e.g. tcp://127.0.0.1:1883");
        }
        checkBrokerUrl(brokerUrl);
        if (dataDir == null) {
            throw new IllegalArgumentException("--data must name a directory");
        }
        if (hubKeyFile == null) {
            throw new IllegalArgumentException("--hub-key is required: the hub's public key file");
        }
        if (brokerUsername == null || brokerUsername.isBlank()) {
            brokerUsername = deviceId;
        }
        if (brokerPassword != null && brokerPassword.isEmpty()) {
            brokerPassword = null;
        }
        if (eventId != null && eventId.isBlank()) {
            eventId = null;
        }
        if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
            throw new IllegalArgumentException(
                    "--event-id must be 1-64 letters, digits, dots, colons, dashes or underscores");
        }
        if (batchSize < 1 || batchSize > WireCodec.MAX_BATCH_RECORDS) {
            throw new IllegalArgumentException("--batch-size must be between 1 and " + WireCodec.MAX_BATCH_RECORDS);
        }
        if (ackTimeoutMillis < 100) {
            throw new IllegalArgumentException("--ack-timeout-ms must be at least 100");
        }
        if (statusIntervalMillis < 100) {
            throw new IllegalArgumentException("--status-interval-ms must be at least 100");
        }
        if (bindHost == null || bindHost.isBlank()) {
            bindHost = DEFAULT_BIND;
        }
        if (screen == null) {
            screen = ScreenTimings.DEFAULT;
        }
        if (hardware == null || hardware.isBlank()) {
            hardware = "auto";
        }
        try {
            HardwareMode.parse(hardware);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hardware must be pi, simulated or auto, not " + hardware);
        }
        if (pins != null && pins.isBlank()) {
            pins = null;
        }
        if (pins != null) {
            try {
                Pins.parse(pins);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage()); // "--pins: …"
            }
        }
        if (staffPinHash != null && staffPinHash.isBlank()) {
            staffPinHash = null;
        }
        if (staffPinHash != null && !PinHash.isValidHash(staffPinHash)) {
            throw new IllegalArgumentException(
                    "--staff-pin-hash is not a PIN hash: make one with `java -jar appliance.jar hash-pin`");
        }
        if (region != null && region.isBlank()) {
            region = null;
        }
        if (site != null && site.isBlank()) {
            site = null;
        }
        if (brokerTls == null) {
            brokerTls = BrokerTls.DEFAULT;
        }
    }

    /**
     * Checks {@code --region} and {@code --site} against the regions map the kiosk uses: the region
     * must be one of its regions and the site one of that region's offices.
     *
     * @return the region id: the one given, or the site's own when only a site was given (null for neither)
     * @throws IllegalArgumentException naming the option at fault and what it may be
     */
    public static String placeIn(RegionMap map, String region, String site) {
        if (region != null && map.region(region).isEmpty()) {
            throw new IllegalArgumentException("--region " + region + " is not a region of the regions map "
                    + map.id() + "; it has: "
                    + String.join(", ", map.regions().stream().map(RegionMap.Region::id).toList()));
        }
        if (site == null) {
            return region;
        }
        Optional<Map.Entry<RegionMap.Region, RegionMap.Site>> found = map.site(site);
        if (region == null) {
            if (found.isEmpty()) {
                throw new IllegalArgumentException("--site " + site + " is not an office in the regions map "
                        + map.id() + "; it has: " + String.join(", ", map.regions().stream()
                        .flatMap(r -> r.sites().stream()).map(RegionMap.Site::id).toList()));
            }
            return found.get().getKey().id();
        }
        if (found.isEmpty() || !found.get().getKey().id().equals(region)) {
            List<String> sites = map.region(region).orElseThrow().sites().stream().map(RegionMap.Site::id).toList();
            throw new IllegalArgumentException("--site " + site + " is not an office of region " + region
                    + (sites.isEmpty() ? ", which lists none" : "; its offices are: " + String.join(", ", sites)));
        }
        return region;
    }

    /** A config with the defaults for everything but what has none. */
    public static ApplianceConfig defaults(Path dataDir, String brokerUrl, String deviceId, Path hubKeyFile) {
        return new ApplianceConfig(DEFAULT_HTTP_PORT, dataDir, brokerUrl, deviceId, hubKeyFile, deviceId, null, null,
                DEFAULT_BATCH_SIZE, DEFAULT_ACK_TIMEOUT_MILLIS, DEFAULT_STATUS_INTERVAL_MILLIS, null, DEFAULT_BIND, true,
                ScreenTimings.DEFAULT, "auto", null, null, null, null, BrokerTls.DEFAULT);
    }

    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the command line, with {@code KIOSK_*} variables from {@code env} for what it does not
     * say. Files named must exist and be readable.
     *
     * @throws IllegalArgumentException with a one-line message naming the option at fault
     */
    public static ApplianceConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAG_OPTIONS.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                given.put(name, "true");
            } else if (VALUE_OPTIONS.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (given.containsKey(name)) {
                    throw new IllegalArgumentException("--" + name + " is given twice");
                }
                given.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option: --" + name);
            }
        }

        // A bundle gives defaults below the command line and the environment.
        String bundle = given.containsKey("bundle") ? given.get("bundle") : env.get("KIOSK_BUNDLE");
        Map<String, String> fromBundle = bundle == null || bundle.isBlank() ? Map.of()
                : KioskBundle.options(Path.of(bundle.trim()));
        Options o = new Options(given, env, fromBundle);
        String deviceId = o.text("device-id", null);
        if (deviceId == null) {
            throw new IllegalArgumentException("--device-id is required (or KIOSK_DEVICE_ID)");
        }
        if (!Topics.isValidDeviceId(deviceId)) {
            throw new IllegalArgumentException("--device-id must be 2-63 lower-case letters, digits or dashes, "
                    + "starting with a letter or digit: " + deviceId);
        }
        String broker = o.text("broker", null);
        if (broker == null) {
            throw new IllegalArgumentException("--broker is required (or KIOSK_BROKER), e.g. tcp://127.0.0.1:1883");
        }
        String hubKey = o.text("hub-key", null);
        if (hubKey == null) {
            throw new IllegalArgumentException("--hub-key is required (or KIOSK_HUB_KEY): the hub's public key file");
        }
        Path hubKeyFile = readableFile("--hub-key", hubKey);
        String regions = o.text("regions", null);
        Path regionsFile = regions == null ? null : readableFile("--regions", regions);
        int warning = o.whole("idle-warning-seconds", ScreenTimings.DEFAULT.warningSeconds());
        if (warning < ScreenTimings.MIN_WARNING_SECONDS) {
            throw new IllegalArgumentException("--idle-warning-seconds must be at least "
                    + ScreenTimings.MIN_WARNING_SECONDS + " (WCAG 2.2.1: people need time to answer)");
        }
        ScreenTimings screen = new ScreenTimings(o.whole("idle-seconds", ScreenTimings.DEFAULT.idleSeconds()),
                warning, o.whole("thanks-seconds", ScreenTimings.DEFAULT.thanksSeconds()));
        String region = o.text("region", null);
        String site = o.text("site", null);
        if (region != null || site != null) {
            region = placeIn(regionMap(regionsFile), region, site);
        }
        String data = o.text("data", null);
        Path dataDir = data == null ? DEFAULT_DATA_DIR : Path.of(data);
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data " + dataDir + " exists and is not a directory");
        }
        String password = o.text("broker-password", null);
        String passwordFile = o.text("broker-password-file", null);
        if (password == null && passwordFile != null) {
            password = KioskBundle.readSecret("--broker-password-file",
                    readableFile("--broker-password-file", passwordFile));
        }
        BrokerTls tls = brokerTls(o);

        return new ApplianceConfig(
                o.whole("http-port", DEFAULT_HTTP_PORT),
                dataDir,
                broker,
                deviceId,
                hubKeyFile,
                o.text("broker-username", deviceId),
                password,
                o.text("event-id", null),
                o.whole("batch-size", DEFAULT_BATCH_SIZE),
                o.number("ack-timeout-ms", DEFAULT_ACK_TIMEOUT_MILLIS),
                o.number("status-interval-ms", DEFAULT_STATUS_INTERVAL_MILLIS),
                regionsFile,
                o.text("bind", DEFAULT_BIND),
                !o.flag("no-sync"),
                screen,
                o.text("hardware", "auto"),
                o.text("pins", null),
                o.text("staff-pin-hash", null),
                region,
                site,
                tls);
    }

    private static BrokerTls brokerTls(Options o) {
        String ca = o.text("broker-ca", null);
        String cert = o.text("broker-client-cert", null);
        String key = o.text("broker-client-key", null);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--broker-client-cert and --broker-client-key go together");
        }
        return new BrokerTls(ca == null ? null : readableFile("--broker-ca", ca),
                cert == null ? null : readableFile("--broker-client-cert", cert),
                key == null ? null : readableFile("--broker-client-key", key));
    }

    /** The regions map of {@code --regions}, or Wales; a file that is not one is the option's error. */
    public static RegionMap regionMap(Path regionsFile) {
        WireCodec codec = new WireCodec();
        if (regionsFile == null) {
            return RegionMap.wales(codec.mapper());
        }
        try {
            return RegionMap.load(regionsFile, codec.mapper());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--regions " + regionsFile + " is not a regions map: "
                    + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }

    public ApplianceConfig withHttpPort(int port) {
        return new ApplianceConfig(port, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart, screen,
                hardware, pins, staffPinHash, region, site, brokerTls);
    }

    public ApplianceConfig withSyncOnStart(boolean sync) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, sync, screen, hardware, pins,
                staffPinHash, region, site, brokerTls);
    }

    /** Shorter timings are allowed here than on the command line, for tests that cannot wait a minute. */
    public ApplianceConfig withScreenTimings(ScreenTimings timings) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                timings, hardware, pins, staffPinHash, region, site, brokerTls);
    }

    /** The kiosk with a staff PIN (its hash), and the simulated board unless told otherwise. */
    public ApplianceConfig withStaffPinHash(String hash) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, hardware, pins, hash, region, site, brokerTls);
    }

    public ApplianceConfig withHardware(String mode) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, mode, pins, staffPinHash, region, site, brokerTls);
    }

    /** The kiosk provisioned for a region and one of its offices (checked against the regions map at start). */
    public ApplianceConfig withPlace(String regionId, String siteId) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, hardware, pins, staffPinHash, regionId, siteId, brokerTls);
    }

    /** Never shows the broker password. */
    @Override
    public String toString() {
        return "ApplianceConfig[httpPort=" + httpPort + ", dataDir=" + dataDir + ", brokerUrl=" + brokerUrl
                + ", deviceId=" + deviceId + ", hubKeyFile=" + hubKeyFile + ", brokerUsername=" + brokerUsername
                + ", brokerPassword=" + (brokerPassword == null ? "none" : "(set)") + ", eventId=" + eventId
                + ", batchSize=" + batchSize + ", ackTimeoutMillis=" + ackTimeoutMillis
                + ", statusIntervalMillis=" + statusIntervalMillis + ", regionsFile=" + regionsFile
                + ", bindHost=" + bindHost + ", syncOnStart=" + syncOnStart + ", screen=" + screen
                + ", hardware=" + hardware + ", pins=" + pins + ", staffPinHash=" + (staffPinHash == null ? "none" : "(set)")
                + ", region=" + region + ", site=" + site + ", brokerTls=" + brokerTls + "]";
    }

    private static void checkBrokerUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !BROKER_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "--broker must look like tcp://host:port (or ssl://, ws://, wss://): " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--broker is not a valid URL: " + url);
        }
    }

    private static Path readableFile(String option, String value) {
        Path file = Path.of(value);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(option + " " + value + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + value + ": not a readable file");
        }
        return file;
    }

    /** One option's value: the command line first, then KIOSK_UPPER_SNAKE from the environment. */
    private record Options(Map<String, String> given, Map<String, String> env, Map<String, String> bundle) {
        String raw(String name) {
            String v = given.get(name);
            if (v == null) {
                v = env.get("KIOSK_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            if (v == null) {
                v = bundle.get(name);
            }
            return v;
        }

        String text(String name, String fallback) {
            String v = raw(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        long number(String name, long fallback) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, not " + v);
            }
        }

        int whole(String name, int fallback) {
            long v = number(name, fallback);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--" + name + " is out of range: " + v);
            }
            return (int) v;
        }

        boolean flag(String name) {
            String v = text(name, null);
            if (v == null) {
                return false;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new IllegalArgumentException("--" + name + " / KIOSK_"
                        + name.toUpperCase(Locale.ROOT).replace('-', '_') + " must be true or false");
            };
        }
    }
}
