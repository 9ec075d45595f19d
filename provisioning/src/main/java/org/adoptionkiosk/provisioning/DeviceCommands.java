package org.adoptionkiosk.provisioning;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.KioskBundle;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.hub.cli.StoreOptions;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.hub.registry.RegisteredDevice;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@code device add | batch | revoke | list}: a device's identity, broker credentials and ACL,
 * optional client certificate, staff PIN hash and config bundle, registered with the hub through
 * the hub's own registry on the hub's own store (its {@code --data} / {@code --jdbc-url} options).
 */
@Command(name = "device", description = {"Makes, revokes and lists kiosks.",
        "Each kiosk gets its identity, broker password and ACL, optionally a client certificate and a staff PIN "
                + "hash, and a config bundle; it is registered in the hub's own store (the hub's --data, or "
                + "--jdbc-url)."})
final class DeviceCommands implements Callable<Integer> {
    private static final String ID_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int MAX_NAME = 120;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final String CLIENT_CERT = "also make a client certificate for the device";
    private static final String STAFF_PIN_HASH = "the staff PIN's hash from `appliance.jar hash-pin`";
    private static final String STAFF_PIN_STDIN = "read the staff PIN (4-8 digits) from standard input and hash it "
            + "here";

    /** One device to make, as the command line or a CSV line gives it. */
    record Request(String id, String region, String site, String name) {
    }

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final Progress progress;
    private final BufferedReader stdin;
    private final SecureRandom random;
    private final Clock clock;

    DeviceCommands(PrintStream out, Progress progress, BufferedReader stdin, SecureRandom random, Clock clock) {
        this.out = out;
        this.progress = progress;
        this.stdin = stdin;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        throw Cli.needsCommand(spec);
    }

