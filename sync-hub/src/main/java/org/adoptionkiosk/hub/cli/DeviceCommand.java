package org.adoptionkiosk.hub.cli;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.hub.registry.RegisteredDevice;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code java -jar sync-hub.jar device add|password|revoke|list …}: the plain way to let a kiosk
 * into the hub's embedded broker (which refuses anonymous clients), for people and scripts alike.
 * {@code add} registers the device in the hub's device registry, as {@code provisioning.jar device
 * add} does, and writes a new random broker password to a file of mode 600; the store keeps only
 * its bcrypt hash. Every answer is one line; errors go to stderr, exit 2 for a wrong command line
 * and 1 for a failure, never with a stack trace.
 */
@Command(name = "device", description = {
        "Lets kiosks into the hub's embedded MQTT broker.",
        "The embedded broker refuses anonymous clients and lets a kiosk in only with the password these commands "
                + "make: start the kiosk with --device-id ID --broker-password-file FILE. The hub's store keeps only "
                + "a bcrypt hash of the password.",
        "With the hub on H2 (its default store), run these while the hub is stopped: one process at a time opens "
                + "the H2 file.",
        "Production should still use Mosquitto with TLS, with the password and ACL files of the provisioning "
                + "tool's device add."})
public final class DeviceCommand implements Callable<Integer> {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_NAME = 120;
    private static final String DEVICE_ID = "2-63 lower-case letters, digits or dashes; also the kiosk's broker user name";
    private static final String PASSWORD_FILE = "where the new broker password is written (made with mode 600)";
    private static final String FORCE = "replace an existing --password-file";

    @Spec
    CommandSpec spec;

    private final StoreOptions store;
    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random;
    private final Clock clock;

    /** @param store the hub's store options (given to {@code device} or to any command above it) */
    public DeviceCommand(StoreOptions store, PrintStream out, PrintStream err) {
        this(store, out, err, new SecureRandom(), Clock.systemUTC());
    }

    DeviceCommand(StoreOptions store, PrintStream out, PrintStream err, SecureRandom random, Clock clock) {
        this.store = store;
        this.out = out;
        this.err = err;
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

    @Override
    public Integer call() {
        throw Cli.needsCommand(spec);
    }

    @Command(name = "add", description = "Registers a kiosk and writes a new random broker password to "
            + "--password-file (an existing file is refused unless --force).")
    int add(@Option(names = "--device-id", paramLabel = "ID", required = true, description = DEVICE_ID) String id,
            @Option(names = "--password-file", paramLabel = "FILE", required = true, description = PASSWORD_FILE)
            String file,
            @Option(names = "--force", description = FORCE) boolean force,
            @Option(names = "--region", paramLabel = "R", description = "the region it stands in (an id of the "
                    + "regions map; optional)") String region,
            @Option(names = "--site", paramLabel = "S", description = "the office where it stands (a site id; "
                    + "optional, and gives the region)") String site,
            @Option(names = "--name", paramLabel = "N", description = "a label for people (optional)") String name) {
        return run("add", new Line(id, file, force, region, site, name));
    }

    @Command(name = "password", description = "Gives a registered kiosk a new broker password in --password-file; "
            + "the old one stops working.")
    int password(@Option(names = "--device-id", paramLabel = "ID", required = true, description = DEVICE_ID)
                 String id,
                 @Option(names = "--password-file", paramLabel = "FILE", required = true,
                         description = PASSWORD_FILE) String file,
                 @Option(names = "--force", description = FORCE) boolean force) {
        return run("password", new Line(id, file, force, null, null, null));
    }

    @Command(name = "revoke", description = "Shuts a kiosk out for good: its id is never registered again.")
    int revoke(@Option(names = "--device-id", paramLabel = "ID", required = true, description = DEVICE_ID)
               String id) {
        return run("revoke", new Line(id, null, false, null, null, null));
    }

    @Command(name = "list", description = "Lists the registered kiosks and whether each has an embedded-broker "
            + "password.")
    int list() {
        return run("list", new Line(null, null, false, null, null, null));
    }

    /** One command's own options. */
    private record Line(String deviceId, String passwordFile, boolean force, String region, String site,
                        String name) {
    }

    /** Runs a verb: 0 when done; a wrong command line is a ParameterException (exit 2); 1 otherwise. */
    private int run(String verb, Line line) {
        try {
            return check(verb, line);
        } catch (Misuse e) {
            throw Cli.misuse(spec, e.getMessage());
        } catch (Failure e) {
            err.println("sync-hub: " + e.getMessage());
            return Cli.FAILURE;
        } catch (RuntimeException e) {
            err.println("sync-hub: " + oneLine(e));
            return Cli.FAILURE;
        }
    }

    private int check(String verb, Line line) throws Misuse, Failure {
        if (line.deviceId() != null && !Topics.isValidDeviceId(line.deviceId())) {
            throw new Misuse("--device-id must be 2-63 lower-case letters, digits or dashes, not '"
                    + line.deviceId() + "'");
        }
        Path passwordFile;
        try {
            passwordFile = Cli.path("--password-file", line.passwordFile());
        } catch (IllegalArgumentException e) {
            throw new Misuse(e.getMessage());
        }
        if (passwordFile != null) {
            checkPasswordFile(passwordFile, line.force());
        }
        String region = place(line);
        if (line.name() != null && (line.name().isBlank() || line.name().length() > MAX_NAME
                || CONTROL.matcher(line.name()).find())) {
            throw new Misuse("--name must be 1-" + MAX_NAME + " characters without control characters");
        }
        return switch (verb) {
            case "add", "password" -> issue(verb, line, passwordFile, region);
            case "revoke" -> revokeDevice(line);
            default -> listDevices();
        };
    }

    private static void checkPasswordFile(Path file, boolean force) throws Misuse {
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
    private String place(Line line) throws Misuse {
        if (line.region() == null && line.site() == null) {
            return null;
        }
        RegionMap map;
        try {
            map = store.regions();
        } catch (IllegalArgumentException e) {
            throw new Misuse(e.getMessage());
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
    private int issue(String verb, Line line, Path file, String region) throws Failure {
        String id = line.deviceId();
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
            try (HikariDataSource ds = openStore()) {
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

    private int revokeDevice(Line line) throws Failure {
        try (HikariDataSource ds = openStore()) {
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

    private int listDevices() throws Failure {
        try (HikariDataSource ds = openStore()) {
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
    private HikariDataSource openStore() throws Failure {
        try {
            DataDirectory.createPrivate(store.dataDir());
            return HubDatabase.open(store.jdbcUrl(), store.jdbcUser(), store.jdbcPassword());
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
