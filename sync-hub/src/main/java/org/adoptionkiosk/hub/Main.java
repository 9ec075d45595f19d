package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.accounts.UserCommand;
import org.adoptionkiosk.hub.registry.DeviceCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar sync-hub.jar}: starts the hub and runs until SIGINT or SIGTERM. */
public final class Main {
    private static final String POOL_LOG = "org.slf4j.simpleLogger.log.com.zaxxer.hikari";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean command = args.length > 0 && (args[0].equals("user") || args[0].equals("device"));
        if (command && System.getProperty(POOL_LOG) == null) {
            // A command answers in one line: the pool's own report of a store it cannot open (a
            // stack trace) would only repeat it.
            System.setProperty(POOL_LOG, "off");
        }
        quietLibraries();
        if (args.length > 0 && args[0].equals("device")) {
            System.exit(new DeviceCommand(System.out, System.err, System.getenv())
                    .run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("user")) {
            int code = new UserCommand(System.out, System.err, System.getenv()).run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), UserCommand.console(),
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                            java.nio.charset.StandardCharsets.UTF_8)));
            System.exit(code);
            return;
        }
        HubConfig config;
        try {
            config = HubConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sync-hub: " + e.getMessage());
            System.err.print(HubConfig.usage());
            System.exit(2);
            return;
        }
        if (config.help()) {
            System.out.print(HubConfig.usage());
            return;
        }
        Hub hub;
        try {
            hub = Hub.start(config);
        } catch (Exception e) {
            System.err.println("sync-hub could not start: " + describe(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("sync-hub stopping");
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        try {
            writeBrokerUrl(config.dataDir().resolve("broker.url"), hub.brokerUrl());
        } catch (IOException e) {
            System.err.println("sync-hub: could not write broker.url: " + e.getMessage());
        }
        System.out.println("sync-hub running");
        System.out.println("  hub:        http://localhost:" + hub.httpPort() + "/");
        System.out.println("  broker:     " + hub.brokerUrl() + (config.embeddedBroker()
                ? " (embedded: no anonymous clients; let a kiosk in with: java -jar sync-hub.jar device add)" : ""));
        System.out.println("  public key: " + hub.publicKeyFile());
        stopped.await();
    }

    /** Written whole or not at all: a launcher script may be polling for it. */
    private static void writeBrokerUrl(Path file, String url) throws IOException {
        Path tmp = file.resolveSibling("broker.url.tmp");
        Files.writeString(tmp, url + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The broker, Netty, Flyway and the pool log a lot at info; keep the hub's own lines readable. */
    private static void quietLibraries() {
        String[] noisy = {"io.moquette", "io.netty", "org.flywaydb", "com.zaxxer.hikari", "org.eclipse.jetty",
                "org.h2"};
        for (String name : noisy) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
