package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.protocol.options.EnvironmentDefaults;
import org.adoptionkiosk.protocol.options.HelpOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code java -jar provisioning.jar …}: the operator's tool, from a blank Raspberry Pi to a kiosk
 * the hub trusts. Results go to standard output, progress and errors to standard error. Exit
 * codes: 0 done, 2 a bad command line (one line saying what; the usage when it is empty), 1
 * anything else (one line). A failed command leaves nothing half-made (see HubInit and
 * DeviceCommands).
 */
@Command(name = "java -jar provisioning.jar", description = {"From a blank Raspberry Pi to a kiosk the hub trusts: "
        + "`hub init` once (keys, a certificate authority, the broker's files), then `device add` (or `device batch`) "
        + "for each kiosk, whose bundle install.sh puts on the Pi.",
        "Run a command with --help for its options."})
public final class Main implements Callable<Integer> {
    /** The hub's own options, which take their HUB_* variables here as in the hub. */
    private static final Set<String> HUB_OPTIONS = Set.of("--data", "--jdbc-url", "--jdbc-user", "--jdbc-password",
            "--regions", "--key-passphrase-file");
    private static final String ENVIRONMENT_HEADING = "Environment (the hub's own variables, used for what the "
            + "command line leaves out):";

    @Mixin
    HelpOption help = new HelpOption();
    @Spec
    CommandSpec spec;

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

    /** The group of {@code hub init}. */
    @Command(name = "hub", description = "The hub's side: `hub init`.")
    static final class HubGroup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw Cli.needsCommand(spec);
        }
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Cli.useLogConfiguration("provisioning-logback.xml");
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

    /** With no command at all: the usage, on standard error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return Cli.MISUSE;
    }

    /**
     * Runs one command line. Exit codes: 0 done; 2 a wrong command line (one line saying what,
     * or the usage when it is empty); 1 anything else (one line: what was being done, the cause,
     * what to check). Whatever a library throws ends here at the latest, as one line: never a
     * stack trace, never a secret of the command line or the environment.
     */
    int run(String[] args) {
        Progress progress = new Progress(err, terminal);
        List<String> secrets = secrets(Arrays.asList(args));
        UnaryOperator<String> mask = line -> Problems.line(line, secrets);
        try {
            CommandLine cl = commandLine(progress, mask);
            CommandLine.IParameterExceptionHandler misuse = cl.getParameterExceptionHandler();
            cl.setParameterExceptionHandler((e, given) -> {
                progress.stopped();
                return misuse.handleParseException(e, given);
            });
            cl.setExecutionExceptionHandler((e, where, parsed) -> {
                progress.stopped();
                Throwable t = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (t instanceof UsageError) {
                    return misuse.handleParseException(new CommandLine.ParameterException(where, t.getMessage()),
                            args);
                }
                if (t instanceof Failure) {
                    err.println(mask.apply("provisioning: " + t.getMessage()));
                    return Cli.FAILURE;
                }
                // Not foreseen by the command: still one line, naming the command.
                String command = where.getCommandSpec().qualifiedName().substring(spec.name().length()).strip();
                err.println(mask.apply("provisioning: " + (command.isEmpty() ? "the tool" : command)
                        + " stopped on an unexpected problem: " + Problems.cause(t)
                        + " — a fault of the tool: please report it with the command you ran"));
                return Cli.FAILURE;
            });
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            progress.stopped();
            err.println(mask.apply("provisioning: stopped on an unexpected problem: " + Problems.cause(e)
                    + " — a fault of the tool: please report it with the command you ran"));
            return Cli.FAILURE;
        }
    }

    /** The tool's whole command line: {@code hub init} and the {@code device} commands. */
    CommandLine commandLine(Progress progress, UnaryOperator<String> mask) {
        CommandLine cl = new CommandLine(this);
        cl.addSubcommand(new CommandLine(new HubGroup())
                .addSubcommand(new HubInit(out, progress, env, random, clock)));
        cl.addSubcommand(new DeviceCommands(out, progress, stdin, random, clock));
        Cli.configure(cl);
        EnvironmentDefaults defaults = new EnvironmentDefaults("HUB_", env, HUB_OPTIONS, null);
        cl.setDefaultValueProvider(defaults);
        defaults.describeIn(cl, ENVIRONMENT_HEADING);
        cl.setExecutionStrategy(parsed -> {
            noBlankValues(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return Cli.report(cl, "provisioning", out, err, mask);
    }

    /** An option given an empty value is a mistake here, never "the default" (an empty --dir is not the current folder). */
    private static void noBlankValues(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            for (CommandLine.Model.OptionSpec o : r.matchedOptions()) {
                for (String v : o.originalStringValues()) {
                    if (v.isBlank()) {
                        throw new CommandLine.ParameterException(r.commandSpec().commandLine(),
                                o.longestName() + " needs a value");
                    }
                }
            }
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
}
