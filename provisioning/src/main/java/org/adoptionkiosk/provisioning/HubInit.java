package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.store.DataDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code hub init}: the hub's sealing key pair, a certificate authority, the broker's TLS
 * certificate, and a production Mosquitto configuration with its password and ACL files (the
 * hub's own broker user already in them).
 */
final class HubInit {
    static final String USAGE = """
            usage: provisioning.jar hub init --broker-host HOST[,HOST…] [--broker-port 8883] [--broker-bind ADDR]
                                             [--broker-user mosquitto] [--dir DIR] [--data HUB_DIR]
                                             [--key-passphrase-file FILE]
              --broker-host     the broker's DNS names and/or IP addresses, comma-separated: its TLS certificate is
                                valid for each; kiosks connect to the first
              --broker-port     the TLS listener's port (default 8883)
              --broker-bind     the address it listens on (default: all)
              --broker-user     the system user Mosquitto runs as: its files are given to that group (default
                                mosquitto)
              --dir             this tool's folder (default ./kiosk-provisioning); holds the CA key: keep it private
              --data            the hub's data folder (the hub's own option): the sealing key pair goes there
              --key-passphrase-file FILE (or HUB_KEY_PASSPHRASE)
                                encrypt the hub's private key with this passphrase; without it the key is a file
                                readable by its owner only (mode 600). The hub then needs the same option.""";

    private static final Set<String> OPTIONS = Set.of("broker-host", "broker-port", "broker-bind", "broker-user",
            "dir", "data", "key-passphrase-file");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    private final PrintStream out;
    private final Progress progress;
    private final Map<String, String> env;
    private final SecureRandom random;
    private final Clock clock;

    HubInit(PrintStream out, Progress progress, Map<String, String> env, SecureRandom random, Clock clock) {
        this.out = out;
        this.progress = progress;
        this.env = env;
        this.random = random;
        this.clock = clock;
    }

    int run(List<String> argv) throws UsageError, Failure {
        Args a = Args.parse(argv, OPTIONS, Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageError("unexpected argument '" + a.positional().get(0) + "'");
        }
        List<String> hosts = new ArrayList<>();
        for (String h : a.required("broker-host", "the name kiosks use to reach the broker").split(",")) {
            String host = h.strip();
            if (!HOST.matcher(host).matches()) {
                throw new UsageError("--broker-host '" + host + "' is not a host name or IP address");
            }
            hosts.add(host);
        }
        int port = a.port("broker-port", 8883);
        String bind = a.get("broker-bind");
        if (bind != null && !HOST.matcher(bind).matches()) {
            throw new UsageError("--broker-bind '" + bind + "' is not an address");
        }
        String brokerUser = a.get("broker-user", "mosquitto");
        if (!USER.matcher(brokerUser).matches()) {
            throw new UsageError("--broker-user '" + brokerUser + "' is not a user name");
        }
        HubConfig hub;
        try {
            hub = HubConfig.parse(a.passOn(Set.of("data", "key-passphrase-file")).toArray(String[]::new), env);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        Workspace ws = new Workspace(Path.of(a.get("dir", Workspace.DEFAULT_DIR)).toAbsolutePath().normalize());
        if (ws.initialised()) {
            throw new Failure(ws.dir() + " is already a provisioning folder; nothing was changed (use another "
                    + "--dir for a new CA)");
        }
        String url = "ssl://" + (hosts.get(0).contains(":") ? "[" + hosts.get(0) + "]" : hosts.get(0)) + ":" + port;
        try {
            boolean hadKey = SealingKeys.exists(hub.dataDir());
            progress.note(hadKey ? "loading the hub's sealing key pair" : "making the hub's sealing key pair"
                    + (hub.keyPassphrase() == null ? "" : " (deriving the passphrase key with scrypt)"));
            DataDirectory.createPrivate(hub.dataDir());
            SealingKeys keys = SealingKeys.loadOrCreate(hub.dataDir(), hub.keyPassphrase());

            FileModes.directory(ws.dir(), FileModes.PRIVATE_DIR);
            FileModes.directory(ws.caDir(), FileModes.PRIVATE_DIR);
            FileModes.directory(ws.brokerDir(), FileModes.GROUP_DIR);
            FileModes.directory(ws.hubDir(), FileModes.PRIVATE_DIR);
            FileModes.directory(ws.devicesDir(), FileModes.PRIVATE_DIR);
            FileModes.write(ws.hubPublicKey(), Files.readString(keys.publicKeyFile()), FileModes.PUBLIC);

            progress.note("making the certificate authority and the broker's TLS certificate");
            Pki pki = new Pki(random);
            Pki.Issued ca = pki.newCa("Adoption kiosks broker CA", clock.instant());
            FileModes.write(ws.caDir().resolve("ca.key"), ca.keyPem(), FileModes.PRIVATE);
            FileModes.write(ws.caDir().resolve("ca.pem"), ca.certificatePem(), FileModes.PUBLIC);
            Pki.Issued server = pki.newServer(ca, hosts, clock.instant());

            BrokerFiles broker = new BrokerFiles(ws.brokerDir(), brokerUser);
            boolean grouped = FileModes.group(ws.brokerDir(), brokerUser);
            broker.writeShared(BrokerFiles.CA, ca.certificatePem());
            broker.writeShared(BrokerFiles.CERT, server.certificatePem());
            broker.writeShared(BrokerFiles.KEY, server.keyPem());
            broker.writeShared(BrokerFiles.CONF, BrokerFiles.conf(ws.brokerDir(), bind, port, brokerUser));
            String hubPassword = MosquittoPassword.newPassword(random);
            broker.addUser(Workspace.HUB_USER, hubPassword, BrokerFiles.hubAcl(), random);

            FileModes.write(ws.hubDir().resolve("hub.env"), """
                    # The hub's broker settings (systemd EnvironmentFile of the sync hub; mode 600).
                    HUB_BROKER=%s
                    HUB_BROKER_USERNAME=%s
                    HUB_BROKER_PASSWORD=%s
                    HUB_BROKER_CA=%s
                    """.formatted(url, Workspace.HUB_USER, hubPassword, ws.brokerDir().resolve(BrokerFiles.CA)),
                    FileModes.PRIVATE);

            Properties p = new Properties();
            p.setProperty("broker-url", url);
            p.setProperty("broker-hosts", String.join(",", hosts));
            p.setProperty("broker-group", brokerUser);
            p.setProperty("hub-user", Workspace.HUB_USER);
            ws.save(p);

            out.println("hub sealing key: " + (hadKey ? "kept the existing one in " : "made in ") + hub.dataDir()
                    + (hub.keyPassphrase() == null ? " (plain, mode 600)" : " (encrypted with the passphrase)"));
            out.println("certificate authority: " + ws.caDir().resolve("ca.pem") + " (its key stays in "
                    + ws.caDir() + ")");
            out.println("broker: " + url + "; Mosquitto files in " + ws.brokerDir() + " (include "
                    + BrokerFiles.CONF + " from mosquitto.conf)");
            if (!grouped) {
                out.println("note: could not give " + ws.brokerDir() + " to group " + brokerUser
                        + "; make its files readable by Mosquitto's user");
            }
            out.println("hub broker settings: " + ws.hubDir().resolve("hub.env")
                    + " (HUB_BROKER, HUB_BROKER_USERNAME, HUB_BROKER_PASSWORD, HUB_BROKER_CA)");
            return 0;
        } catch (IOException e) {
            throw new Failure("could not write the hub's files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new Failure("the hub's keys could not be made or read: " + e.getMessage(), e);
        }
    }
}
