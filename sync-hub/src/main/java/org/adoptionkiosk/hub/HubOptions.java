package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.cli.KeyOptions;
import org.adoptionkiosk.hub.cli.MailOptions;
import org.adoptionkiosk.hub.cli.StoreOptions;
import org.adoptionkiosk.hub.logging.LogFormat;
import org.adoptionkiosk.protocol.options.BrokerOptions;
import org.adoptionkiosk.protocol.options.BrokerTlsOptions;
import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.protocol.options.EnvironmentDefaults;
import org.adoptionkiosk.protocol.options.HelpOption;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hub's start-up options: each from the command line, else from its {@code HUB_*} variable.
 * {@link #toConfig()} checks what needs more than one option and makes the {@link HubConfig}.
 */
final class HubOptions {
    static final String ENV_PREFIX = "HUB_";
    static final String ENVIRONMENT_HEADING = "Environment (used for what the command line leaves out):";

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = "--http-port", paramLabel = "P", converter = Cli.ListenPort.class,
            description = "the HTTP port of the dashboard and API (default 8081; 0 = any free port)")
    Integer httpPort;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--mqtt-port", paramLabel = "Q", converter = Cli.ListenPort.class,
            description = "the port of the embedded MQTT broker (default 1883; 0 = any free port)")
    Integer mqttPort;

    @Option(names = "--mqtt-bind", paramLabel = "HOST",
            description = "the address the embedded broker listens on (default 127.0.0.1)")
    String mqttBind;

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Mixin
    BrokerTlsOptions brokerTls = new BrokerTlsOptions();

    @Mixin
    KeyOptions key = new KeyOptions();

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "this hub's name in its MQTT client id (default: host name and process id)")
    String instanceId;

    @Option(names = "--bank-holidays", paramLabel = "FILE",
            description = "England and Wales bank holidays in GOV.UK's bank-holidays.json format (default: the "
                    + "shipped list)")
    String bankHolidays;

    @Option(names = "--retention-days", paramLabel = "N",
            description = "erase personal data of enquiries closed, and sign-ins received, over N days ago "
                    + "(default 365; 1 to 3650)")
    Integer retentionDays;

    @Mixin
    MailOptions mail = new MailOptions();
    @Option(names = "--metrics-port", paramLabel = "P", converter = Cli.ListenPort.class,
            description = "serve GET /metrics (Prometheus text format) on this port, apart from the dashboard's "
                    + "(none unless given; 0 = any free port)")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "HOST",
            description = "the address the /metrics port listens on (default 127.0.0.1)")
    String metricsBind;

    @Option(names = "--trust-proxy",
            description = "a TLS proxy in front of the hub sets X-Forwarded-Proto/For (session cookies become Secure)")
    boolean trustProxy;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text (one line per event, ISO 8601 times; the default) or json (one JSON object per line)")
    String logFormat;

    private final Map<String, String> env;

    HubOptions(Map<String, String> env) {
        this.env = env;
    }

    StoreOptions store() {
        return store;
    }

    /** How the log lines look. */
    LogFormat logFormat() {
        String given = Cli.given(logFormat);
        return given == null ? LogFormat.TEXT : LogFormat.parse(given);
    }

    /** See {@link HubConfig#parse}. */
    static HubConfig parse(String[] args, Map<String, String> env) {
        HubOptions options = new HubOptions(env);
        CommandLine cl = Cli.configure(new CommandLine(options));
        options.readDefaults(cl);
        Cli.parse(cl, args);
        return options.toConfig();
    }

    /**
     * Makes {@code cl} (whose command has these options) take {@code HUB_*} variables for the options
     * of its own command (the hub's), not those of its subcommands, and says so in its usage.
     */
    void readDefaults(CommandLine cl) {
        EnvironmentDefaults defaults = EnvironmentDefaults.forAllOptionsOf(cl, ENV_PREFIX, env, null);
        cl.setDefaultValueProvider(defaults);
        defaults.describeIn(cl, ENVIRONMENT_HEADING);
    }

    /**
     * The hub's settings from what was parsed; with {@code --help}, the defaults and nothing checked.
     *
     * @throws IllegalArgumentException with a one-line message naming the option at fault
     */
    HubConfig toConfig() {
        if (help.requested()) {
            return HubConfig.defaults().withHelp();
        }
        logFormat();
        String brokerUrl = broker.url();
        if (brokerUrl != null && mqttPort != null) {
            throw new IllegalArgumentException("give either --mqtt-port (embedded broker) or --broker (external), "
                    + "not both");
        }
        int retention = retentionDays == null ? HubConfig.DEFAULT_RETENTION_DAYS : retentionDays;
        if (retention < 1 || retention > HubConfig.MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("--retention-days must be a whole number of days from 1 to "
                    + HubConfig.MAX_RETENTION_DAYS + ", not '" + retention + "'");
        }
        String instance = Cli.given(instanceId);
        if (instance == null) {
            instance = HubConfig.defaultInstanceId();
        }
        if (!INSTANCE_ID.matcher(instance).matches()) {
            throw new IllegalArgumentException(
                    "--instance-id must be 1-63 letters, digits, dots, dashes or underscores");
        }
        String bind = Cli.given(mqttBind);
        String metricsHost = Cli.given(metricsBind);
        if (metricsHost != null && metricsPort == null) {
            throw new IllegalArgumentException("--metrics-bind needs --metrics-port: without a port there is no "
                    + "/metrics listener");
        }
        return new HubConfig(
                httpPort == null ? HubConfig.DEFAULT_HTTP_PORT : httpPort,
                store.dataDir(),
                mqttPort == null ? HubConfig.DEFAULT_MQTT_PORT : mqttPort,
                bind == null ? HubConfig.DEFAULT_MQTT_BIND : bind,
                brokerUrl,
                broker.username(),
                broker.password(),
                store.jdbcUrl(),
                store.jdbcUser(),
                store.jdbcPassword(),
                store.regionsFile(),
                instance,
                Cli.path("--bank-holidays", bankHolidays),
                retention,
                trustProxy,
                false,
                brokerTls.tls(),
                key.passphrase(env),
                mail.settings(),
                metricsPort,
                metricsBind == null ? HubConfig.DEFAULT_METRICS_BIND : metricsBind);
    }
}
