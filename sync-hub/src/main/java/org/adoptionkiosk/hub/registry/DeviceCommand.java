package org.adoptionkiosk.hub.registry;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code java -jar sync-hub.jar device add|password|revoke|list …}: the plain way to let a kiosk
 * into the hub's embedded broker (which refuses anonymous clients), for people and scripts alike.
 * {@code add} registers the device in the hub's device registry, as {@code provisioning.jar device
 * add} does, and writes a new random broker password to a file of mode 600; the store keeps only
 * its bcrypt hash. Every answer is one line; errors go to stderr, exit 2 for a wrong command line
 * and 1 for a failure, never with a stack trace.
 */
public final class DeviceCommand {
    public static final String USAGE = """
            usage: java -jar sync-hub.jar device add --device-id ID --password-file FILE [--force]
                                                     [--region R] [--site S] [--name N]
                   java -jar sync-hub.jar device password --device-id ID --password-file FILE [--force]
                   java -jar sync-hub.jar device revoke --device-id ID
                   java -jar sync-hub.jar device list
            The hub's embedded MQTT broker refuses anonymous clients and lets a kiosk in only with the password
            these commands make. `add` registers the kiosk and writes a new random broker password to FILE
            (created with mode 600; an existing FILE is refused unless --force); `password` gives a registered
            kiosk a new one (the old one stops working). Start the kiosk with --device-id ID
            --broker-password-file FILE. The hub's store keeps only a bcrypt hash of the password. `revoke` shuts
            a kiosk out for good (its id is never registered again).
              --device-id ID   2-63 lower-case letters, digits or dashes; also the kiosk's broker user name
              --region R, --site S, --name N  where it stands (ids from the regions file) and a label; optional
            With the hub on H2 (its default store), run these while the hub is stopped: one process at a time
            opens the H2 file. The store options are the hub's own: --data, --jdbc-url, --jdbc-user,
            --jdbc-password, --regions (or HUB_* in the environment).
            Production should still use Mosquitto with TLS: provisioning.jar device add writes its password and
            ACL files.
            """;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_NAME = 120;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final SecureRandom random;
    private final Clock clock;

