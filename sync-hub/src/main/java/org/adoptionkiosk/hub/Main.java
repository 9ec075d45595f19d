package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.cli.BackupCommand;
import org.adoptionkiosk.hub.cli.DeviceCommand;
import org.adoptionkiosk.hub.cli.HistoryCommand;
import org.adoptionkiosk.hub.cli.RestoreCommand;
import org.adoptionkiosk.hub.cli.SigningKeyCommand;
import org.adoptionkiosk.hub.cli.UserCommand;
import org.adoptionkiosk.hub.keys.HubIdentity;
import org.adoptionkiosk.hub.logging.LogFormat;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar sync-hub.jar}: starts the hub and runs until SIGINT or SIGTERM; with
 * {@code user …} or {@code device …} it manages the dashboard's users or the kiosks let into the
 * embedded broker instead, with {@code signing-key …} it rotates the signing key, and with
 * {@code backup} or {@code restore} it writes the hub's backup or brings the hub back from one, and
 * with {@code history …} it imports the counts reported from before the kiosks.
 */
@Command(name = "java -jar sync-hub.jar", abbreviateSynopsis = true,
        description = {"Runs the hub: the dashboard and API on --http-port, the store (H2 in --data, or "
                + "PostgreSQL with --jdbc-url), and the MQTT link to the kiosks.",
                "Without --broker the hub runs its own embedded broker, for one machine and trials: it refuses "
                        + "anonymous clients and holds each kiosk to its own topics; let a kiosk in with "
                        + "`device add`. In production use Mosquitto with TLS (--broker ssl://...) and the password "
                        + "and ACL files that the provisioning tool writes."})
public final class Main implements Callable<Integer> {
    /** Read by hub-logback.xml: the pool's level. */
    private static final String POOL_LOG = "hub.log.pool";

    @Mixin
    HubOptions options;
    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private Main(HubOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        boolean command = args.length > 0 && (args[0].equals("user") || args[0].equals("device")
                || args[0].equals("signing-key") || args[0].equals("backup") || args[0].equals("restore")
                || args[0].equals("history"));
        if (command && System.getProperty(POOL_LOG) == null) {
            // A command answers in one line: the pool's own report of a store it cannot open (a
            // stack trace) would only repeat it.
            System.setProperty(POOL_LOG, "off");
        }
        Cli.useLogConfiguration(LogFormat.TEXT.resource);
        System.exit(commandLine(System.out, System.err, System.getenv(), UserCommand.console(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))).execute(args));
    }

    /**
     * The hub's whole command line: its own options (which run it) and its commands ({@code user},
     * {@code device}, {@code signing-key}, {@code backup}, {@code restore}, {@code history}), which share its store
     * options.
     *
     * @param terminal where {@code user} asks for a password; null when there is none
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err, Map<String, String> env,
                                          UserCommand.PasswordSource terminal, BufferedReader stdin) {
        HubOptions options = new HubOptions(env);
        CommandLine cl = new CommandLine(new Main(options, out, err));
        cl.addSubcommand(new UserCommand(options.store(), out, err, terminal, stdin));
        cl.addSubcommand(new DeviceCommand(options.store(), out, err));
        cl.addSubcommand(new SigningKeyCommand(options.store(), env, out, err));
        cl.addSubcommand(new BackupCommand(options.store(), env, out, err));
        cl.addSubcommand(new RestoreCommand(options.store(), env, out, err));
        cl.addSubcommand(new HistoryCommand(options.store(), out, err));
        Cli.configure(cl);
        options.readDefaults(cl);
        return Cli.report(cl, "sync-hub", out, err, line -> line);
    }

    @Override
    public Integer call() throws InterruptedException {
        HubConfig config = Cli.orMisuse(spec, options::toConfig);
        options.logFormat().apply();
        Hub hub;
        try {
            hub = Hub.start(config);
        } catch (Exception e) {
            err.println("sync-hub could not start: " + describe(e));
            return Cli.FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("sync-hub stopping");
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        try {
            writeBrokerUrl(config.dataDir().resolve("broker.url"), hub.brokerUrl());
        } catch (IOException e) {
            err.println("sync-hub: could not write broker.url: " + e.getMessage());
        }
        out.println("sync-hub running");
        out.println("  hub:        http://localhost:" + hub.httpPort() + "/");
        if (config.metricsPort() != null) {
            out.println("  metrics:    http://" + hostForUrl(config.metricsBind()) + ":" + hub.metricsPort() + "/metrics");
        }
        out.println("  broker:     " + hub.brokerUrl() + (config.embeddedBroker()
                ? " (embedded: no anonymous clients; let a kiosk in with: java -jar sync-hub.jar device add)" : ""));
        out.println("  public key: " + hub.publicKeyFile());
        out.println("  mail:       " + (config.mail().enabled()
                ? config.mail().smtpHost() + ":" + config.mail().smtpPort() + " (" + config.mail().security().wire() + ")"
                : "off: emails wait in the outbox until --smtp-host is set"));
        out.flush();
        stopped.await();
        return Cli.OK;
    }

    /** Written whole or not at all: a launcher script may be polling for it. */
    private static void writeBrokerUrl(Path file, String url) throws IOException {
        Path tmp = file.resolveSibling("broker.url.tmp");
        Files.writeString(tmp, url + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** An address as a URL shows it: an IPv6 literal in brackets. */
    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof HubIdentity.KeysDoNotMatch && m != null) {
            return m; // already the whole story: which file to copy from where
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
