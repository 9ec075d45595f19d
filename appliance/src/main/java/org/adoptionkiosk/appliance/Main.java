package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.sealing.HubKeyException;
import org.adoptionkiosk.appliance.staff.PinHash;

import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar appliance.jar …}: runs one kiosk until SIGINT or SIGTERM. */
@Command(name = "java -jar appliance.jar", abbreviateSynopsis = true,
        description = {"Runs one kiosk: the visitor's screens and the staff dashboard on --http-port, records "
                + "kept in --data and sent to the hub through --broker.",
                "Give --device-id, --broker and --hub-key, or the --bundle that the provisioning tool made; the "
                        + "broker user name is the device id unless --broker-username says otherwise."})
public final class Main implements Callable<Integer> {
    @Mixin
    KioskOptions options;
    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private Main(KioskOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Cli.useLogConfiguration("kiosk-logback.xml");
        int code = commandLine(System.out, System.err, System.getenv()).execute(args);
        if (code != Cli.OK) {
            System.exit(code);
        }
    }

    /** The kiosk's whole command line: its options and {@code hash-pin}. */
    static CommandLine commandLine(PrintStream out, PrintStream err, Map<String, String> env) {
        KioskOptions options = new KioskOptions();
        CommandLine cl = Cli.configure(new CommandLine(new Main(options, out, err)));
        options.readDefaults(cl, env);
        return Cli.report(cl, "appliance", out, err, line -> line);
    }

    @Override
    public Integer call() {
        ApplianceConfig config = Cli.orMisuse(spec, options::toConfig);

        Appliance appliance;
        try {
            appliance = Appliance.start(config);
        } catch (HubKeyException e) {
            err.println("appliance: " + e.getMessage());
            return Cli.MISUSE;
        } catch (Exception e) {
            err.println("appliance: cannot start: " + describe(e));
            return Cli.FAILURE;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            appliance.close();
            stopped.countDown();
        }, "kiosk-shutdown"));

        String host = config.bindHost().equals("127.0.0.1") || config.bindHost().equals("0.0.0.0")
                ? "localhost" : config.bindHost();
        out.println("Kiosk:     http://" + host + ":" + appliance.httpPort() + "/");
        out.println("Device id: " + config.deviceId());
        out.println("Broker:    " + config.brokerUrl() + (config.syncOnStart() ? "" : " (sync not started)"));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cli.OK;
    }

    /**
     * {@code java -jar appliance.jar hash-pin}: reads a staff PIN (4–8 digits) from the terminal
     * without echo, or from standard input when piped, and prints its hash for
     * {@code --staff-pin-hash}. The PIN itself is never printed or stored.
     */
    @Command(name = "hash-pin", description = {"Makes a staff PIN's hash for --staff-pin-hash.",
            "Reads the PIN (4-8 digits) from the terminal without echo, or from standard input when piped, and "
                    + "prints its hash. The PIN itself is never printed or stored."})
    int hashPin() {
        String pin;
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Staff PIN (4-8 digits): ");
            char[] again = console.readPassword("The same PIN again: ");
            if (typed == null || again == null || !java.util.Arrays.equals(typed, again)) {
                err.println("appliance: the two PINs differ; nothing was made");
                return 2;
            }
            pin = new String(typed);
        } else {
            try {
                pin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                err.println("appliance: cannot read the PIN: " + e.getMessage());
                return 2;
            }
        }
        if (!PinHash.isValidPin(pin == null ? null : pin.strip())) {
            err.println("appliance: a staff PIN is 4 to 8 digits");
            return 2;
        }
        out.println(PinHash.hash(pin.strip(), PinHash.ITERATIONS, new java.security.SecureRandom()));
        out.flush();
        return 0;
    }

    /**
     * {@code java -XX:ArchiveClassesAtExit=F -jar appliance.jar cds-training}: the class-data-sharing
     * archive's training run ({@link CdsTraining}).
     */
    @Command(name = "cds-training", description = {"Trains the start-up archive: run as java "
            + "-XX:ArchiveClassesAtExit=FILE -jar appliance.jar cds-training.",
            "Starts a kiosk on throwaway data and keys (simulated board, port 0, no broker), asks it for the "
                    + "visitor page, stops it; the JVM then writes the classes it loaded to FILE."})
    int cdsTraining() {
        return CdsTraining.run(out, err);
    }

    /** One line: our message, and the innermost cause's reason when it adds something. */
    private static String describe(Throwable e) {
        String text = Cli.firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? null : Cli.firstLine(root.getMessage());
        return reason == null || text.contains(reason) ? text : text + ": " + reason;
    }
}