    public DeviceCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, new SecureRandom(), Clock.systemUTC());
    }

    DeviceCommand(PrintStream out, PrintStream err, Map<String, String> env, SecureRandom random, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.random = random;
        this.clock = clock;
    }

    /** A wrong command line: exit 2. */
    private static final class Misuse extends Exception {
        Misuse(String message) {
            super(message);
        }
    }

    /** Something that could not be done: exit 1. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** Runs the command; the exit code is 0 when done, 2 for a bad command line, 1 otherwise. */
    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "add", "password", "revoke", "list" -> run(args[0], parse(args));
                default -> throw new Misuse("unknown command 'device " + args[0] + "'");
            };
        } catch (Misuse e) {
            err.println("sync-hub device: " + e.getMessage() + " (see: java -jar sync-hub.jar device --help)");
            return 2;
        } catch (Failure e) {
            err.println("sync-hub device: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("sync-hub device: " + oneLine(e));
            return 1;
        }
    }

    /** The command line, split into this command's own options and the hub's store options. */
    private record Line(String deviceId, Path passwordFile, boolean force, String region, String site, String name,
                        HubConfig hub) {
    }

    private Line parse(String[] args) throws Misuse {
        List<String> hub = new ArrayList<>();
        String deviceId = null;
        String file = null;
        String region = null;
        String site = null;
        String name = null;
        boolean force = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--device-id", "--password-file", "--region", "--site", "--name" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new Misuse(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--device-id" -> deviceId = v;
                        case "--password-file" -> file = v;
                        case "--region" -> region = v;
                        case "--site" -> site = v;
                        default -> name = v;
                    }
                }
                case "--force" -> force = true;
                default -> {
                    hub.add(a);
                    if (!a.contains("=") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        hub.add(args[++i]);
                    }
                }
            }
        }
        HubConfig config;
        try {
            config = HubConfig.parse(hub.toArray(String[]::new), env);
        } catch (IllegalArgumentException e) {
            throw new Misuse(e.getMessage());
        }
        Path passwordFile = null;
        if (file != null) {
            try {
                passwordFile = Path.of(file).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                throw new Misuse("--password-file is not a usable path");
            }
        }
        return new Line(deviceId, passwordFile, force, region, site, name, config);
    }

    private int run(String verb, Line line) throws Misuse, Failure {
        boolean withFile = verb.equals("add") || verb.equals("password");
        if (!verb.equals("list")) {
            if (line.deviceId() == null) {
                throw new Misuse("--device-id is needed");
            }
            if (!Topics.isValidDeviceId(line.deviceId())) {
                throw new Misuse("--device-id must be 2-63 lower-case letters, digits or dashes, not '"
                        + line.deviceId() + "'");
            }
        } else if (line.deviceId() != null) {
            throw new Misuse("device list takes no --device-id");
        }
        if (withFile) {
            checkPasswordFile(line.passwordFile(), line.force());
        } else if (line.passwordFile() != null || line.force()) {
            throw new Misuse("only add and password write a --password-file");
        }
        if (!verb.equals("add") && (line.region() != null || line.site() != null || line.name() != null)) {
            throw new Misuse("only add takes --region, --site and --name");
        }
        String region = verb.equals("add") ? place(line) : null;
        if (line.name() != null && (line.name().isBlank() || line.name().length() > MAX_NAME
                || CONTROL.matcher(line.name()).find())) {
            throw new Misuse("--name must be 1-" + MAX_NAME + " characters without control characters");
        }
        return switch (verb) {
            case "add", "password" -> issue(verb, line, region);
            case "revoke" -> revoke(line);
            default -> list(line);
        };
    }

    private static void checkPasswordFile(Path file, boolean force) throws Misuse {
        if (file == null) {
            throw new Misuse("--password-file is needed: the new broker password is written there");
        }
        if (Files.isDirectory(file)) {
            throw new Misuse("--password-file " + file + " is a folder");
        }
        if (!force && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Misuse("--password-file " + file + " already exists; give --force to replace it");
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new Misuse("--password-file " + file + ": its folder does not exist");
        }
    }

    /** The region the device is in (its site's, when only the site is given), checked against the map. */
    private static String place(Line line) throws Misuse {
        if (line.region() == null && line.site() == null) {
            return null;
        }
        RegionMap map;
        try {
            WireCodec codec = new WireCodec();
            map = line.hub().regionsFile() == null ? RegionMap.wales(codec.mapper())
                    : RegionMap.load(line.hub().regionsFile(), codec.mapper());
        } catch (IOException | RuntimeException e) {
            throw new Misuse("the regions file could not be read: " + oneLine(e));
        }
        if (line.region() != null && map.region(line.region()).isEmpty()) {
            throw new Misuse("no region '" + line.region() + "' in the regions file; there are: "
                    + String.join(", ", map.regions().stream().map(RegionMap.Region::id).toList()));
        }
        if (line.site() == null) {
            return line.region();
        }
        Optional<Map.Entry<RegionMap.Region, RegionMap.Site>> found = map.site(line.site());
        if (found.isEmpty() || (line.region() != null && !found.get().getKey().id().equals(line.region()))) {
            throw new Misuse("no site '" + line.site() + "' in " + (line.region() == null ? "the regions file"
                    : "region " + line.region()));
        }
        return found.get().getKey().id();
    }

    /** {@code add} or {@code password}: a new random password, its hash in the registry, the password in the file. */
    private int issue(String verb, Line line, String region) throws Failure {
        String id = line.deviceId();
        Path file = line.passwordFile();
        String password = BrokerAccess.newPassword(random);
        String hash = new Passwords(random).hash(password);
        // Written beside the file first, so a store that cannot be used leaves no file behind, and a
        // file that cannot be written is known before the store changes.
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + Long.toHexString(random.nextLong()));
        try {
            Files.createFile(tmp, ownerOnly());
            Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            throw new Failure("cannot write " + file + ": " + oneLine(e));
        }
        try {
            try (HikariDataSource ds = openStore(line.hub())) {
                DeviceRegistry registry = new DeviceRegistry(ds);
                if (verb.equals("add")) {
                    if (registry.find(id).isPresent()) {
                        throw new Failure("device " + id + " is already registered; give it a new broker password"
                                + " with: device password --device-id " + id + " --password-file FILE");
                    }
                    registry.register(id, region, line.site(), line.name() == null ? null : line.name().strip(),
                            clock.instant(), hash);
                } else {
                    registry.setBrokerPasswordHash(id, hash);
                }
            } catch (SQLException e) {
                throw new Failure("the hub's store failed (SQL state " + e.getSQLState() + "): " + oneLine(e));
            } catch (DeviceRegistry.RegistryProblem e) {
                throw new Failure(e.getMessage() + (verb.equals("password") && e.getMessage().startsWith("no device")
                        ? "; let it in with: device add --device-id " + id + " --password-file FILE" : ""));
            }
            place(tmp, file, line.force());
            tmp = null;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Nothing of value is in it: its password was never stored.
                }
            }
        }
        out.println(verb.equals("add")
                ? "device " + id + " registered; its broker password is in " + file + " (mode 600): start the kiosk"
                        + " with --device-id " + id + " --broker-password-file " + file
                : "device " + id + " has a new broker password in " + file + " (mode 600); the old one no longer"
                        + " lets it in");
        return 0;
    }

    /** Puts the finished file in place: never over an existing one unless {@code force}. */
    private static void place(Path tmp, Path file, boolean force) throws Failure {
        try {
            if (force) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // A hard link is made only where no file is: an existing one is never replaced.
                boolean linked;
                try {
                    Files.createLink(file, tmp);
                    linked = true;
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (IOException | UnsupportedOperationException e) {
                    linked = false;
                }
                if (linked) {
                    Files.delete(tmp);
                } else {
                    // No hard links on this file system: a plain move, which also refuses an existing file.
                    Files.move(tmp, file);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new Failure("the store has the new password but " + file + " could not be written ("
                    + oneLine(e) + "); make another with: device password --force");
        }
    }

    private int revoke(Line line) throws Failure {
        try (HikariDataSource ds = openStore(line.hub())) {
            RegisteredDevice d = new DeviceRegistry(ds).revoke(line.deviceId(), clock.instant());
            out.println("device " + d.deviceId() + " revoked at " + d.revokedAt() + "; the embedded broker refuses"
                    + " it from its next connection and the hub refuses whatever it still sends");
            return 0;
        } catch (SQLException e) {
            throw new Failure("the hub's store failed (SQL state " + e.getSQLState() + "): " + oneLine(e));
        } catch (DeviceRegistry.RegistryProblem e) {
            throw new Failure(e.getMessage());
        }
    }

    private int list(Line line) throws Failure {
        try (HikariDataSource ds = openStore(line.hub())) {
            DeviceRegistry registry = new DeviceRegistry(ds);
            out.println("device\tregion\tsite\tname\tregistered\tstate\tembedded broker");
            for (RegisteredDevice d : registry.list()) {
                boolean password = !d.revoked() && registry.brokerPasswordHash(d.deviceId()).isPresent();
                out.println(d.deviceId() + "\t" + dash(d.region()) + "\t" + dash(d.site()) + "\t" + dash(d.name())
                        + "\t" + d.registeredAt() + "\t" + (d.revoked() ? "revoked " + d.revokedAt() : "active")
                        + "\t" + (password ? "password" : "-"));
            }
            return 0;
        } catch (SQLException e) {
            throw new Failure("the hub's store failed (SQL state " + e.getSQLState() + "): " + oneLine(e));
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    /** H2 lets one process at a time open its file: a running hub on its default store holds it. */
    private static HikariDataSource openStore(HubConfig hub) throws Failure {
        try {
            DataDirectory.createPrivate(hub.dataDir());
            return HubDatabase.open(hub.jdbcUrl(), hub.jdbcUser(), hub.jdbcPassword());
        } catch (IOException | RuntimeException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append(' ');
            }
            String hint = all.toString().contains("already in use")
                    ? " (the H2 store is open in another process, most likely the running hub: stop the hub while"
                    + " this command runs, or keep the hub's store in PostgreSQL)" : "";
            throw new Failure("the hub's store could not be opened: " + oneLine(rootCause(e)) + hint);
        }
    }

    /** Mode 600 where the file system has POSIX modes. */
    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
