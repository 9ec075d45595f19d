package org.adoptionkiosk.hub.accounts;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.WireCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar sync-hub.jar user add|list|disable|password …}: the operator's way to make the
 * first central user and manage the others. There is never a default password: one is typed (twice,
 * without echo) or, for scripts, read from standard input with {@code --password-stdin}.
 */
public final class UserCommand {
    public static final String USAGE = """
            usage: java -jar sync-hub.jar user add --username NAME --role central|regional|viewer
                                                   [--region REGION_ID | --agency AGENCY_ID] [--password-stdin]
                   java -jar sync-hub.jar user list
                   java -jar sync-hub.jar user disable --username NAME
                   java -jar sync-hub.jar user password --username NAME [--password-stdin]
            A regional user needs exactly one of --region or --agency (ids from the regions file).
            The database options are the hub's own: --data, --jdbc-url, --jdbc-user, --jdbc-password,
            --regions (or HUB_* in the environment).
            """;

    /** Where a password comes from: the terminal without echo, or standard input. */
    public interface PasswordSource {
        /** Asks with {@code prompt}; null when nothing could be read. */
        String read(String prompt) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public UserCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs the command; the exit code is 0 when done, 2 for a bad command line, 1 otherwise. */
    public int run(String[] args, PasswordSource terminal, BufferedReader stdin) {
        if (args.length == 0 || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String verb = args[0];
        List<String> own = new ArrayList<>();
        List<String> hub = new ArrayList<>();
        String username = null;
        String role = null;
        String region = null;
        String agency = null;
        boolean passwordStdin = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--username", "--role", "--region", "--agency" -> {
                    if (i + 1 >= args.length) {
                        return usage(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--username" -> username = v;
                        case "--role" -> role = v;
                        case "--region" -> region = v;
                        default -> agency = v;
                    }
                    own.add(a);
                }
                case "--password-stdin" -> passwordStdin = true;
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
            return usage(e.getMessage());
        }
        switch (verb) {
            case "add", "password", "disable" -> {
                if (username == null || !UserStore.isValidName(username)) {
                    return usage("--username must be 2 to 64 characters: lower-case letters, digits and . _ @ -");
                }
            }
            case "list" -> {
            }
            default -> {
                return usage("unknown command 'user " + verb + "'");
            }
        }
        User user = null;
        if (verb.equals("add")) {
            Role r = Role.fromWire(role).orElse(null);
            if (r == null) {
                return usage("--role must be central, regional or viewer");
            }
            String problem = scopeProblem(r, region, agency, config);
            if (problem != null) {
                return usage(problem);
            }
            String kind = region != null ? Route.REGION : agency != null ? Route.AGENCY : null;
            user = new User(UserStore.normalise(username), r, kind, region != null ? region : agency);
        }
        String password = null;
        if (verb.equals("add") || verb.equals("password")) {
            try {
                password = readPassword(terminal, stdin, passwordStdin);
            } catch (IOException e) {
                err.println("sync-hub user: cannot read the password: " + e.getMessage());
                return 1;
            }
            if (password == null) {
                return 1;
            }
        }
        try {
            DataDirectory.createPrivate(config.dataDir());
        } catch (IOException e) {
            err.println("sync-hub user: cannot make the data directory " + config.dataDir() + ": " + e.getMessage());
            return 1;
        }
        try (HikariDataSource ds = HubDatabase.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())) {
            UserStore users = new UserStore(ds);
            Passwords passwords = new Passwords(new SecureRandom());
            Clock clock = Clock.systemUTC();
            switch (verb) {
                case "add" -> {
                    users.add(user, passwords.hash(password), clock.instant());
                    out.println("user " + user.username() + " added (" + user.role().wire()
                            + (user.scopeId() == null ? "" : ", " + user.scopeKind() + " " + user.scopeId()) + ")");
                }
                case "password" -> {
                    users.setPassword(username, passwords.hash(password));
                    out.println("password of " + UserStore.normalise(username) + " changed");
                }
                case "disable" -> {
                    users.disable(username, clock.instant());
                    out.println("user " + UserStore.normalise(username) + " disabled; their sessions have ended");
                }
                default -> {
                    for (UserStore.Stored s : users.list()) {
                        User u = s.user();
                        out.println(u.username() + "\t" + u.role().wire() + "\t"
                                + (u.scopeId() == null ? "-" : u.scopeKind() + ":" + u.scopeId()) + "\t"
                                + (s.enabled() ? "enabled" : "disabled"));
                    }
                }
            }
            return 0;
        } catch (UserStore.UserProblem e) {
            err.println("sync-hub user: " + e.getMessage());
            return 1;
        } catch (SQLException | RuntimeException e) {
            err.println("sync-hub user: the database could not be used: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return 1;
        }
    }

    private static String scopeProblem(Role role, String region, String agency, HubConfig config) {
        if (role != Role.REGIONAL) {
            return region != null || agency != null ? "only a regional user has a --region or --agency" : null;
        }
        if ((region == null) == (agency == null)) {
            return "a regional user needs exactly one of --region or --agency";
        }
        RegionMap map;
        try {
            WireCodec codec = new WireCodec();
            map = config.regionsFile() == null ? RegionMap.wales(codec.mapper())
                    : RegionMap.load(config.regionsFile(), codec.mapper());
        } catch (IOException | RuntimeException e) {
            return "the regions file could not be read: " + e.getMessage();
        }
        if (region != null && map.region(region).isEmpty()) {
            return "no region '" + region + "' in the regions file; there are: "
                    + String.join(", ", map.regions().stream().map(RegionMap.Region::id).toList());
        }
        if (agency != null && map.agency(agency).isEmpty()) {
            return "no agency '" + agency + "' in the regions file; there are: "
                    + String.join(", ", map.agencies().stream().map(RegionMap.Agency::id).toList());
        }
        return null;
    }

    private String readPassword(PasswordSource terminal, BufferedReader stdin, boolean fromStdin) throws IOException {
        String password;
        if (fromStdin) {
            password = stdin.readLine();
        } else {
            if (terminal == null) {
                err.println("sync-hub user: no terminal to ask for the password on; give --password-stdin");
                return null;
            }
            password = terminal.read("Password (at least " + Passwords.MIN_LENGTH + " characters): ");
            String again = terminal.read("The same password again: ");
            if (password == null || !password.equals(again)) {
                err.println("sync-hub user: the two passwords differ; nothing was changed");
                return null;
            }
        }
        String problem = Passwords.problem(password);
        if (problem != null) {
            err.println("sync-hub user: " + (problem.equals("password.too_short")
                    ? "a password needs at least " + Passwords.MIN_LENGTH + " characters"
                    : "a password can be at most " + Passwords.MAX_BYTES + " bytes"));
            return null;
        }
        return password;
    }

    private int usage(String problem) {
        err.println("sync-hub user: " + problem);
        err.print(USAGE);
        return 2;
    }

    /** The terminal, asked without echo; null when there is none (a pipe, a service). */
    public static PasswordSource console() {
        java.io.Console c = System.console();
        if (c == null) {
            return null;
        }
        return prompt -> {
            char[] typed = c.readPassword("%s", prompt);
            if (typed == null) {
                return null;
            }
            String s = new String(typed);
            Arrays.fill(typed, '\0');
            return s;
        };
    }
}