    @Command(name = "add", description = "Makes one kiosk: its bundle goes to DIR/devices/ID (or --out).")
    int add(@Option(names = "--region", paramLabel = "R", required = true,
                    description = "the region of the regions map (the hub's --regions; default Wales)") String region,
            @Option(names = "--site", paramLabel = "S", required = true,
                    description = "the office of that region where it stands") String site,
            @Option(names = "--name", paramLabel = "N",
                    description = "a label for people, such as \"Eisteddfod stand 1\" (at most 120 characters)")
            String name,
            @Option(names = "--id", paramLabel = "ID",
                    description = "the device id (default: kiosk- and 8 random letters and digits)") String id,
            @Option(names = "--client-cert", description = CLIENT_CERT) boolean clientCert,
            @Option(names = "--staff-pin-hash", paramLabel = "HASH", description = STAFF_PIN_HASH) String pinHash,
            @Option(names = "--staff-pin-stdin", description = STAFF_PIN_STDIN) boolean pinStdin,
            @Option(names = "--out", paramLabel = "DIR",
                    description = "where the bundle goes (default DIR/devices/ID); must not exist yet") String out,
            @Mixin DirOption dir, @Mixin ReloadOption reload, @Mixin StoreOptions storeOptions)
            throws UsageError, Failure {
        Context ctx = context(storeOptions, dir, reload);
        Request r = request(ctx.regions(), id, region, site, name, "");
        Path outDir;
        try {
            outDir = Cli.path("--out", out);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (outDir != null) {
            if (Files.exists(outDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new UsageError("--out " + outDir + " already exists");
            }
            for (Path p = outDir.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    if (!Files.isDirectory(p)) {
                        throw new UsageError("--out " + outDir + ": " + p + " is a file, not a folder");
                    }
                    break;
                }
            }
        }
        StaffPin pin = staffPin(pinHash, pinStdin);
        try (HikariDataSource ds = ctx.openStore()) {
            Made made = make(ctx, ds, List.of(r), clientCert, pin, outDir, false).get(0);
            this.out.println("device " + made.id() + " registered (" + r.region() + " / " + r.site()
                    + (r.name() == null ? "" : ", \"" + r.name() + "\"") + ")");
            this.out.println("bundle: " + made.bundle() + " (copy it to the Pi: sudo install.sh BUNDLE)");
            if (pin == null) {
                this.out.println("note: no staff PIN hash: the kiosk's staff dashboard stays closed until the hub "
                        + "pushes one");
            }
            reloadBroker(ctx, "device " + made.id() + " is made");
            return 0;
        }
    }

    @Command(name = "batch", description = "Makes a kiosk for each line of a CSV file with the header line "
            + "\"region,site,name\"; all of them or none.")
    int batch(@Parameters(paramLabel = "FILE.csv", arity = "0..*", description = "the devices, one per line")
              List<String> files,
              @Option(names = "--client-cert", description = CLIENT_CERT) boolean clientCert,
              @Option(names = "--staff-pin-hash", paramLabel = "HASH", description = STAFF_PIN_HASH) String pinHash,
              @Option(names = "--staff-pin-stdin", description = STAFF_PIN_STDIN) boolean pinStdin,
              @Mixin DirOption dir, @Mixin ReloadOption reload, @Mixin StoreOptions storeOptions)
            throws UsageError, Failure {
        if (files == null || files.size() != 1) {
            throw new UsageError("device batch needs exactly one CSV file");
        }
        Path csv;
        try {
            csv = Path.of(files.get(0));
        } catch (InvalidPathException e) {
            throw new UsageError("'" + files.get(0) + "' is not a usable path");
        }
        if (!Files.isReadable(csv) || Files.isDirectory(csv)) {
            throw new UsageError(csv + ": no readable CSV file");
        }
        Context ctx = context(storeOptions, dir, reload);
        List<Request> requests = readCsv(csv, ctx.regions());
        StaffPin pin = staffPin(pinHash, pinStdin);
        try (HikariDataSource ds = ctx.openStore()) {
            List<Made> made = make(ctx, ds, requests, clientCert, pin, null, true);
            for (Made m : made) {
                out.println(m.id() + "\t" + m.request().region() + "\t" + m.request().site() + "\t" + m.bundle());
            }
            out.println(made.size() + " devices registered; bundles in " + ctx.ws().devicesDir());
            reloadBroker(ctx, "the " + made.size() + " devices are made");
            return 0;
        }
    }

    /**
     * Revoked in the hub's registry first, then the broker login removed. The new broker files are
     * written before (beside the real ones), so what can fail after the revocation is only their
     * two renames. A revocation is never taken back: if the broker files cannot be replaced, the
     * device stays revoked (the hub refuses whatever it sends) and running {@code device revoke}
     * again finishes the job (revoking again is harmless).
     */
    @Command(name = "revoke", description = "Revokes a kiosk at the hub and removes its broker password and ACL; "
            + "its id is never given out again.")
    int revoke(@Parameters(paramLabel = "ID", arity = "0..*", description = "the device id") List<String> ids,
               @Mixin DirOption dir, @Mixin ReloadOption reload, @Mixin StoreOptions storeOptions)
            throws UsageError, Failure {
        if (ids == null || ids.size() != 1) {
            throw new UsageError("device revoke needs exactly one device id");
        }
        String id = ids.get(0);
        if (!Topics.isValidDeviceId(id) || id.equals(Workspace.HUB_USER)) {
            throw new UsageError("'" + id + "' is not a device id");
        }
        Context ctx = context(storeOptions, dir, reload);
        try (HikariDataSource ds = ctx.openStore()) {
            DeviceRegistry registry = new DeviceRegistry(ds);
            Optional<RegisteredDevice> known;
            try {
                known = registry.find(id);
            } catch (SQLException e) {
                throw storeFailed("looking up " + id, e, "nothing was changed");
            }
            if (known.isEmpty()) {
                throw new UsageError("no device '" + id + "' is registered with this hub");
            }
            BrokerFiles.Change change;
            try {
                change = ctx.broker().stageRemove(id);
            } catch (IOException | RuntimeException e) {
                throw new Failure("cannot rewrite the broker's files in " + ctx.broker().dir() + ": "
                        + Problems.cause(e) + "; nothing was changed — check that --dir can be written");
            }
            try (change) {
                RegisteredDevice d;
                try {
                    d = registry.revoke(id, clock.instant());
                } catch (SQLException e) {
                    throw storeFailed("revoking " + id, e, "nothing was changed");
                } catch (DeviceRegistry.RegistryProblem e) {
                    throw new UsageError(e.getMessage());
                }
                try {
                    change.publish();
                } catch (IOException | RuntimeException e) {
                    throw new Failure("device " + id + " is revoked at the hub, but its broker password could not be "
                            + "removed from " + ctx.broker().dir() + ": " + Problems.cause(e) + " — run `device revoke "
                            + id + "` again once the folder can be written");
                }
                out.println("device " + id + " revoked at " + d.revokedAt() + "; the hub refuses whatever it sends");
                out.println(change.found() ? "broker: its password and ACL are removed"
                        : "broker: it had no password or ACL");
            }
            reloadBroker(ctx, "device " + id + " is revoked");
            return 0;
        }
    }

    @Command(name = "list", description = "Lists the kiosks registered with the hub: id, region, site, name, "
            + "when registered, active or revoked.")
    int list(@Mixin DirOption dir, @Mixin StoreOptions storeOptions) throws UsageError, Failure {
        Store hub = Store.of(storeOptions);
        regions(hub);
        try (HikariDataSource ds = openStore(hub, false)) {
            List<RegisteredDevice> all;
            try {
                all = new DeviceRegistry(ds).list();
            } catch (SQLException e) {
                throw storeFailed("listing the devices", e, null);
            }
            out.println("device\tregion\tsite\tname\tregistered\tstate");
            for (RegisteredDevice d : all) {
                out.println(d.deviceId() + "\t" + (d.region() == null ? "-" : d.region()) + "\t"
                        + (d.site() == null ? "-" : d.site()) + "\t"
                        + (d.name() == null ? "-" : d.name()) + "\t" + d.registeredAt() + "\t"
                        + (d.revoked() ? "revoked " + d.revokedAt() : "active"));
            }
            return 0;
        }
    }

    /** What one device got. */
    private record Made(String id, Request request, Path bundle) {
    }

    /**
     * Makes the devices: all of them or none. The order, and why a failure at any step leaves
     * nothing half-made:
     * <ol>
     * <li>Every file, complete, under a temporary name: each bundle in a staging folder beside its
     * place, the new password and ACL files beside the real ones. Nothing reads them yet; a failure
     * removes them.</li>
     * <li>Registration in the hub's store: the step most likely to fail (the store locked by a
     * running hub, unreachable, a row refused) comes while nothing is visible yet; a failure removes
     * the files.</li>
     * <li>Into place: each bundle folder with one rename within its parent folder, then the ACL and
     * the password file, each with one rename (see {@link BrokerFiles.Change}). A rename within a
     * folder is the step least likely to fail; if one does, the bundles moved so far are removed,
     * the broker files are put back and the registrations deleted.</li>
     * </ol>
     * Registration comes before the credentials are in force, never after: a broker login of a
     * device the hub does not know could not be revoked with {@code device revoke}, whereas a
     * registration whose credentials are not in force yet is harmless (nothing can log in as it)
     * and is taken back.
     */
    private List<Made> make(Context ctx, HikariDataSource ds, List<Request> requests, boolean clientCert,
                            StaffPin pin, Path outDir, boolean batch) throws UsageError, Failure {
        DeviceRegistry registry = new DeviceRegistry(ds);
        Map<String, String> brokerUsers;
        try {
            brokerUsers = ctx.broker().passwords();
        } catch (IOException | RuntimeException e) {
            throw new Failure("cannot read the broker's password file in " + ctx.broker().dir() + ": "
                    + Problems.cause(e) + "; nothing was changed");
        }
        List<Made> plan = new ArrayList<>();
        Set<String> taken = new HashSet<>(brokerUsers.keySet());
        try {
            for (Request r : requests) {
                String id = r.id();
                if (id == null) {
                    id = freshId(ctx, registry, taken);
                } else if (taken.contains(id) || registry.find(id).isPresent()) {
                    throw new UsageError("--id " + id + " is already in use");
                } else if (outDir == null && Files.exists(ctx.ws().devicesDir().resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                    throw new UsageError("--id " + id + ": " + ctx.ws().devicesDir().resolve(id) + " already exists");
                }
                taken.add(id);
                plan.add(new Made(id, r, outDir != null ? outDir : ctx.ws().devicesDir().resolve(id)));
            }
        } catch (SQLException e) {
            throw storeFailed("looking up device ids", e, "nothing was changed");
        }
        String pinHash = pin == null ? null : pin.hash() != null ? pin.hash() : hashPin(pin.pin());

        Undo undo = new Undo();
        String doing = "starting";
        String hint = "check that --dir" + (outDir == null ? "" : " and --out") + " can be written";
        try {
            Map<String, String> passwords = new LinkedHashMap<>();
            Map<String, List<String>> acls = new LinkedHashMap<>();
            List<Path> staged = new ArrayList<>();
            int done = 0;
            if (batch) {
                progress.step(0, plan.size(), "devices");
            }
            for (Made m : plan) {
                doing = "writing the bundle of " + m.id() + " beside " + m.bundle();
                FileModes.directories(m.bundle().getParent(), undo);
                Path stage = FileModes.stagingDirectory(m.bundle());
                undo.add(() -> FileModes.deleteTree(stage));
                String password = MosquittoPassword.newPassword(random);
                writeBundle(ctx, stage, m.id(), m.request(), password, clientCert, pinHash);
                passwords.put(m.id(), password);
                acls.put(m.id(), BrokerFiles.deviceAcl(m.id()));
                staged.add(stage);
                if (batch) {
                    progress.step(++done, plan.size(), m.id());
                }
            }
            doing = "writing the broker's password and ACL files in " + ctx.broker().dir();
            BrokerFiles.Change change = ctx.broker().stageAdd(passwords, acls, random);
            undo.add(change::close);

            hint = storeHint(ctx.hub());
            for (Made m : plan) {
                doing = "registering " + m.id() + " in the hub's store";
                registry.register(m.id(), m.request().region(), m.request().site(), m.request().name(),
                        clock.instant());
                undo.add(() -> unregister(ds, m.id()));
            }

            hint = "check that --dir" + (outDir == null ? "" : " and --out") + " can be written";
            for (int i = 0; i < plan.size(); i++) {
                Path bundle = plan.get(i).bundle();
                doing = "moving the bundle of " + plan.get(i).id() + " to " + bundle;
                FileModes.moveInto(staged.get(i), bundle);
                undo.add(() -> FileModes.deleteTree(bundle));
            }
            doing = "putting the new password and ACL files in place in " + ctx.broker().dir();
            change.publish();
            change.close();
            undo.forget();
            return plan;
        } catch (Exception e) {
            boolean clean = undo.run();
            String what = plan.size() == 1 ? "device " + plan.get(0).id() : "the batch";
            String after = clean
                    ? (plan.size() == 1 ? "; nothing of it was kept" : "; none of its devices was kept")
                    : "; not all of it could be taken back: check `device list` (revoke what should not be there) "
                    + "and the folders beside " + plan.get(0).bundle();
            if (e instanceof DeviceRegistry.RegistryProblem) {
                throw new UsageError(e.getMessage() + after);
            }
            String sqlState = e instanceof SQLException sql && sql.getSQLState() != null
                    ? " (SQL state " + sql.getSQLState() + ")" : "";
            throw new Failure(what + " could not be made while " + doing + ": " + Problems.cause(e) + sqlState
                    + " — " + hint + after);
        }
    }

    /**
     * Takes back a registration this run made a moment ago. The hub's {@link DeviceRegistry} can
     * register and revoke but not take back, and revoking would keep the id listed and used for
     * good; so the row this run inserted is deleted, by its key and only while it is not revoked.
     * (A {@code DeviceRegistry.unregister} in the hub would be its better home.)
     */
    private static void unregister(DataSource ds, String id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM device_registry WHERE device_id = ? AND revoked_at IS NULL")) {
            c.setAutoCommit(true);
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private void writeBundle(Context ctx, Path bundle, String id, Request r, String password, boolean clientCert,
                             String pinHash) throws IOException, GeneralSecurityException {
        FileModes.directory(bundle, FileModes.PRIVATE_DIR);
        Properties p = new Properties();
        p.setProperty("device-id", id);
        p.setProperty("broker", ctx.props().getProperty("broker-url"));
        p.setProperty("region", r.region());
        p.setProperty("site", r.site());
        if (r.name() != null) {
            p.setProperty("name", r.name());
        }
        if (pinHash != null) {
            p.setProperty("staff-pin-hash", pinHash);
        }
        StringWriter w = new StringWriter();
        p.store(w, "config bundle of kiosk " + id + ", made by provisioning.jar device add");
        FileModes.write(bundle.resolve(KioskBundle.PROPERTIES), w.toString(), FileModes.PRIVATE);
        FileModes.write(bundle.resolve(KioskBundle.PASSWORD), password + "\n", FileModes.PRIVATE);
        FileModes.write(bundle.resolve(KioskBundle.CA), Files.readString(ctx.ws().caDir().resolve("ca.pem")),
                FileModes.PUBLIC);
        FileModes.write(bundle.resolve(KioskBundle.HUB_KEY), Files.readString(ctx.ws().hubPublicKey()),
                FileModes.PUBLIC);
        FileModes.write(bundle.resolve(KioskBundle.HUB_SIGNING_KEY), Files.readString(ctx.ws().hubSigningKey()),
                FileModes.PUBLIC);
        if (clientCert) {
            Path caDir = ctx.ws().caDir();
            Pki.Issued ca = Pki.read(Files.readString(caDir.resolve("ca.pem")), Files.readString(caDir.resolve("ca.key")));
            Pki.Issued cert = new Pki(random).newClient(ca, id, clock.instant());
            FileModes.write(bundle.resolve(KioskBundle.CLIENT_CERT), cert.certificatePem(), FileModes.PUBLIC);
            FileModes.write(bundle.resolve(KioskBundle.CLIENT_KEY), cert.keyPem(), FileModes.PRIVATE);
        }
    }

    private String freshId(Context ctx, DeviceRegistry registry, Set<String> taken) throws SQLException {
        while (true) {
            StringBuilder b = new StringBuilder("kiosk-");
            for (int i = 0; i < 8; i++) {
                b.append(ID_LETTERS.charAt(random.nextInt(ID_LETTERS.length())));
            }
            String id = b.toString();
            if (!taken.contains(id) && !Files.exists(ctx.ws().devicesDir().resolve(id), LinkOption.NOFOLLOW_LINKS)
                    && registry.find(id).isEmpty()) {
                return id;
            }
        }
    }

    private Request request(RegionMap regions, String id, String region, String site, String name, String where)
            throws UsageError {
        if (id != null && (!Topics.isValidDeviceId(id) || id.equals(Workspace.HUB_USER))) {
            throw new UsageError(where + "--id must be 2-63 lower-case letters, digits or dashes (and not '"
                    + Workspace.HUB_USER + "')");
        }
        try {
            ApplianceConfig.placeIn(regions, region, site);
        } catch (IllegalArgumentException e) {
            throw new UsageError(where + e.getMessage());
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME || CONTROL.matcher(name).find())) {
            throw new UsageError(where + "--name must be 1-" + MAX_NAME + " characters without control characters");
        }
        return new Request(id, region, site, name == null ? null : name.strip());
    }

    private List<Request> readCsv(Path csv, RegionMap regions) throws UsageError, Failure {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UsageError(csv + " is not UTF-8 text");
        } catch (IOException e) {
            throw new Failure(csv + " cannot be read: " + Problems.cause(e));
        }
        if (lines.isEmpty() || !lines.get(0).strip().replace(" ", "").toLowerCase().startsWith("region,site")) {
            throw new UsageError(csv + ": the first line must be the header region,site,name");
        }
        List<Request> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = csv.getFileName() + " line " + (i + 1) + ": ";
            String[] cells = line.split(",", -1);
            if (cells.length < 2 || cells.length > 3) {
                throw new UsageError(where + "expected region,site[,name]");
            }
            String name = cells.length == 3 && !cells[2].isBlank() ? cells[2].strip() : null;
            out.add(request(regions, null, cells[0].strip(), cells[1].strip(), name, where));
        }
        if (out.isEmpty()) {
            throw new UsageError(csv + " lists no devices");
        }
        return out;
    }

