package org.adoptionkiosk.hub.cli;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code java -jar sync-hub.jar user add|list|disable|password …}: the operator's way to make the
 * first central user and manage the others. There is never a default password: one is typed (twice,
 * without echo) or, for scripts, read from standard input with {@code --password-stdin}. Exit 0 when
 * done, 2 for a wrong command line, 1 otherwise.
 */
@Command(name = "user", description = {"The users of the hub's dashboard.",
        "A regional user needs exactly one of --region or --agency (ids from the regions map). The store is the "
                + "hub's own (--data, --jdbc-url, ...)."})
public final class UserCommand implements Callable<Integer> {
    /** Where a password comes from: the terminal without echo, or standard input. */
    public interface PasswordSource {
        /** Asks with {@code prompt}; null when nothing could be read. */
        String read(String prompt) throws IOException;
    }

    @Spec
    CommandSpec spec;

    private final StoreOptions store;
    private final PrintStream out;
    private final PrintStream err;
    private final PasswordSource terminal;
    private final BufferedReader stdin;

    /**
     * @param store    the hub's store options (given to {@code user} or to any command above it)
     * @param terminal null when there is none (a pipe, a service)
     */
    public UserCommand(StoreOptions store, PrintStream out, PrintStream err, PasswordSource terminal,
                       BufferedReader stdin) {
        this.store = store;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        throw Cli.needsCommand(spec);
    }

    @Command(name = "add", description = "Adds a user; asks for the password twice on the terminal.")
    int add(@Option(names = "--username", paramLabel = "NAME", required = true,
                    description = "2 to 64 characters: lower-case letters, digits and . _ @ -") String username,
            @Option(names = "--role", paramLabel = "ROLE", required = true,
                    description = "central, regional or viewer") String role,
            @Option(names = "--region", paramLabel = "REGION_ID", description = "a regional user's region")
            String region,
            @Option(names = "--agency", paramLabel = "AGENCY_ID", description = "or a regional user's agency")
            String agency,
            @Option(names = "--password-stdin", description = "read the password from standard input (for scripts)")
            boolean passwordStdin) {
        checkName(username);
        Role r = Role.fromWire(role).orElseThrow(() -> Cli.misuse(spec, "--role must be central, regional or viewer"));
        String problem = scopeProblem(r, region, agency);
        if (problem != null) {
            throw Cli.misuse(spec, problem);
        }
        String kind = region != null ? Route.REGION : agency != null ? Route.AGENCY : null;
        User user = new User(UserStore.normalise(username), r, kind, region != null ? region : agency);
        String password = password(passwordStdin);
        if (password == null) {
            return Cli.FAILURE;
        }
        return withStore(users -> {
            users.add(user, new Passwords(new SecureRandom()).hash(password), Clock.systemUTC().instant());
            out.println("user " + user.username() + " added (" + user.role().wire()
                    + (user.scopeId() == null ? "" : ", " + user.scopeKind() + " " + user.scopeId()) + ")");
        });
    }

    @Command(name = "list", description = "Lists the users: name, role, scope, enabled or disabled.")
    int list() {
        return withStore(users -> {
            for (UserStore.Stored s : users.list()) {
                User u = s.user();
                out.println(u.username() + "\t" + u.role().wire() + "\t"
                        + (u.scopeId() == null ? "-" : u.scopeKind() + ":" + u.scopeId()) + "\t"
                        + (s.enabled() ? "enabled" : "disabled"));
            }
        });
    }

    @Command(name = "disable", description = "Disables a user; their sessions end.")
    int disable(@Option(names = "--username", paramLabel = "NAME", required = true,
            description = "the user") String username) {
        checkName(username);
        return withStore(users -> {
            users.disable(username, Clock.systemUTC().instant());
            out.println("user " + UserStore.normalise(username) + " disabled; their sessions have ended");
        });
    }

    @Command(name = "password", description = "Gives a user a new password; asks for it twice on the terminal.")
    int password(@Option(names = "--username", paramLabel = "NAME", required = true,
                         description = "the user") String username,
                 @Option(names = "--password-stdin",
                         description = "read the password from standard input (for scripts)") boolean passwordStdin) {
        checkName(username);
        String password = password(passwordStdin);
        if (password == null) {
            return Cli.FAILURE;
        }
        return withStore(users -> {
            users.setPassword(username, new Passwords(new SecureRandom()).hash(password));
            out.println("password of " + UserStore.normalise(username) + " changed");
        });
    }

    private void checkName(String username) {
        if (!UserStore.isValidName(username)) {
            throw Cli.misuse(spec, "--username must be 2 to 64 characters: lower-case letters, digits and . _ @ -");
        }
    }

    /** What a command does with the store. */
    private interface Work {
        void on(UserStore users) throws SQLException, UserStore.UserProblem;
    }

    private int withStore(Work work) {
        try {
            DataDirectory.createPrivate(store.dataDir());
        } catch (IOException e) {
            err.println("sync-hub: cannot make the data directory " + store.dataDir() + ": " + e.getMessage());
            return Cli.FAILURE;
        }
        try (HikariDataSource ds = HubDatabase.open(store.jdbcUrl(), store.jdbcUser(), store.jdbcPassword())) {
            work.on(new UserStore(ds));
            return Cli.OK;
        } catch (UserStore.UserProblem e) {
            err.println("sync-hub: " + e.getMessage());
            return Cli.FAILURE;
        } catch (SQLException | RuntimeException e) {
            err.println("sync-hub: the database could not be used: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Cli.firstLine(e.getMessage())));
            return Cli.FAILURE;
        }
    }

    private String scopeProblem(Role role, String region, String agency) {
        if (role != Role.REGIONAL) {
            return region != null || agency != null ? "only a regional user has a --region or --agency" : null;
        }
        if ((region == null) == (agency == null)) {
            return "a regional user needs exactly one of --region or --agency";
        }
        RegionMap map;
        try {
            map = store.regions();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
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

    /** The new password, checked; null (said on stderr) when there is none to take. */
    private String password(boolean fromStdin) {
        String password;
        try {
            if (fromStdin) {
                password = stdin.readLine();
            } else {
                if (terminal == null) {
                    err.println("sync-hub: no terminal to ask for the password on; give --password-stdin");
                    return null;
                }
                password = terminal.read("Password (at least " + Passwords.MIN_LENGTH + " characters): ");
                String again = terminal.read("The same password again: ");
                if (password == null || !password.equals(again)) {
                    err.println("sync-hub: the two passwords differ; nothing was changed");
                    return null;
                }
            }
        } catch (IOException e) {
            err.println("sync-hub: cannot read the password: " + e.getMessage());
            return null;
        }
        String problem = Passwords.problem(password);
        if (problem != null) {
            err.println("sync-hub: " + (problem.equals("password.too_short")
                    ? "a password needs at least " + Passwords.MIN_LENGTH + " characters"
                    : "a password can be at most " + Passwords.MAX_BYTES + " bytes"));
            return null;
        }
        return password;
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
