package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.cli.DataOption;
import org.adoptionkiosk.hub.cli.KeyOptions;
import org.adoptionkiosk.hub.mail.MailSettings;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.options.EnvironmentDefaults;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How the hub is started. Every option comes from the command line ({@code --http-port 8081} or
 * {@code --http-port=8081}) or else from the environment ({@code HUB_HTTP_PORT}): see {@link HubOptions}.
 *
 * @param brokerUrl   an external broker; null means the hub runs its own embedded broker
 * @param jdbcUrl     always set: the default is an H2 file in the data directory
 * @param regionsFile null means the Wales map shipped with the protocol module
 * @param bankHolidaysFile null means the England and Wales list shipped with the hub
 * @param retentionDays personal data of enquiries closed (and sign-ins received) longer ago is erased
 * @param trustProxy  a TLS-terminating proxy in front sets X-Forwarded-* (cookies are then Secure)
 * @param help        {@code --help} was given; nothing else is checked then
 * @param brokerTls   the CA certificate (PEM) to trust at an ssl:// or wss:// broker (null for the JDK's
 *                    roots), and the client certificate to show it (if any)
 * @param keyPassphrase the passphrase of an encrypted sealing keyset ({@code --key-passphrase-file} or
 *                    {@code HUB_KEY_PASSPHRASE}); null for the plain mode-600 keyset file
 * @param mail        the follow-up mail's SMTP server, From and links; {@link MailSettings#OFF} for none
 * @param metricsPort the port of the {@code /metrics} listener (0: any free port); null for none
 * @param metricsBind the address the {@code /metrics} listener binds (default 127.0.0.1)
 */
public record HubConfig(
        int httpPort,
        Path dataDir,
        int mqttPort,
        String mqttBind,
        String brokerUrl,
        String brokerUsername,
        String brokerPassword,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        Path regionsFile,
        String instanceId,
        Path bankHolidaysFile,
        int retentionDays,
        boolean trustProxy,
        boolean help,
        BrokerTls brokerTls,
        String keyPassphrase,
        MailSettings mail,
        Integer metricsPort,
        String metricsBind) {

    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final String DEFAULT_MQTT_BIND = "127.0.0.1";
    public static final int DEFAULT_RETENTION_DAYS = 365;
    public static final int MAX_RETENTION_DAYS = 3650;
    /** Loopback: Prometheus scrapes the hub on its own machine (or through a tunnel), never the internet. */
    public static final String DEFAULT_METRICS_BIND = "127.0.0.1";

    public HubConfig {
        if (brokerTls == null) {
            brokerTls = BrokerTls.DEFAULT;
        }
        if (mail == null) {
            mail = MailSettings.OFF;
        }
        if (metricsBind == null) {
            metricsBind = DEFAULT_METRICS_BIND;
        }
    }

    /** Passwords never appear in logs or error output. */
    @Override
    public String toString() {
        return "HubConfig[httpPort=" + httpPort + ", dataDir=" + dataDir + ", mqttPort=" + mqttPort
                + ", mqttBind=" + mqttBind + ", brokerUrl=" + brokerUrl + ", brokerUsername=" + brokerUsername
                + ", brokerPassword=" + (brokerPassword == null ? "none" : "***") + ", jdbcUrl=" + jdbcUrl
                + ", jdbcUser=" + jdbcUser + ", jdbcPassword=" + (jdbcPassword == null ? "none" : "***")
                + ", regionsFile=" + regionsFile + ", instanceId=" + instanceId + ", bankHolidaysFile="
                + bankHolidaysFile + ", retentionDays=" + retentionDays + ", trustProxy=" + trustProxy
                + ", help=" + help + ", brokerTls=" + brokerTls + ", keyPassphrase="
                + (keyPassphrase == null ? "none" : "***") + ", mail=" + mail + ", metricsPort=" + metricsPort
                + ", metricsBind=" + metricsBind + "]";
    }

    /** True when the hub starts its own broker rather than joining an external one. */
    public boolean embeddedBroker() {
        return brokerUrl == null;
    }

    /**
     * Reads the command line, falling back to {@code env}; throws IllegalArgumentException with a
     * one-line message for anything wrong.
     */
    public static HubConfig parse(String[] args, Map<String, String> env) {
        return HubOptions.parse(args, env);
    }

    /** The sealing key's passphrase itself is taken from the environment only, never the command line. */
    public static final String KEY_PASSPHRASE_ENV = KeyOptions.PASSPHRASE_ENV;

    HubConfig withHelp() {
        return new HubConfig(httpPort, dataDir, mqttPort, mqttBind, brokerUrl, brokerUsername, brokerPassword,
                jdbcUrl, jdbcUser, jdbcPassword, regionsFile, instanceId, bankHolidaysFile, retentionDays, trustProxy,
                true, brokerTls, keyPassphrase, mail, metricsPort, metricsBind);
    }

    static HubConfig defaults() {
        Path data = Path.of(DataOption.DEFAULT).toAbsolutePath().normalize();
        return new HubConfig(DEFAULT_HTTP_PORT, data, DEFAULT_MQTT_PORT, DEFAULT_MQTT_BIND, null, null, null,
                h2Url(data), null, null, null, defaultInstanceId(), null, DEFAULT_RETENTION_DAYS, false, false,
                BrokerTls.DEFAULT, null, MailSettings.OFF, null, DEFAULT_METRICS_BIND);
    }

    /** HUB_ plus the option in upper snake case: http-port becomes HUB_HTTP_PORT. */
    public static String envName(String option) {
        return EnvironmentDefaults.variable(HubOptions.ENV_PREFIX, option);
    }

    /** The default store: an H2 file that writes each commit at once (a kill must not lose acked rows). */
    public static String h2Url(Path dataDir) {
        return HubDatabase.h2Url(dataDir);
    }

    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            host = "hub";
        }
        String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        if (clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0))) {
            clean = "hub" + clean;
        }
        // The pid keeps two hubs on one machine from taking over each other's MQTT session.
        String id = clean + "-" + ProcessHandle.current().pid();
        return id.length() > 63 ? "hub-" + id.substring(id.length() - 59) : id;
    }
}