    /** The staff PIN as given: its hash ({@code --staff-pin-hash}), or the PIN itself, to hash once it is needed. */
    private record StaffPin(String hash, String pin) {
    }

    /** Checks the staff PIN options (and reads the PIN from standard input); null when neither is given. */
    private StaffPin staffPin(String hash, boolean fromStdin) throws UsageError, Failure {
        if (hash != null && fromStdin) {
            throw new UsageError("give either --staff-pin-hash or --staff-pin-stdin, not both");
        }
        if (hash != null) {
            if (!PinHash.isValidHash(hash)) {
                throw new UsageError("--staff-pin-hash is not a PIN hash: make one with `java -jar appliance.jar hash-pin`");
            }
            return new StaffPin(hash, null);
        }
        if (!fromStdin) {
            return null;
        }
        String pin;
        try {
            pin = stdin.readLine();
        } catch (IOException e) {
            throw new Failure("cannot read the staff PIN from standard input: " + Problems.cause(e));
        }
        pin = pin == null ? null : pin.strip();
        if (!PinHash.isValidPin(pin)) {
            throw new UsageError("--staff-pin-stdin: a staff PIN is 4 to 8 digits");
        }
        return new StaffPin(null, pin);
    }

    private String hashPin(String pin) {
        progress.note("hashing the staff PIN (PBKDF2, " + PinHash.ITERATIONS + " rounds)");
        return PinHash.hash(pin, PinHash.ITERATIONS, random);
    }

