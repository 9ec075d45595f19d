package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.sealing.HubKeyException;
import org.adoptionkiosk.appliance.staff.PinHash;

import java.util.concurrent.CountDownLatch;

/** {@code java -jar appliance.jar …}: runs one kiosk until SIGINT or SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("hash-pin")) {
            System.exit(hashPin());
            return;
        }
        if (ApplianceConfig.wantsHelp(args)) {
            System.out.println(ApplianceConfig.USAGE);
            return;
        }
        ApplianceConfig config;
        try {
            config = ApplianceConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("appliance: " + e.getMessage());
            System.err.println(ApplianceConfig.USAGE);
            System.exit(2);
            return;
        }

        Appliance appliance;
        try {
            appliance = Appliance.start(config);
        } catch (HubKeyException e) {
            System.err.println("appliance: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("appliance: cannot start: " + describe(e));
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            appliance.close();
            stopped.countDown();
        }, "kiosk-shutdown"));

        String host = config.bindHost().equals("127.0.0.1") || config.bindHost().equals("0.0.0.0")
                ? "localhost" : config.bindHost();
        System.out.println("Kiosk:     http://" + host + ":" + appliance.httpPort() + "/");
        System.out.println("Device id: " + config.deviceId());
        System.out.println("Broker:    " + config.brokerUrl() + (config.syncOnStart() ? "" : " (sync not started)"));
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code java -jar appliance.jar hash-pin}: reads a staff PIN (4–8 digits) from the terminal
     * without echo, or from standard input when piped, and prints its hash for
     * {@code --staff-pin-hash}. The PIN itself is never printed or stored.
     */
    private static int hashPin() {
        String pin;
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Staff PIN (4-8 digits): ");
            char[] again = console.readPassword("The same PIN again: ");
            if (typed == null || again == null || !java.util.Arrays.equals(typed, again)) {
                System.err.println("appliance: the two PINs differ; nothing was made");
                return 2;
            }
            pin = new String(typed);
        } else {
            try {
                pin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                System.err.println("appliance: cannot read the PIN: " + e.getMessage());
                return 2;
            }
        }
        if (!PinHash.isValidPin(pin == null ? null : pin.strip())) {
            System.err.println("appliance: a staff PIN is 4 to 8 digits");
            return 2;
        }
        System.out.println(PinHash.hash(pin.strip(), PinHash.ITERATIONS, new java.security.SecureRandom()));
        return 0;
    }

    /** One line: our message, and the innermost cause's reason when it adds something. */
    private static String describe(Throwable e) {
        String text = firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? null : firstLine(root.getMessage());
        return reason == null || text.contains(reason) ? text : text + ": " + reason;
    }

    private static String firstLine(String s) {
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
