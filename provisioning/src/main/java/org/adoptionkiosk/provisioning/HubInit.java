package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.hub.cli.DataOption;
import org.adoptionkiosk.hub.cli.KeyOptions;
import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code hub init}: the hub's sealing key pair, a certificate authority, the broker's TLS
 * certificate, and a production Mosquitto configuration with its password and ACL files (the
 * hub's own broker user already in them). It makes all of it or nothing: a failed run leaves
 * neither keys nor a half-made folder, and never changes a file that was there before.
 */
@Command(name = "init", description = {"Makes the hub's keys, a certificate authority and the broker's files.",
        "The hub's sealing and signing keys go to the hub's --data; the certificate authority, the broker's TLS "
                + "certificate and a production Mosquitto configuration with its password and ACL files (the hub's "
                + "own broker user already in them) to --dir. All of it or nothing: a failed run leaves neither keys "
                + "nor a half-made folder."})
final class HubInit implements Callable<Integer> {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    @Option(names = "--broker-host", paramLabel = "HOST[,HOST...]", required = true,
            description = "the broker's DNS names and/or IP addresses, comma-separated: its TLS certificate is valid "
                    + "for each; kiosks connect to the first")
    String brokerHosts;

    @Option(names = "--broker-port", paramLabel = "PORT", converter = Cli.Port.class,
            description = "the TLS listener's port (default 8883)")
    Integer brokerPort;

    @Option(names = "--broker-bind", paramLabel = "ADDR", description = "the address it listens on (default: all)")
    String brokerBind;

    @Option(names = "--broker-user", paramLabel = "USER",
            description = "the system user Mosquitto runs as: its files are given to that group (default mosquitto)")
    String brokerUser;

    @Mixin
    DirOption dir = new DirOption();

    @Mixin
    DataOption data = new DataOption();

    @Mixin
    KeyOptions key = new KeyOptions();

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

    @Override
    public Integer call() throws UsageError, Failure {
        List<String> hosts = new ArrayList<>();
        for (String h : brokerHosts.split(",")) {
            String host = h.strip();
            if (!HOST.matcher(host).matches()) {
                throw new UsageError("--broker-host '" + host + "' is not a host name or IP address");
            }
            hosts.add(host);
        }
        int port = brokerPort == null ? 8883 : brokerPort;
        String bind = brokerBind;
        if (bind != null && !HOST.matcher(bind).matches()) {
            throw new UsageError("--broker-bind '" + bind + "' is not an address");
        }
        String brokerUser = this.brokerUser == null ? "mosquitto" : this.brokerUser;
        if (!USER.matcher(brokerUser).matches()) {
            throw new UsageError("--broker-user '" + brokerUser + "' is not a user name");
        }
        Path data;
        String passphrase;
        try {
            data = this.data.dir();
            passphrase = key.passphrase(env);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        Workspace ws = dir.workspace();
        if (Files.exists(ws.dir()) && !Files.isDirectory(ws.dir())) {
            throw new UsageError("--dir " + ws.dir() + " is a file, not a folder");
        }
        if (ws.initialised()) {
            throw new Failure(ws.dir() + " is already a provisioning folder; nothing was changed (use another "
                    + "--dir for a new CA)");
        }
        for (String entry : Workspace.ENTRIES) {
            if (Files.exists(ws.dir().resolve(entry), LinkOption.NOFOLLOW_LINKS)) {
                throw new Failure(ws.dir() + " already holds " + entry + " (left from an earlier hub init?); nothing "
                        + "was changed: remove it or use another --dir");
            }
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new UsageError("--data " + data + " is a file, not a folder");
        }
        String url = "ssl://" + (hosts.get(0).contains(":") ? "[" + hosts.get(0) + "]" : hosts.get(0)) + ":" + port;

        // Everything is made in a staging folder and put in place only when all of it is complete;
        // until then a failure takes back what this run made (see Undo) and nothing that was there
        // before is touched. The sealing key pair goes to the hub's data folder, everything else to
        // --dir; the key first: should the run stop between the two, the next hub init keeps that key.
        Undo undo = new Undo();
        String doing = "making " + ws.dir();
        try {
            boolean dirExisted = Files.isDirectory(ws.dir());
            Path stage;
            if (dirExisted) {
                // An existing (empty or unrelated) folder: built inside it, then moved entry by entry.
                stage = FileModes.stagingDirectory(ws.dir().resolve("hub-init"));
            } else {
                FileModes.directories(ws.dir().getParent(), undo);
                stage = FileModes.stagingDirectory(ws.dir());
            }
            undo.add(() -> FileModes.deleteTree(stage));
            Workspace staged = new Workspace(stage);

            boolean hadKey = SealingKeys.exists(data);
            doing = hadKey ? "loading the hub's sealing key pair from " + data : "making the hub's sealing key pair";
            if (passphrase != null) {
                progress.note((hadKey ? "loading the hub's sealing key pair" : "making the hub's sealing key pair")
                        + " (deriving the passphrase key with scrypt)");
            }
            boolean hadSigningKey = SigningKeys.exists(data);
            boolean hadIndexKey = IndexKey.exists(data);
            // Keys that are new are made in the staging folder and moved into --data at the end.
            Path newKeys = null;
            if (!hadKey || !hadSigningKey || !hadIndexKey) {
                newKeys = stage.resolve(".keys");
                FileModes.directory(newKeys, FileModes.PRIVATE_DIR);
            }
            SealingKeys keys = SealingKeys.loadOrCreate(hadKey ? data : newKeys, passphrase);
            doing = hadSigningKey ? "loading the hub's signing key from " + data : "making the hub's signing key";
            SigningKeys signing = SigningKeys.loadOrCreate(hadSigningKey ? data : newKeys, passphrase);
            if (!hadIndexKey) {
                // All the hub's keys made here, so instances started from copies of --data share them all.
                doing = "making the hub's person index key";
                IndexKey.loadOrCreate(newKeys);
            }

            doing = "writing the provisioning folder";
            FileModes.directory(staged.caDir(), FileModes.PRIVATE_DIR);
            FileModes.directory(staged.brokerDir(), FileModes.GROUP_DIR);
            FileModes.directory(staged.hubDir(), FileModes.PRIVATE_DIR);
            FileModes.directory(staged.devicesDir(), FileModes.PRIVATE_DIR);
            FileModes.write(staged.hubPublicKey(), Files.readString(keys.publicKeyFile()), FileModes.PUBLIC);
            FileModes.write(staged.hubSigningKey(), Files.readString(signing.publicKeyFile()), FileModes.PUBLIC);

            doing = "making the certificate authority and the broker's TLS certificate";
            Pki pki = new Pki(random);
            Pki.Issued ca = pki.newCa("Adoption kiosks broker CA", clock.instant());
            FileModes.write(staged.caDir().resolve("ca.key"), ca.keyPem(), FileModes.PRIVATE);
            FileModes.write(staged.caDir().resolve("ca.pem"), ca.certificatePem(), FileModes.PUBLIC);
            Pki.Issued server = pki.newServer(ca, hosts, clock.instant());

            doing = "writing the broker's files";
            BrokerFiles broker = new BrokerFiles(staged.brokerDir(), brokerUser);
            boolean grouped = FileModes.group(staged.brokerDir(), brokerUser);
            broker.writeShared(BrokerFiles.CA, ca.certificatePem());
            broker.writeShared(BrokerFiles.CERT, server.certificatePem());
            broker.writeShared(BrokerFiles.KEY, server.keyPem());
            // The configuration names the files where they will be, not where they are built.
            broker.writeShared(BrokerFiles.CONF, BrokerFiles.conf(ws.brokerDir(), bind, port, brokerUser));
            String hubPassword = MosquittoPassword.newPassword(random);
            broker.addUser(Workspace.HUB_USER, hubPassword, BrokerFiles.hubAcl(), random);

            FileModes.write(staged.hubDir().resolve("hub.env"), """
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
            staged.save(p);

            if (newKeys != null) {
                doing = "putting the hub's sealing key pair in " + data;
                publishKeys(newKeys, data, undo);
                FileModes.deleteTree(newKeys);
            }
            doing = "putting the provisioning folder in place at " + ws.dir();
            if (dirExisted) {
                // provisioning.properties (what makes it a provisioning folder) last.
                for (String entry : Workspace.ENTRIES) {
                    Path target = ws.dir().resolve(entry);
                    FileModes.moveInto(stage.resolve(entry), target);
                    undo.add(() -> FileModes.deleteTree(target));
                }
                FileModes.deleteTree(stage);
                FileModes.directory(ws.dir(), FileModes.PRIVATE_DIR);
            } else {
                FileModes.moveInto(stage, ws.dir());
            }
            undo.forget();

            out.println("hub sealing key: " + (hadKey ? "kept the existing one in " : "made in ") + data
                    + (passphrase == null ? " (plain, mode 600)" : " (encrypted with the passphrase)"));
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
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            boolean clean = undo.run();
            String cause = Problems.cause(e);
            String hint = cause.contains("passphrase") ? ""
                    : e instanceof GeneralSecurityException && doing.startsWith("loading")
                    ? " — check the key passphrase (--key-passphrase-file or HUB_KEY_PASSPHRASE)"
                    : e instanceof IOException ? " — check that --dir and --data can be written" : "";
            throw new Failure("hub init failed while " + doing + ": " + cause + hint
                    + (clean ? "; nothing was changed" : "; some of what it made could not be removed: look for "
                    + "hidden .tmp folders beside " + ws.dir()));
        }
    }

    /**
     * Copies the new key pair into the hub's data folder (made if missing, mode 700): the private
     * keyset first, then the public one. A data folder on another file system is fine: each file is
     * written beside its place and renamed. Whatever this makes is added to {@code undo}; a public
     * keyset that was there (without a private one) is put back as it was.
     */
    private static void publishKeys(Path newKeys, Path data, Undo undo) throws IOException {
        if (!Files.isDirectory(data)) {
            FileModes.directories(data.getParent(), undo);
            DataDirectory.createPrivate(data);
            undo.add(() -> Files.deleteIfExists(data));
        }
        for (String name : new String[] {SealingKeys.PRIVATE_FILE, SealingKeys.ENCRYPTED_FILE,
                SealingKeys.PUBLIC_FILE, SigningKeys.PRIVATE_FILE, SigningKeys.ENCRYPTED_FILE,
                SigningKeys.PUBLIC_FILE, IndexKey.FILE}) {
            Path from = newKeys.resolve(name);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = data.resolve(name);
            if (Files.exists(to)) {
                if (!name.equals(SealingKeys.PUBLIC_FILE) && !name.equals(SigningKeys.PUBLIC_FILE)) {
                    throw new FileAlreadyExistsException(to.toString(), null, "appeared while hub init ran");
                }
                byte[] old = Files.readAllBytes(to);
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(to));
                FileModes.copy(from, to);
                undo.add(() -> FileModes.write(to, old, mode));
            } else {
                FileModes.copy(from, to);
                undo.add(() -> Files.deleteIfExists(to));
            }
        }
    }
}