    /**
     * Sends the broker SIGHUP when told its pid file; otherwise says what the operator must do.
     *
     * @param done what is finished whatever happens here, for the message when the signal fails
     */
    private void reloadBroker(Context ctx, String done) throws Failure {
        if (ctx.reloadPidFile() == null) {
            out.println("reload Mosquitto so it reads the new password and ACL files: systemctl reload mosquitto");
            return;
        }
        String also = done + ", but Mosquitto was not told to reload (run systemctl reload mosquitto): ";
        String pid;
        try {
            pid = Files.readString(ctx.reloadPidFile()).strip();
        } catch (IOException | RuntimeException e) {
            throw new Failure(also + "--reload-pid-file " + ctx.reloadPidFile() + " cannot be read");
        }
        if (!ReloadOption.PID.matcher(pid).matches()) {
            throw new Failure(also + "--reload-pid-file " + ctx.reloadPidFile() + " holds no pid");
        }
        try {
            Process p = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new Failure(also + "signalling pid " + pid + " failed: " + Problems.firstLine(said));
            }
        } catch (IOException e) {
            throw new Failure(also + "kill could not be run: " + Problems.cause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(also + "interrupted while signalling it");
        }
        out.println("Mosquitto (pid " + pid + ") told to reload its password and ACL files");
    }

