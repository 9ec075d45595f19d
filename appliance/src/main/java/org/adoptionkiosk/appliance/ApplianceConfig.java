package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.appliance.web.ScreenTimings;
import org.adoptionkiosk.hardware.HardwareMode;
import org.adoptionkiosk.hardware.Pins;
import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.options.BrokerOptions;
import org.adoptionkiosk.protocol.options.Cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kiosk's settings, from the command line with {@code KIOSK_*} environment variables and the
 * config bundle as fallback (the command line wins; see {@link KioskOptions}).
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
        BrokerTls brokerTls,
        int syncWindow) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data", "kiosk");
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final long DEFAULT_ACK_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_STATUS_INTERVAL_MILLIS = 30_000;
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Batches in flight to the hub at once (see docs/wire-contract.md, "Several batches in flight"). */
    public static final int DEFAULT_SYNC_WINDOW = 4;
    public static final int MAX_SYNC_WINDOW = 16;

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

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
        BrokerOptions.checkUrl(brokerUrl);
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
        if (syncWindow < 1 || syncWindow > MAX_SYNC_WINDOW) {
            throw new IllegalArgumentException("--sync-window must be between 1 and " + MAX_SYNC_WINDOW
                    + ", not " + syncWindow);
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
                ScreenTimings.DEFAULT, "auto", null, null, null, null, BrokerTls.DEFAULT,
                DEFAULT_SYNC_WINDOW);
    }

    /**
     * Reads the command line, with {@code KIOSK_*} variables from {@code env} and then the config
     * bundle for what it does not say (see {@link KioskOptions}). Files named must exist and be readable.
     *
     * @throws IllegalArgumentException with a one-line message naming the option at fault
     */
    public static ApplianceConfig parse(String[] args, Map<String, String> env) {
        KioskOptions options = new KioskOptions();
        Cli.parse(options.commandLine(env), args);
        return options.toConfig();
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
                    + Cli.firstLine(e.getMessage() == null ? "unreadable" : e.getMessage()));
        }
    }

    public ApplianceConfig withHttpPort(int port) {
        return new ApplianceConfig(port, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart, screen,
                hardware, pins, staffPinHash, region, site, brokerTls, syncWindow);
    }

    public ApplianceConfig withSyncOnStart(boolean sync) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, sync, screen, hardware, pins,
                staffPinHash, region, site, brokerTls, syncWindow);
    }

    /** Shorter timings are allowed here than on the command line, for tests that cannot wait a minute. */
    public ApplianceConfig withScreenTimings(ScreenTimings timings) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                timings, hardware, pins, staffPinHash, region, site, brokerTls, syncWindow);
    }

    /** The kiosk with a staff PIN (its hash), and the simulated board unless told otherwise. */
    public ApplianceConfig withStaffPinHash(String hash) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, hardware, pins, hash, region, site, brokerTls, syncWindow);
    }

    public ApplianceConfig withHardware(String mode) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, mode, pins, staffPinHash, region, site, brokerTls, syncWindow);
    }

    /** The kiosk provisioned for a region and one of its offices (checked against the regions map at start). */
    public ApplianceConfig withPlace(String regionId, String siteId) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, hardware, pins, staffPinHash, regionId, siteId, brokerTls, syncWindow);
    }

    /** The kiosk with {@code window} batches in flight to the hub at most. */
    public ApplianceConfig withSyncWindow(int window) {
        return new ApplianceConfig(httpPort, dataDir, brokerUrl, deviceId, hubKeyFile, brokerUsername, brokerPassword,
                eventId, batchSize, ackTimeoutMillis, statusIntervalMillis, regionsFile, bindHost, syncOnStart,
                screen, hardware, pins, staffPinHash, region, site, brokerTls, window);
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
                + ", region=" + region + ", site=" + site + ", brokerTls=" + brokerTls + ", syncWindow=" + syncWindow + "]";
    }
}
