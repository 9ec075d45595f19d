package org.adoptionkiosk.provisioning;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar provisioning.jar …}: the operator's tool, from a blank Raspberry Pi to a kiosk
 * the hub trusts. Results go to standard output, progress and errors to standard error. Exit
 * codes: 0 done, 2 a bad command line (one line saying what), 1 anything else.
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
        quietLibraries();
        Main main = new Main(System.out, System.err, System.getenv(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.console() != null, new SecureRandom(), Clock.systemUTC());
        System.exit(main.run(args));
    }

    int run(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.get(0).equals("--help") || a.get(0).equals("-h")) {
            out.println(USAGE);
            return a.isEmpty() ? 2 : 0;
        }
        String group = a.get(0);
        String verb = a.size() > 1 ? a.get(1) : null;
        List<String> rest = a.size() > 2 ? a.subList(2, a.size()) : List.of();
        Progress progress = new Progress(err, terminal);
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
            err.println("provisioning: " + e.getMessage() + " (see provisioning.jar --help)");
            return 2;
        } catch (Failure e) {
            err.println("provisioning: " + e.getMessage());
            return 1;
        }
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