    /** What every device command but list works on. */
    private record Context(Workspace ws, Properties props, BrokerFiles broker, Store hub, RegionMap regions,
                           Path reloadPidFile) {
        HikariDataSource openStore() throws Failure {
            return DeviceCommands.openStore(hub, true);
        }
    }

    /**
     * Everything a device command needs from the command line, checked before anything is opened
     * or written.
     */
    private Context context(StoreOptions storeOptions, DirOption dir, ReloadOption reload)
            throws UsageError, Failure {
        Store hub = Store.of(storeOptions);
        RegionMap regions = regions(hub);
        Workspace ws = dir.workspace();
        Properties props;
        try {
            props = ws.load();
        } catch (IOException | RuntimeException e) {
            throw new Failure(ws.properties() + " cannot be read: " + Problems.cause(e)
                    + " — check --dir points at the folder of `hub init`");
        }
        if (props.getProperty("broker-url") == null) {
            throw new Failure(ws.properties() + " has no broker-url: is --dir the folder of `hub init`?");
        }
        return new Context(ws, props, ws.broker(props), hub, regions, reload.pidFile());
    }

    /** The hub's store and regions map as its options give them, checked. */
    record Store(Path dataDir, String jdbcUrl, String jdbcUser, String jdbcPassword, Path regionsFile) {
        static Store of(StoreOptions o) throws UsageError {
            try {
                return new Store(o.dataDir(), o.jdbcUrl(), o.jdbcUser(), o.jdbcPassword(), o.regionsFile());
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
    }

    /**
     * The regions map of {@code --regions} (or HUB_REGIONS); the Wales map without either. A file
     * that is missing, unreadable or no regions map is a wrong command line: exit 2, in every
     * command that takes {@code --regions} (device add, batch, revoke and list), before anything is
     * opened or written.
     */
    private static RegionMap regions(Store hub) throws UsageError {
        Path f = hub.regionsFile();
        if (f != null && (!Files.isRegularFile(f) || !Files.isReadable(f))) {
            throw new UsageError("--regions " + f + ": no readable file (the hub's regions map JSON; without "
                    + "--regions and HUB_REGIONS the Wales map is used)");
        }
        try {
            return ApplianceConfig.regionMap(f);
        } catch (IllegalArgumentException e) {
            throw new UsageError(Problems.clean(e.getMessage()));
        } catch (RuntimeException e) {
            throw new UsageError("--regions " + f + " is not a regions map: " + Problems.cause(e));
        }
    }

    /** The hub's default store: the H2 file in its data folder. */
    private static boolean defaultH2(Store hub) {
        return hub.jdbcUrl().equals(HubDatabase.h2Url(hub.dataDir()));
    }

    /**
     * The hub's store, its schema brought up to date (the hub's own migrations).
     *
     * @param create make the data folder of the default H2 file when it is missing (mode 700)
     */
    static HikariDataSource openStore(Store hub, boolean create) throws Failure {
        try {
            if (create && defaultH2(hub)) {
                DataDirectory.createPrivate(hub.dataDir());
            }
            return HubDatabase.open(hub.jdbcUrl(), hub.jdbcUser(), hub.jdbcPassword());
        } catch (IOException | RuntimeException e) {
            String where = defaultH2(hub) ? "in " + hub.dataDir() : "at " + Problems.safeUrl(hub.jdbcUrl());
            String cause = Problems.cause(e);
            if (cause.startsWith(hub.dataDir() + ": ")) {
                cause = cause.substring(hub.dataDir().toString().length() + 2);
            }
            throw new Failure("cannot open the hub's store " + where + ": " + cause + " — " + storeHint(hub, e));
        }
    }

    private static String storeHint(Store hub) {
        return storeHint(hub, null);
    }

    /** What to check when the store failed. H2 lets one process at a time open its file: a running hub holds it. */
    private static String storeHint(Store hub, Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String said = all.toString();
        if (said.contains("already in use") || said.contains("locked by another process")) {
            return "the hub is running on this H2 store: stop it while the tool runs, or use PostgreSQL";
        }
        if (said.contains("user name or password") || said.contains("password authentication failed")) {
            return "check --jdbc-user and --jdbc-password (or HUB_JDBC_USER, HUB_JDBC_PASSWORD)";
        }
        if (hub.jdbcUrl().startsWith("jdbc:h2:")) {
            return (defaultH2(hub) ? "check --data points at the hub's data folder" : "check --jdbc-url")
                    + " and the hub is stopped (H2 allows one process)";
        }
        return "check --jdbc-url, --jdbc-user and --jdbc-password (or HUB_JDBC_URL, HUB_JDBC_USER, "
                + "HUB_JDBC_PASSWORD) and that the database is up";
    }

    private static Failure storeFailed(String doing, SQLException e, String after) {
        return new Failure("the hub's store failed while " + doing + ": " + Problems.cause(e)
                + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")")
                + (after == null ? "" : "; " + after));
    }
}
