package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.web.ScreenTimings;
import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.options.BrokerOptions;
import org.adoptionkiosk.protocol.options.BrokerTlsOptions;
import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.protocol.options.EnvironmentDefaults;
import org.adoptionkiosk.protocol.options.HelpOption;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The kiosk's command line: each option, else its {@code KIOSK_*} variable, else the config
 * bundle's value ({@code --bundle}), else the default. {@link #toConfig()} checks what needs more
 * than one option and makes the {@link ApplianceConfig}.
 */
final class KioskOptions {
    static final String ENV_PREFIX = "KIOSK_";
    static final String ENVIRONMENT_HEADING = "Environment (used for what the command line leaves out; the --bundle "
            + "fills in after it):";

    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = "--device-id", paramLabel = "ID",
            description = "this kiosk's id, also its broker user name (lower-case letters, digits, dashes); required")
    String deviceId;

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Mixin
    BrokerTlsOptions brokerTls = new BrokerTlsOptions();

    @Option(names = "--hub-key", paramLabel = "FILE",
            description = "the hub's public HPKE keyset (Tink JSON, no secret); required")
    String hubKey;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = {"the config bundle from `provisioning.jar device add`: device id, broker, CA, password, "
                    + "hub key, region, site, staff PIN hash (options and KIOSK_* variables given as well win "
                    + "over it)"})
    String bundle;

    @Option(names = "--http-port", paramLabel = "P", converter = Cli.ListenPort.class,
            description = "the kiosk's web port (default 8080; 0 = any free port)")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "HOST",
            description = "the address the web server listens on (default 127.0.0.1)")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", description = "where the kiosk keeps its database (default ./data/kiosk)")
    String data;

    @Option(names = "--event-id", paramLabel = "ID", description = "the current event (optional)")
    String eventId;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "records per batch sent to the hub (default 500, at most 1000)")
    Integer batchSize;

    @Option(names = "--ack-timeout-ms", paramLabel = "MS",
            description = "resend a batch the hub has not acknowledged after this; the wait doubles after each "
                    + "resend, up to four times this, until an ack arrives (default 10000)")
    Long ackTimeoutMillis;

    @Option(names = "--sync-window", paramLabel = "N",
            description = "batches sent to the hub before waiting for their acks (default 4, 1 to 16)")
    Integer syncWindow;

    @Option(names = "--status-interval-ms", paramLabel = "MS",
            description = "how often to publish the health status (default 30000)")
    Long statusIntervalMillis;

    @Option(names = "--regions", paramLabel = "FILE", description = "the regions map JSON (default: Wales)")
    String regions;

    @Option(names = "--region", paramLabel = "R",
            description = "the region (an id of the regions map) this kiosk belongs to, for the hub's views (optional)")
    String region;

    @Option(names = "--site", paramLabel = "S",
            description = "the office of that region where it stands (a site id of the map; optional, and gives "
                    + "the region when --region is not given)")
    String site;

    @Option(names = "--idle-seconds", paramLabel = "S",
            description = "untouched this long, the visitor screens ask \"still there?\" (default 60)")
    Integer idleSeconds;

    @Option(names = "--idle-warning-seconds", paramLabel = "S",
            description = "time to answer before everything is wiped (default 30, at least 20)")
    Integer idleWarningSeconds;

    @Option(names = "--thanks-seconds", paramLabel = "S",
            description = "the thank-you screen returns to the start after this (default 20)")
    Integer thanksSeconds;

    @Option(names = "--hardware", paramLabel = "MODE",
            description = "pi, simulated or auto (default auto: the Pi's GPIO on a Pi)")
    String hardware;

    @Option(names = "--pins", paramLabel = "LIST",
            description = "GPIO (BCM) pin overrides, such as help=5,motion=6 (see hardware/README.md)")
    String pins;

    @Option(names = "--staff-pin-hash", paramLabel = "HASH",
            description = "the staff PIN's hash from `java -jar appliance.jar hash-pin` (better: KIOSK_STAFF_PIN_HASH); "
                    + "without it the staff dashboard stays closed until the hub pushes one")
    String staffPinHash;

    @Option(names = "--no-sync", description = "capture only; do not start sending to the hub")
    boolean noSync;

    private KioskBundle.Defaults bundleDefaults;

    /**
     * Makes {@code cl} (whose command has these options) read the environment and the bundle for
     * what its command line leaves out, and says so in its usage.
     */
    void readDefaults(CommandLine cl, Map<String, String> env) {
        bundleDefaults = new KioskBundle.Defaults(() -> bundle, env);
        EnvironmentDefaults defaults = new EnvironmentDefaults(ENV_PREFIX, env,
                EnvironmentDefaults.longNames(cl.getCommandSpec().options()), bundleDefaults);
        cl.setDefaultValueProvider(defaults);
        defaults.describeIn(cl, ENVIRONMENT_HEADING);
    }

    /** The command line of these options alone, for {@link ApplianceConfig#parse}. */
    CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = Cli.configure(new CommandLine(this));
        readDefaults(cl, env);
        return cl;
    }

    /**
     * The kiosk's settings from what was parsed. Files named must exist and be readable.
     *
     * @throws IllegalArgumentException with a one-line message naming the option at fault
     */
    ApplianceConfig toConfig() {
        if (bundleDefaults != null) {
            bundleDefaults.check();
        }
        String device = Cli.given(deviceId);
        if (device == null) {
            throw new IllegalArgumentException("--device-id is required (or KIOSK_DEVICE_ID)");
        }
        if (!Topics.isValidDeviceId(device)) {
            throw new IllegalArgumentException("--device-id must be 2-63 lower-case letters, digits or dashes, "
                    + "starting with a letter or digit: " + device);
        }
        String brokerUrl = broker.url();
        if (brokerUrl == null) {
            throw new IllegalArgumentException("--broker is required (or KIOSK_BROKER), e.g. tcp://127.0.0.1:1883");
        }
        String key = Cli.given(hubKey);
        if (key == null) {
            throw new IllegalArgumentException("--hub-key is required (or KIOSK_HUB_KEY): the hub's public key file");
        }
        Path hubKeyFile = Cli.readableFile("--hub-key", key);
        String regionsName = Cli.given(regions);
        Path regionsFile = regionsName == null ? null : Cli.readableFile("--regions", regionsName);
        int warning = or(idleWarningSeconds, ScreenTimings.DEFAULT.warningSeconds());
        if (warning < ScreenTimings.MIN_WARNING_SECONDS) {
            throw new IllegalArgumentException("--idle-warning-seconds must be at least "
                    + ScreenTimings.MIN_WARNING_SECONDS + " (WCAG 2.2.1: people need time to answer)");
        }
        ScreenTimings screen = new ScreenTimings(or(idleSeconds, ScreenTimings.DEFAULT.idleSeconds()), warning,
                or(thanksSeconds, ScreenTimings.DEFAULT.thanksSeconds()));
        String regionId = Cli.given(region);
        String siteId = Cli.given(site);
        if (regionId != null || siteId != null) {
            regionId = ApplianceConfig.placeIn(ApplianceConfig.regionMap(regionsFile), regionId, siteId);
        }
        Path dataDir = dataDir();
        String password = broker.password();
        BrokerTls tls = brokerTls.tls();
        String username = broker.username();
        return new ApplianceConfig(
                or(httpPort, ApplianceConfig.DEFAULT_HTTP_PORT),
                dataDir,
                brokerUrl,
                device,
                hubKeyFile,
                username == null ? device : username,
                password,
                Cli.given(eventId),
                or(batchSize, ApplianceConfig.DEFAULT_BATCH_SIZE),
                ackTimeoutMillis == null ? ApplianceConfig.DEFAULT_ACK_TIMEOUT_MILLIS : ackTimeoutMillis,
                statusIntervalMillis == null ? ApplianceConfig.DEFAULT_STATUS_INTERVAL_MILLIS : statusIntervalMillis,
                regionsFile,
                Cli.given(bind),
                !noSync,
                screen,
                Cli.given(hardware),
                Cli.given(pins),
                Cli.given(staffPinHash),
                regionId,
                siteId,
                tls,
                or(syncWindow, ApplianceConfig.DEFAULT_SYNC_WINDOW));
    }

    private Path dataDir() {
        String name = Cli.given(data);
        Path dir;
        try {
            dir = name == null ? ApplianceConfig.DEFAULT_DATA_DIR : Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--data '" + name + "' is not a usable path");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir + " exists and is not a directory");
        }
        return dir;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
