package org.adoptionkiosk.hub;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the hub is started. Every option comes from the command line ({@code --http-port 8081} or
 * {@code --http-port=8081}) or else from the environment ({@code HUB_HTTP_PORT}).
 *
 * @param brokerUrl   an external broker; null means the hub runs its own embedded broker
 * @param jdbcUrl     always set: the default is an H2 file in the data directory
 * @param regionsFile null means the Wales map shipped with the protocol module
 * @param bankHolidaysFile null means the England and Wales list shipped with the hub
 * @param retentionDays personal data of enquiries closed (and sign-ins received) longer ago is erased
 * @param trustProxy  a TLS-terminating proxy in front sets X-Forwarded-* (cookies are then Secure)
 * @param help        {@code --help} was given; nothing else is checked then
 * @param brokerCaFile the CA certificate (PEM) to trust for an ssl:// broker; null for the JDK's roots
 * @param keyPassphrase the passphrase of an encrypted sealing keyset ({@code --key-passphrase-file} or
 *                    {@code HUB_KEY_PASSPHRASE}); null for the plain mode-600 keyset file
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
        Path brokerCaFile,
        String keyPassphrase) {

    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final String DEFAULT_DATA_DIR = "data/hub";
    public static final String DEFAULT_MQTT_BIND = "127.0.0.1";
    public static final int DEFAULT_RETENTION_DAYS = 365;
    public static final int MAX_RETENTION_DAYS = 3650;

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Option name (without dashes) to its description, in the order usage lists them. */
    private static final Map<String, String> OPTIONS = options();
    /** Options that take no value. */
    private static final java.util.Set<String> FLAGS = java.util.Set.of("help", "trust-proxy");

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("http-port", "P|HTTP port of the dashboard and API (default 8081; 0 = any free port)");
        o.put("data", "DIR|data directory: keys, H2 store, broker.url (default ./data/hub)");
        o.put("mqtt-port", "Q|port of the embedded MQTT broker (default 1883; 0 = any free port)");
        o.put("mqtt-bind", "HOST|address the embedded broker listens on (default 127.0.0.1)");
        o.put("broker", "URL|an external broker (tcp://host:port or ssl://host:port) instead of the embedded one");
        o.put("broker-username", "U|user name at the external broker");
        o.put("broker-password", "S|its password (better: environment HUB_BROKER_PASSWORD)");
        o.put("broker-ca", "FILE|CA certificate (PEM) to trust for an ssl:// broker, e.g. provisioning's ca.pem");
        o.put("key-passphrase-file", "FILE|passphrase of an encrypted sealing key (first line; or environment "
                + "HUB_KEY_PASSPHRASE)");
        o.put("jdbc-url", "URL|PostgreSQL or H2 JDBC URL (default: H2 file in DIR)");
        o.put("jdbc-user", "U|database user");
        o.put("jdbc-password", "S|database password (better: environment HUB_JDBC_PASSWORD)");
        o.put("regions", "FILE|regions map JSON (default: Wales)");
        o.put("instance-id", "ID|this hub's name in its MQTT client id (default: host name and process id)");
        o.put("bank-holidays", "FILE|England and Wales bank holidays in GOV.UK's bank-holidays.json format (default: shipped list)");
        o.put("retention-days", "N|erase personal data of enquiries closed, and sign-ins received, over N days ago (default 365)");
        o.put("trust-proxy", "|a TLS proxy in front of the hub sets X-Forwarded-Proto/For (session cookies become Secure)");
        o.put("help", "|print this help");
        return Collections.unmodifiableMap(o);
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
                + ", help=" + help + ", brokerCaFile=" + brokerCaFile + ", keyPassphrase="
                + (keyPassphrase == null ? "none" : "***") + "]";
    }

    /** True when the hub starts its own broker rather than joining an external one. */
    public boolean embeddedBroker() {
        return brokerUrl == null;
    }

    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("usage: java -jar sync-hub.jar [options]\n");
        for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
            String[] argAndText = e.getValue().split("\\|", 2);
            String left = "--" + e.getKey() + (argAndText[0].isEmpty() ? "" : " " + argAndText[0]);
            b.append(String.format("  %-22s %s%n", left, argAndText[1]));
        }
        b.append("Every option can also be set in the environment as HUB_<OPTION>, e.g. HUB_HTTP_PORT=8081.\n");
        b.append("Users of the dashboard: java -jar sync-hub.jar user add|list|disable|password (see user --help).\n");
        b.append("The embedded broker (without --broker) is for one machine and trials: it refuses anonymous clients\n"
                + "and holds each kiosk to its own topics. Let a kiosk in with\n"
                + "  java -jar sync-hub.jar device add --device-id ID --password-file FILE   (see device --help)\n"
                + "and start it with --device-id ID --broker-password-file FILE. In production use Mosquitto with\n"
                + "TLS (--broker ssl://…) and the password and ACL files provisioning.jar writes.\n");
        return b.toString();
    }

    /**
     * Reads the command line, falling back to {@code env}; throws IllegalArgumentException with a
     * one-line message for anything wrong.
     */
    public static HubConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("option --" + name + " is given twice");
            }
        }
        if (given.containsKey("help")) {
            return defaults().withHelp();
        }
        Map<String, String> values = new HashMap<>();
        for (String name : OPTIONS.keySet()) {
            String v = given.containsKey(name) ? given.get(name) : env.get(envName(name));
            if (v != null && !v.isBlank()) {
                values.put(name, v.trim());
            }
        }
        return fromValues(values, env.get(KEY_PASSPHRASE_ENV));
    }

    /** The sealing key's passphrase itself is taken from the environment only, never the command line. */
    public static final String KEY_PASSPHRASE_ENV = "HUB_KEY_PASSPHRASE";

    private HubConfig withHelp() {
        return new HubConfig(httpPort, dataDir, mqttPort, mqttBind, brokerUrl, brokerUsername, brokerPassword,
                jdbcUrl, jdbcUser, jdbcPassword, regionsFile, instanceId, bankHolidaysFile, retentionDays, trustProxy,
                true, brokerCaFile, keyPassphrase);
    }

    private static HubConfig defaults() {
        Path data = Path.of(DEFAULT_DATA_DIR).toAbsolutePath().normalize();
        return new HubConfig(DEFAULT_HTTP_PORT, data, DEFAULT_MQTT_PORT, DEFAULT_MQTT_BIND, null, null, null,
                h2Url(data), null, null, null, defaultInstanceId(), null, DEFAULT_RETENTION_DAYS, false, false, null,
                null);
    }

    /** HUB_ plus the option in upper snake case: http-port becomes HUB_HTTP_PORT. */
    public static String envName(String option) {
        return "HUB_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static HubConfig fromValues(Map<String, String> v, String passphraseFromEnv) {
        int httpPort = port(v, "http-port", DEFAULT_HTTP_PORT);
        int mqttPort = port(v, "mqtt-port", DEFAULT_MQTT_PORT);
        String brokerUrl = v.get("broker");
        if (brokerUrl != null) {
            if (v.containsKey("mqtt-port")) {
                throw new IllegalArgumentException("give either --mqtt-port (embedded broker) or --broker (external), not both");
            }
            checkBrokerUrl(brokerUrl);
        }
        Path data;
        try {
            data = Path.of(v.getOrDefault("data", DEFAULT_DATA_DIR)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--data is not a usable path");
        }
        String jdbcUrl = v.getOrDefault("jdbc-url", h2Url(data));
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        Path regions = path(v, "regions");
        Path bankHolidays = path(v, "bank-holidays");
        int retentionDays = DEFAULT_RETENTION_DAYS;
        if (v.containsKey("retention-days")) {
            try {
                retentionDays = Integer.parseInt(v.get("retention-days"));
            } catch (NumberFormatException e) {
                retentionDays = -1;
            }
            if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
                throw new IllegalArgumentException("--retention-days must be a whole number of days from 1 to "
                        + MAX_RETENTION_DAYS + ", not '" + v.get("retention-days") + "'");
            }
        }
        boolean trustProxy = Boolean.parseBoolean(v.getOrDefault("trust-proxy", "false"));
        String instanceId = v.getOrDefault("instance-id", defaultInstanceId());
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException(
                    "--instance-id must be 1-63 letters, digits, dots, dashes or underscores");
        }
        String mqttBind = v.getOrDefault("mqtt-bind", DEFAULT_MQTT_BIND);
        Path brokerCa = path(v, "broker-ca");
        if (brokerCa != null && !java.nio.file.Files.isReadable(brokerCa)) {
            throw new IllegalArgumentException("--broker-ca " + brokerCa + ": no readable file");
        }
        String passphrase = keyPassphrase(path(v, "key-passphrase-file"), passphraseFromEnv);
        return new HubConfig(httpPort, data, mqttPort, mqttBind, brokerUrl, v.get("broker-username"),
                v.get("broker-password"), jdbcUrl, v.get("jdbc-user"), v.get("jdbc-password"), regions,
                instanceId, bankHolidays, retentionDays, trustProxy, false, brokerCa, passphrase);
    }

    private static String keyPassphrase(Path file, String fromEnv) {
        if (fromEnv != null && fromEnv.isEmpty()) {
            fromEnv = null;
        }
        if (file == null) {
            return fromEnv;
        }
        if (fromEnv != null) {
            throw new IllegalArgumentException("give either --key-passphrase-file or " + KEY_PASSPHRASE_ENV
                    + ", not both");
        }
        String text;
        try {
            text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("--key-passphrase-file " + file + ": cannot be read");
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--key-passphrase-file " + file + " is empty");
        }
        return line;
    }

    private static Path path(Map<String, String> v, String name) {
        if (!v.containsKey(name)) {
            return null;
        }
        try {
            return Path.of(v.get(name)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + name + " is not a usable path");
        }
    }

    private static int port(Map<String, String> v, String name, int fallback) {
        String text = v.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a port number from 0 to 65535, not '"
                + text + "'");
    }

    private static void checkBrokerUrl(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            if (scheme != null && (scheme.equals("tcp") || scheme.equals("ssl"))
                    && u.getHost() != null && u.getPort() > 0) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--broker must look like tcp://host:port or ssl://host:port");
    }

    /** The default store: an H2 file that writes each commit at once (a kill must not lose acked rows). */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("hub").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    private static String defaultInstanceId() {
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
