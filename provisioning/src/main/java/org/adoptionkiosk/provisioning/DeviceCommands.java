package org.adoptionkiosk.provisioning;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.KioskBundle;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.hub.registry.RegisteredDevice;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code device add | batch | revoke | list}: a device's identity, broker credentials and ACL,
 * optional client certificate, staff PIN hash and config bundle, registered with the hub through
 * the hub's own registry on the hub's own store (its {@code --data} / {@code --jdbc-url} options).
 */
final class DeviceCommands {
    static final String USAGE = """
            usage: provisioning.jar device add --region R --site S [--name N] [--id ID] [--client-cert]
                                               [--staff-pin-hash HASH | --staff-pin-stdin] [--out DIR]
                   provisioning.jar device batch FILE.csv [--client-cert] [--staff-pin-hash HASH | --staff-pin-stdin]
                   provisioning.jar device revoke ID
                   provisioning.jar device list
            Common options: --dir DIR (the folder of `hub init`), --reload-pid-file FILE (send Mosquitto SIGHUP
            so it reads the changed password and ACL files; otherwise run `systemctl reload mosquitto`), and the
            hub's store options: --data, --jdbc-url, --jdbc-user, --jdbc-password, --regions (or HUB_*).
              --region R, --site S  the region and office of the regions map (the hub's --regions; default Wales)
              --name N              a label for people, e.g. "Eisteddfod stand 1" (at most 120 characters)
              --id ID               the device id (default: kiosk- and 8 random letters and digits)
              --client-cert         also make a client certificate for the device
              --staff-pin-hash HASH the staff PIN's hash from `appliance.jar hash-pin`
              --staff-pin-stdin     read the staff PIN (4-8 digits) from standard input and hash it here
              --out DIR             where the bundle goes (default DIR/devices/ID); must not exist yet
            A batch CSV has a header line "region,site,name" and one device per line.""";

    private static final Set<String> HUB_STORE = Set.of("data", "jdbc-url", "jdbc-user", "jdbc-password", "regions");
    private static final Set<String> COMMON = Set.of("dir", "reload-pid-file", "data", "jdbc-url", "jdbc-user",
            "jdbc-password", "regions");
    private static final String ID_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int MAX_NAME = 120;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** One device to make, as the command line or a CSV line gives it. */
    record Request(String id, String region, String site, String name) {
    }

    private final PrintStream out;
    private final Progress progress;
    private final Map<String, String> env;
    private final BufferedReader stdin;
    private final SecureRandom random;
    private final Clock clock;

    DeviceCommands(PrintStream out, Progress progress, Map<String, String> env, BufferedReader stdin,
                   SecureRandom random, Clock clock) {
        this.out = out;
        this.progress = progress;
        this.env = env;
        this.stdin = stdin;
        this.random = random;
        this.clock = clock;
    }

    int run(String verb, List<String> argv) throws UsageError, Failure {
        return switch (verb) {
            case "add" -> add(argv);
            case "batch" -> batch(argv);
            case "revoke" -> revoke(argv);
            case "list" -> list(argv);
            default -> throw new UsageError("unknown command 'device " + verb + "'");
        };
    }

    private int add(List<String> argv) throws UsageError, Failure {
        Args a = Args.parse(argv, union(COMMON, Set.of("region", "site", "name", "id", "staff-pin-hash", "out")),
                Set.of("client-cert", "staff-pin-stdin"));
        noPositional(a);
        Context ctx = context(a);
        Request r = request(ctx.regions(), a.get("id"), a.required("region", null), a.required("site", null),
                a.get("name"), "");
        Path outDir = a.get("out") == null ? null : Path.of(a.get("out")).toAbsolutePath().normalize();
        if (outDir != null && Files.exists(outDir)) {
            throw new UsageError("--out " + outDir + " already exists");
        }
        String pinHash = staffPinHash(a);
        try (HikariDataSource ds = ctx.openStore()) {
            DeviceRegistry registry = new DeviceRegistry(ds);
            Made made = make(ctx, registry, r, a.flag("client-cert"), pinHash, outDir);
            out.println("device " + made.id() + " registered (" + r.region() + " / " + r.site()
                    + (r.name() == null ? "" : ", \"" + r.name() + "\"") + ")");
            out.println("bundle: " + made.bundle() + " (copy it to the Pi: sudo install.sh BUNDLE)");
            if (pinHash == null) {
                out.println("note: no staff PIN hash: the kiosk's staff dashboard stays closed until the hub pushes one");
            }
            reloadBroker(ctx);
            return 0;
        }
    }

