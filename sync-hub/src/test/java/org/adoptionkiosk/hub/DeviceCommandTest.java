package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sync-hub.jar device …}: one plain way, for people and scripts, to let a kiosk into the
 * embedded broker. The kiosk connecting with what it writes is in {@link EmbeddedBrokerAccessTest}
 * and, with a real kiosk process, in the e2e module's {@code EmbeddedSyncIT}.
 */
class DeviceCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("device"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data", dir.resolve("hub").toString()));
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), null, null)
                .execute(all.toArray(String[]::new));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String hashOf(String deviceId) {
        try (HikariDataSource ds = HubDatabase.open(HubConfig.h2Url(dir.resolve("hub")), null, null)) {
            return new DeviceRegistry(ds).brokerPasswordHash(deviceId).orElse(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void addWritesANewPasswordToAPrivateFileAndTheStoreKeepsOnlyItsHash() throws Exception {
        Path file = dir.resolve("kiosk-one.password");
        assertEquals(0, run("add", "--device-id", "kiosk-one", "--password-file", file.toString()), err());
        assertEquals("", err());
        assertEquals(1, out().lines().count(), out());
        assertTrue(out().contains("kiosk-one") && out().contains(file.toString()), out());
        assertEquals("rw-------", mode(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        String password = lines.get(0);
        assertEquals(43, password.length(), "32 random bytes, base64url");
        String hash = hashOf("kiosk-one");
        assertTrue(hash.startsWith("$2y$" + Passwords.COST + "$"), hash);
        assertTrue(Passwords.verify(password, hash));
        assertFalse(hash.contains(password));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.filter(p -> p.getFileName().toString().contains("password")).toList(),
                    "no temporary file left behind");
        }

        // The id is taken now; a second add says so and writes nothing.
        Path other = dir.resolve("other.password");
        assertEquals(1, run("add", "--device-id", "kiosk-one", "--password-file", other.toString()));
        assertTrue(err().contains("already registered") && err().contains("device password"), err());
        assertEquals(1, err().lines().count(), err());
        assertFalse(Files.exists(other), "no file for a device that was not added");
        assertEquals(hash, hashOf("kiosk-one"), "its password is unchanged");

        // A new password: the old one no longer matches.
        assertEquals(2, run("password", "--device-id", "kiosk-one", "--password-file", file.toString()));
        assertTrue(err().contains("already exists") && err().contains("--force"), err());
        assertEquals(password, Files.readAllLines(file).get(0), "an existing file is kept without --force");
        assertEquals(0, run("password", "--device-id", "kiosk-one", "--password-file", file.toString(), "--force"),
                err());
        assertTrue(out().contains("new broker password"), out());
        String fresh = Files.readAllLines(file).get(0);
        assertNotEquals(password, fresh);
        assertEquals("rw-------", mode(file));
        assertTrue(Passwords.verify(fresh, hashOf("kiosk-one")));
        assertFalse(Passwords.verify(password, hashOf("kiosk-one")));

        assertEquals(0, run("list"), err());
        assertTrue(out().contains("kiosk-one\t-\t-\t-\t"), out());
        assertTrue(out().contains("\tactive\tpassword"), out());
        assertFalse(out().contains(fresh) || out().contains("$2y$"), "no secret in the list");

        assertEquals(0, run("revoke", "--device-id", "kiosk-one"), err());
        assertTrue(out().contains("revoked"), out());
        assertNull(hashOf("kiosk-one"), "a revoked device has no way in");
        assertEquals(1, run("password", "--device-id", "kiosk-one", "--password-file", file.toString(), "--force"));
        assertTrue(err().contains("revoked"), err());
        assertEquals(fresh, Files.readAllLines(file).get(0));
    }

    @Test
    void forceReplacesAnExistingFileWithAPrivateOne() throws Exception {
        Path file = dir.resolve("shared.password");
        Files.writeString(file, "something else\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(2, run("add", "--device-id", "kiosk-two", "--password-file", file.toString()));
        assertEquals("something else", Files.readAllLines(file).get(0));
        assertNull(hashOf("kiosk-two"), "nothing registered when the file is refused");
        assertEquals(0, run("add", "--device-id", "kiosk-two", "--password-file", file.toString(), "--force",
                "--region", "north-wales", "--site", "north-wales-hub", "--name", "Stondin 1"), err());
        assertEquals("rw-------", mode(file));
        assertTrue(Passwords.verify(Files.readAllLines(file).get(0), hashOf("kiosk-two")));
        assertEquals(0, run("list"));
        assertTrue(out().contains("kiosk-two\tnorth-wales\tnorth-wales-hub\tStondin 1\t"), out());
    }

    @Test
    void aWrongCommandLineIsExplainedInOneLineWithExit2() throws Exception {
        String file = dir.resolve("x.password").toString();
        String[][] wrong = {
                {"add", "--password-file", file},
                {"add", "--device-id", "Kiosk_One", "--password-file", file},
                {"add", "--device-id", "kiosk-x"},
                {"add", "--device-id", "kiosk-x", "--password-file", dir.resolve("no/such/folder/p").toString()},
                {"add", "--device-id", "kiosk-x", "--password-file", dir.toString()},
                {"add", "--device-id", "kiosk-x", "--password-file", file, "--region", "atlantis"},
                {"add", "--device-id", "kiosk-x", "--password-file", file, "--region", "western-bay", "--site",
                        "north-wales-hub"},
                {"add", "--device-id", "kiosk-x", "--password-file", file, "--colour", "blue"},
                {"add", "--device-id"},
                {"revoke", "--device-id", "kiosk-x", "--password-file", file},
                {"password", "--device-id", "kiosk-x", "--password-file", file, "--region", "north-wales"},
                {"list", "--device-id", "kiosk-x"},
                {"enrol", "--device-id", "kiosk-x"},
        };
        for (String[] args : wrong) {
            assertEquals(2, run(args), String.join(" ", args) + ": " + err());
            assertTrue(err().startsWith("sync-hub: "), err());
            assertTrue(err().contains("(see: java -jar sync-hub.jar device"), "points to the help: " + err());
            assertEquals(1, err().lines().count(), "one line, no stack trace: " + err());
            assertFalse(Files.exists(Path.of(file)), String.join(" ", args));
        }
        assertEquals(1, run("password", "--device-id", "kiosk-x", "--password-file", file));
        assertTrue(err().contains("no device 'kiosk-x'") && err().contains("device add"), err());
        assertFalse(Files.exists(Path.of(file)), "no file for a device that got no password");
        assertEquals(1, run("revoke", "--device-id", "kiosk-x"));
        assertEquals(0, run("--help"));
        assertTrue(out().contains("refuses anonymous clients") && out().contains("Mosquitto"), out());
    }

    /** The real command line, as a child JVM, while this JVM holds the hub's H2 store open, as a running hub would. */
    @Test
    void aStoreInUseIsSaidInOneLineWithoutAStackTrace() throws Exception {
        Path hubDir = dir.resolve("hub");
        Files.createDirectories(hubDir);
        try (HikariDataSource held = HubDatabase.open(HubConfig.h2Url(hubDir), null, null)) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "device", "add",
                    "--device-id", "kiosk-locked", "--password-file", dir.resolve("locked.password").toString(),
                    "--data", hubDir.toString());
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), stdout + stderr);
            assertEquals("", stdout);
            assertEquals(1, stderr.lines().count(), "one line: " + stderr);
            assertTrue(stderr.contains("stop the hub"), stderr);
            assertFalse(Files.exists(dir.resolve("locked.password")));
        }
    }
}
