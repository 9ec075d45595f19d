package org.adoptionkiosk.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that need a real Mosquitto or PostgreSQL run when it answers, and those that need a program
 * of the machine (mosquitto, dpkg-deb, shellcheck) when it is installed. In CI
 * ({@code -Dit.require.services=true}, set by .ci/run) an unreachable service fails the build
 * instead of skipping, so those tests never skip silently there.
 */
public final class RealServices {
    private RealServices() {
    }

    public static String mosquittoUrl() {
        String url = System.getProperty("it.mosquitto.url", "tcp://127.0.0.1:1883");
        URI uri = URI.create(url);
        require("Mosquitto", uri.getHost(), uri.getPort());
        return url;
    }

    public static String postgresUrl() {
        String url = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        URI uri = URI.create(url.substring("jdbc:".length()));
        require("PostgreSQL", uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        return url;
    }

    public static String postgresUser() {
        return System.getProperty("it.postgres.user", "postgres");
    }

    /** The first executable of {@code candidates}; skips (or fails when required) if there is none. */
    public static Path program(String what, String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = what + " is not installed (looked for " + String.join(", ", candidates) + ")";
        if (required()) {
            throw new AssertionError(message + " and -Dit.require.services=true requires it");
        }
        Assumptions.abort(message + ": skipped here (required in CI)");
        return null;
    }

    public static boolean required() {
        return Boolean.getBoolean("it.require.services");
    }

    private static void require(String what, String host, int port) {
        if (answers(host, port)) {
            return;
        }
        String message = what + " is not answering on " + host + ":" + port;
        if (required()) {
            throw new AssertionError(message + " and -Dit.require.services=true requires it");
        }
        Assumptions.abort(message + ": skipped here (required in CI)");
    }

    public static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