    private int batch(List<String> argv) throws UsageError, Failure {
        Args a = Args.parse(argv, union(COMMON, Set.of("staff-pin-hash")), Set.of("client-cert", "staff-pin-stdin"));
        if (a.positional().size() != 1) {
            throw new UsageError("device batch needs exactly one CSV file");
        }
        Path csv = Path.of(a.positional().get(0));
        if (!Files.isReadable(csv) || Files.isDirectory(csv)) {
            throw new UsageError(csv + ": no readable CSV file");
        }
        Context ctx = context(a);
        List<Request> requests = readCsv(csv, ctx.regions());
        String pinHash = staffPinHash(a);
        try (HikariDataSource ds = ctx.openStore()) {
            DeviceRegistry registry = new DeviceRegistry(ds);
            int done = 0;
            progress.step(0, requests.size(), "devices");
            for (Request r : requests) {
                Made made = make(ctx, registry, r, a.flag("client-cert"), pinHash, null);
                out.println(made.id() + "\t" + r.region() + "\t" + r.site() + "\t" + made.bundle());
                progress.step(++done, requests.size(), made.id());
            }
            out.println(requests.size() + " devices registered; bundles in " + ctx.ws().devicesDir());
            reloadBroker(ctx);
            return 0;
        }
    }

    private int revoke(List<String> argv) throws UsageError, Failure {
        Args a = Args.parse(argv, COMMON, Set.of());
        if (a.positional().size() != 1) {
            throw new UsageError("device revoke needs exactly one device id");
        }
        String id = a.positional().get(0);
        if (!Topics.isValidDeviceId(id) || id.equals(Workspace.HUB_USER)) {
            throw new UsageError("'" + id + "' is not a device id");
        }
        Context ctx = context(a);
        try (HikariDataSource ds = ctx.openStore()) {
            DeviceRegistry registry = new DeviceRegistry(ds);
            if (registry.find(id).isEmpty()) {
                throw new UsageError("no device '" + id + "' is registered with this hub");
            }
            RegisteredDevice d = registry.revoke(id, clock.instant());
            boolean removed = ctx.broker().removeUser(id);
            out.println("device " + id + " revoked at " + d.revokedAt() + "; the hub refuses whatever it sends");
            out.println(removed ? "broker: its password and ACL are removed" : "broker: it had no password or ACL");
            reloadBroker(ctx);
            return 0;
        } catch (SQLException e) {
            throw store(e);
        } catch (DeviceRegistry.RegistryProblem e) {
            throw new UsageError(e.getMessage());
        } catch (IOException e) {
            throw new Failure("could not rewrite the broker's files: " + e.getMessage(), e);
        }
    }

    private int list(List<String> argv) throws UsageError, Failure {
        Args a = Args.parse(argv, union(HUB_STORE, Set.of("dir")), Set.of());
        noPositional(a);
        HubConfig hub = hubConfig(a);
        try (HikariDataSource ds = HubDatabase.open(hub.jdbcUrl(), hub.jdbcUser(), hub.jdbcPassword())) {
            List<RegisteredDevice> all = new DeviceRegistry(ds).list();
            out.println("device\tregion\tsite\tname\tregistered\tstate");
            for (RegisteredDevice d : all) {
                out.println(d.deviceId() + "\t" + (d.region() == null ? "-" : d.region()) + "\t"
                        + (d.site() == null ? "-" : d.site()) + "\t"
                        + (d.name() == null ? "-" : d.name()) + "\t" + d.registeredAt() + "\t"
                        + (d.revoked() ? "revoked " + d.revokedAt() : "active"));
            }
            return 0;
        } catch (SQLException e) {
            throw store(e);
        } catch (RuntimeException e) {
            throw unopened(e);
        }
    }

