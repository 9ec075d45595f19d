package org.adoptionkiosk.provisioning;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar provisioning.jar …}: the operator's tool, from a blank Raspberry Pi to a kiosk
 * the hub trusts. Results go to standard output, progress and errors to standard error. Exit
 * codes: 0 done, 2 a bad command line (one line saying what; the usage when it is empty), 1
 * anything else (one line). A failed command leaves nothing half-made (see HubInit and
 * DeviceCommands).
 */
public final class Main {
    static final String USAGE = """
            usage: java -jar provisioning.jar hub init --broker-host HOST [options]
                   java -jar provisioning.jar device add --region R --site S [--name N] [options]
                   java -jar provisioning.jar device batch FILE.csv [options]
                   java -jar provisioning.jar device revoke ID [options]
                   java -jar provisioning.jar device list [options]
            `provisioning.jar hub init --help` and `provisioning.jar device --help` list the options.""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final BufferedReader stdin;
    private final boolean terminal;
    private final SecureRandom random;
    private final Clock clock;

    Main(PrintStream out, PrintStream err, Map<String, String> env, BufferedReader stdin, boolean terminal,
         SecureRandom random, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.stdin = stdin;
        this.terminal = terminal;
        this.random = random;
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        quietLibraries();
        // Libraries also write to the console on their own: H2 prints a stack trace when it cannot
        // write its trace file, Hikari logs a pool that cannot start with its stack trace. The tool
        // says what went wrong in its own one line, so the console is theirs no more; the tool
        // writes through the streams it kept.
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(nowhere);
        System.setErr(nowhere);
        int code;
        try {
            Main main = new Main(out, err, System.getenv(),
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.console() != null, new SecureRandom(), Clock.systemUTC());
            code = main.run(args);
        } catch (RuntimeException | Error e) {
            err.println("provisioning: could not start: " + Problems.line(Problems.cause(e), List.of()));
            code = 1;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line. Exit codes: 0 done; 2 a wrong command line (one line saying what,
     * or the usage when it is empty); 1 anything else (one line: what was being done, the cause,
     * what to check). Whatever a library throws ends here at the latest, as one line: never a
     * stack trace, never a secret of the command line or the environment.
     */
    int run(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (a.get(0).equals("--help") || a.get(0).equals("-h")) {
            out.println(USAGE);
            return 0;
        }
        String group = a.get(0);
        String verb = a.size() > 1 ? a.get(1) : null;
        List<String> rest = a.size() > 2 ? a.subList(2, a.size()) : List.of();
        Progress progress = new Progress(err, terminal);
        List<String> secrets = secrets(a);
        try {
            switch (group) {
                case "hub" -> {
                    if ("--help".equals(verb) || rest.contains("--help")) {
                        out.println(HubInit.USAGE);
                        return 0;
                    }
                    if (!"init".equals(verb)) {
                        throw new UsageError(verb == null ? "hub needs a command: init"
                                : "unknown command 'hub " + verb + "'");
                    }
                    return new HubInit(out, progress, env, random, clock).run(rest);
                }
                case "device" -> {
                    if (verb == null) {
                        throw new UsageError("device needs a command: add, batch, revoke or list");
                    }
                    if (verb.equals("--help") || rest.contains("--help")) {
                        out.println(DeviceCommands.USAGE);
                        return 0;
                    }
                    return new DeviceCommands(out, progress, env, stdin, random, clock).run(verb, rest);
                }
                default -> throw new UsageError("unknown command '" + group + "'");
            }
        } catch (UsageError e) {
            progress.stopped();
            err.println(Problems.line("provisioning: " + e.getMessage() + " (see provisioning.jar --help)", secrets));
            return 2;
        } catch (Failure e) {
            progress.stopped();
            err.println(Problems.line("provisioning: " + e.getMessage(), secrets));
            return 1;
        } catch (RuntimeException | Error e) {
            // Not foreseen by the command: still one line, naming the command.
            progress.stopped();
            String command = verb == null || verb.startsWith("-") ? group : group + " " + verb;
            err.println(Problems.line("provisioning: " + command + " stopped on an unexpected problem: "
                    + Problems.cause(e) + " — a fault of the tool: please report it with the command you ran",
                    secrets));
            return 1;
        }
    }

    /**
     * What must never be printed: the values of the password options on this command line and of
     * the secret environment variables (a driver's message may quote a password it was given).
     */
    private List<String> secrets(List<String> args) {
        List<String> s = new ArrayList<>();
        for (String name : List.of("HUB_JDBC_PASSWORD", "HUB_KEY_PASSPHRASE", "HUB_BROKER_PASSWORD")) {
            s.add(env.get(name));
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            for (String option : List.of("--jdbc-password", "--broker-password")) {
                if (arg.equals(option) && i + 1 < args.size()) {
                    s.add(args.get(i + 1));
                } else if (arg.startsWith(option + "=")) {
                    s.add(arg.substring(option.length() + 1));
                }
            }
        }
        return s;
    }

    /** The hub's store libraries log at info; keep the tool's own output readable. */
    private static void quietLibraries() {
        for (String name : new String[] {"org.flywaydb", "com.zaxxer.hikari", "org.h2"}) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