    /** What one device got. */
    private record Made(String id, Path bundle) {
    }

    /**
     * Registers first, so a store that cannot be reached leaves no credentials behind; then the
     * broker's files and the bundle. A failure after registering revokes the half-made device.
     */
    private Made make(Context ctx, DeviceRegistry registry, Request r, boolean clientCert, String pinHash,
                      Path outDir) throws Failure, UsageError {
        String id = r.id();
        try {
            if (id == null) {
                id = freshId(ctx, registry);
            } else if (registry.find(id).isPresent() || ctx.broker().hasUser(id)) {
                throw new UsageError("--id " + id + " is already in use");
            }
            registry.register(id, r.region(), r.site(), r.name(), clock.instant());
        } catch (SQLException e) {
            throw store(e);
        } catch (DeviceRegistry.RegistryProblem e) {
            throw new UsageError(e.getMessage());
        } catch (IOException e) {
            throw new Failure("could not read the broker's files: " + e.getMessage(), e);
        }
        Path bundle = outDir != null ? outDir : ctx.ws().devicesDir().resolve(id);
        try {
            String password = MosquittoPassword.newPassword(random);
            writeBundle(ctx, bundle, id, r, password, clientCert, pinHash);
            ctx.broker().addUser(id, password, BrokerFiles.deviceAcl(id), random);
            return new Made(id, bundle);
        } catch (IOException | GeneralSecurityException e) {
            try {
                registry.revoke(id, clock.instant());
            } catch (SQLException | DeviceRegistry.RegistryProblem ignored) {
                // Reported below either way.
            }
            throw new Failure("device " + id + " could not be made (" + oneLine(e) + "); it is revoked again");
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
        if (clientCert) {
            Path caDir = ctx.ws().caDir();
            Pki.Issued ca = Pki.read(Files.readString(caDir.resolve("ca.pem")), Files.readString(caDir.resolve("ca.key")));
            Pki.Issued cert = new Pki(random).newClient(ca, id, clock.instant());
            FileModes.write(bundle.resolve(KioskBundle.CLIENT_CERT), cert.certificatePem(), FileModes.PUBLIC);
            FileModes.write(bundle.resolve(KioskBundle.CLIENT_KEY), cert.keyPem(), FileModes.PRIVATE);
        }
    }

    private String freshId(Context ctx, DeviceRegistry registry) throws SQLException, IOException {
        while (true) {
            StringBuilder b = new StringBuilder("kiosk-");
            for (int i = 0; i < 8; i++) {
                b.append(ID_LETTERS.charAt(random.nextInt(ID_LETTERS.length())));
            }
            String id = b.toString();
            if (registry.find(id).isEmpty() && !ctx.broker().hasUser(id)) {
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
        } catch (IOException e) {
            throw new Failure(csv + " cannot be read: " + e.getMessage());
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

    private String staffPinHash(Args a) throws UsageError, Failure {
        String hash = a.get("staff-pin-hash");
        if (hash != null && a.flag("staff-pin-stdin")) {
            throw new UsageError("give either --staff-pin-hash or --staff-pin-stdin, not both");
        }
        if (hash != null) {
            if (!PinHash.isValidHash(hash)) {
                throw new UsageError("--staff-pin-hash is not a PIN hash: make one with `java -jar appliance.jar hash-pin`");
            }
            return hash;
        }
        if (!a.flag("staff-pin-stdin")) {
            return null;
        }
        String pin;
        try {
            pin = stdin.readLine();
        } catch (IOException e) {
            throw new Failure("cannot read the staff PIN: " + e.getMessage());
        }
        pin = pin == null ? null : pin.strip();
        if (!PinHash.isValidPin(pin)) {
            throw new UsageError("--staff-pin-stdin: a staff PIN is 4 to 8 digits");
        }
        progress.note("hashing the staff PIN (PBKDF2, " + PinHash.ITERATIONS + " rounds)");
        return PinHash.hash(pin, PinHash.ITERATIONS, random);
    }

    /** Sends the broker SIGHUP when told its pid file; otherwise says what the operator must do. */
    private void reloadBroker(Context ctx) throws Failure {
        if (ctx.reloadPidFile() == null) {
            out.println("reload Mosquitto so it reads the new password and ACL files: systemctl reload mosquitto");
            return;
        }
        String pid;
        try {
            pid = Files.readString(ctx.reloadPidFile()).strip();
        } catch (IOException e) {
            throw new Failure("--reload-pid-file " + ctx.reloadPidFile() + " cannot be read; reload Mosquitto yourself");
        }
        if (!pid.matches("[0-9]{1,10}")) {
            throw new Failure("--reload-pid-file " + ctx.reloadPidFile() + " holds no pid; reload Mosquitto yourself");
        }
        try {
            Process p = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new Failure("could not signal Mosquitto (pid " + pid + "): " + said);
            }
        } catch (IOException e) {
            throw new Failure("could not run kill: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while signalling Mosquitto");
        }
        out.println("Mosquitto (pid " + pid + ") told to reload its password and ACL files");
    }

    /** What every device command works on. */
    private record Context(Workspace ws, Properties props, BrokerFiles broker, HubConfig hub, RegionMap regions,
                           Path reloadPidFile) {
        HikariDataSource openStore() throws Failure {
            try {
                DataDirectory.createPrivate(hub.dataDir());
                return HubDatabase.open(hub.jdbcUrl(), hub.jdbcUser(), hub.jdbcPassword());
            } catch (IOException | RuntimeException e) {
                throw unopened(e);
            }
        }
    }

    private Context context(Args a) throws UsageError, Failure {
        HubConfig hub = hubConfig(a);
        Workspace ws = new Workspace(Path.of(a.get("dir", Workspace.DEFAULT_DIR)).toAbsolutePath().normalize());
        Properties props;
        try {
            props = ws.load();
        } catch (IOException e) {
            throw new Failure(ws.properties() + " cannot be read: " + e.getMessage());
        }
        RegionMap regions;
        try {
            regions = ApplianceConfig.regionMap(hub.regionsFile());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        Path pidFile = a.get("reload-pid-file") == null ? null : Path.of(a.get("reload-pid-file"));
        if (pidFile != null && !Files.isReadable(pidFile)) {
            throw new UsageError("--reload-pid-file " + pidFile + ": no readable file");
        }
        return new Context(ws, props, ws.broker(props), hub, regions, pidFile);
    }

    private HubConfig hubConfig(Args a) throws UsageError {
        try {
            return HubConfig.parse(a.passOn(HUB_STORE).toArray(String[]::new), env);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static void noPositional(Args a) throws UsageError {
        if (!a.positional().isEmpty()) {
            throw new UsageError("unexpected argument '" + a.positional().get(0) + "'");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static Failure store(SQLException e) {
        return new Failure("the hub's store failed (SQL state " + e.getSQLState() + ")", e);
    }

    /** H2 lets one process at a time open its file: a running hub on its default store holds it. */
    private static Failure unopened(Exception e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String hint = all.toString().contains("already in use")
                ? " (the hub is running on this H2 store: stop it while the tool runs, or use PostgreSQL)" : "";
        return new Failure("the hub's store could not be opened: " + oneLine(e) + hint);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
