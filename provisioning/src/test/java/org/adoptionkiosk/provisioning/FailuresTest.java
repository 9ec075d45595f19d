package org.adoptionkiosk.provisioning;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.security.SecureRandom;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the tool fails: one line on standard error, no stack trace, usage on standard error for an
 * empty command line, and a failed command leaves nothing half-made (no half-registered device, no
 * stray bundle, broker files as they were, no keys from a failed {@code hub init}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailuresTest {
    Path tmp;
    Tool tool;

    @BeforeAll
    void init(@TempDir Path dir) {
        tmp = dir;
        tool = new Tool(tmp.resolve("prov"), tmp.resolve("hub"), Map.of());
        tool.hubInit(8883);
    }

    @Test
    void aStoreThatCannotBeOpenedIsOneLineWithoutAStackTrace() {
        // As an operator runs the jar: H2 and Hikari print to the console themselves.
        Tool.Result r = Tool.process(tmp, Map.of(), "device", "list", "--data", "/proc/x");
        assertEquals(1, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "device list --data /proc/x");
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().contains("/proc/x") && r.err().contains("--data"), "says where and what to check: " + r);

        Tool.Result added = Tool.raw(Map.of(), "", "device", "add", "--region", "north-wales", "--site",
                "north-wales-hub", "--dir", tool.dir().toString(), "--data", "/proc/x");
        assertEquals(1, added.code(), added.toString());
        Tool.assertOneLineFailure(added, "device add --data /proc/x");
    }

    @Test
    void noArgumentsIsUsageOnStandardErrorAndExitTwo() {
        Tool.Result r = Tool.raw(Map.of(), "");
        assertEquals(2, r.code(), r.toString());
        assertEquals("", r.out(), "nothing on standard output: " + r);
        assertTrue(r.err().contains("usage:") && r.err().contains("device add"), r.toString());

        Tool.Result p = Tool.process(tmp, Map.of());
        assertEquals(2, p.code(), p.toString());
        assertEquals("", p.out(), p.toString());
        assertTrue(p.err().contains("usage:"), p.toString());

        Tool.Result help = Tool.raw(Map.of(), "", "--help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().contains("usage:"), help.toString());
        assertEquals("", help.err(), help.toString());
    }

    @Test
    void aMissingOrUnreadableRegionsFileIsExitTwoWhereverRegionsIsAccepted() throws Exception {
        Path csv = tmp.resolve("one.csv");
        Files.writeString(csv, "region,site,name\nnorth-wales,north-wales-hub,Stand\n");
        Map<String, String> before = Tool.snapshot(tool.dir());
        for (String regions : List.of("/nonexistent", tmp.toString())) {
            List<String[]> commands = List.of(
                    new String[] {"device", "list"},
                    new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub"},
                    new String[] {"device", "batch", csv.toString()},
                    new String[] {"device", "revoke", "kiosk-abcdefgh"});
            for (String[] command : commands) {
                String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                        java.util.stream.Stream.of("--regions", regions)).toArray(String[]::new);
                Tool.Result r = tool.run(args);
                assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
                Tool.assertOneLineFailure(r, String.join(" ", args));
                assertTrue(r.err().contains(regions), r.toString());
            }
        }
        // The hub's environment variable is the same option.
        Tool withEnv = new Tool(tool.dir(), tool.hubData(), Map.of("HUB_REGIONS", "/nonexistent"));
        Tool.Result env = withEnv.run("device", "list");
        assertEquals(2, env.code(), env.toString());
        Tool.assertOneLineFailure(env, "HUB_REGIONS=/nonexistent device list");

        Tool.Result p = Tool.process(tmp, Map.of(), "device", "list", "--regions", "/nonexistent", "--data",
                tool.hubData().toString());
        assertEquals(2, p.code(), p.toString());
        Tool.assertOneLineFailure(p, "device list --regions /nonexistent");
        assertEquals(before, Tool.snapshot(tool.dir()), "nothing changed");
    }

    @Test
    void deviceAddWithAnOutFolderThatCannotBeWrittenLeavesNothing() throws Exception {
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "a file, not a folder");
        Map<String, String> before = Tool.snapshot(tool.dir());
        List<String> beside = Tool.names(tmp);

        Tool.Result r = tool.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id",
                "kiosk-outfail", "--out", file.resolve("bundle").toString());
        assertNotEquals(0, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "device add --out under a file");
        assertFalse(tool.ok("device", "list").out().contains("kiosk-outfail"), "not registered, not even revoked");
        assertEquals(before, Tool.snapshot(tool.dir()), "no bundle, broker files as they were");
        assertEquals("a file, not a folder", Files.readString(file));
        assertEquals(beside, Tool.names(tmp), "nothing left beside the file either");

        // The same id is still free.
        Tool.Result again = tool.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id",
                "kiosk-outfail", "--out", tmp.resolve("outfail-bundle").toString());
        assertEquals(0, again.code(), again.toString());
    }

    @Test
    void aRegistrationTheStoreRefusesLeavesNoFiles() throws Exception {
        Path store = tmp.resolve("refusing-store");
        String url = "jdbc:h2:file:" + store.resolve("hub");
        try (HikariDataSource ds = HubDatabase.open(url, null, null);
             Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE device_registry ADD CONSTRAINT refuse_one CHECK (device_id <> 'kiosk-refused')");
        }
        Map<String, String> before = Tool.snapshot(tool.dir());
        Tool.Result r = tool.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id",
                "kiosk-refused", "--client-cert", "--jdbc-url", url);
        assertEquals(1, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "a registration the store refuses");
        assertEquals(before, Tool.snapshot(tool.dir()), "the bundle and the broker's files are not left behind");
    }

    @Test
    void aBrokerFileThatCannotBeReplacedUndoesTheRegistrationAndTheBundle() throws Exception {
        Path passwd = tool.dir().resolve("broker/passwd");
        Map<String, String> before = Tool.snapshot(tool.dir());
        Tool.Result r;
        immutable(passwd, true);
        try {
            r = tool.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id",
                    "kiosk-late", "--client-cert");
        } finally {
            immutable(passwd, false);
        }
        assertEquals(1, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "a password file that cannot be replaced");
        assertFalse(tool.ok("device", "list").out().contains("kiosk-late"), "the registration is undone: " + r);
        assertEquals(before, Tool.snapshot(tool.dir()), "no bundle, the ACL as it was, no temporary files");
        assertEquals(0, tool.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id",
                "kiosk-late").code(), "the id is free again");
    }

    @Test
    void aBatchIsAllOrNothing() throws Exception {
        Path csv = tmp.resolve("two.csv");
        Files.writeString(csv, "region,site,name\nnorth-wales,north-wales-hub,A\nwestern-bay,western-bay-hub,B\n");
        String listed = tool.ok("device", "list").out();
        Map<String, String> before = Tool.snapshot(tool.dir());
        Path acl = tool.dir().resolve("broker/acl");
        Tool.Result r;
        immutable(acl, true);
        try {
            r = tool.run("device", "batch", csv.toString());
        } finally {
            immutable(acl, false);
        }
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("provisioning: ")).count(), r.toString());
        Tool.noStackTrace(r, "batch");
        assertEquals(listed, tool.ok("device", "list").out(), "no device of the batch is registered");
        assertEquals(before, Tool.snapshot(tool.dir()));
    }

    @Test
    void hubInitThatFailsMidwayLeavesNothingNewAndKeepsWhatWasThere() throws Exception {
        Path dir = tmp.resolve("init-fails");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "the operator's own file");
        // Where hub init puts its hub/ folder there is a file: the old tool found out after the keys,
        // the CA folder and the broker folder were made.
        Files.writeString(dir.resolve("hub"), "not a folder");
        Path data = tmp.resolve("init-fails-data");
        Map<String, String> before = Tool.snapshot(dir);
        List<String> beside = Tool.names(tmp);

        Tool.Result r = new Tool(dir, data, Map.of()).run("hub", "init", "--broker-host", "localhost");
        assertNotEquals(0, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "hub init into a folder with a file named hub");
        assertEquals(before, Tool.snapshot(dir), "nothing new, the operator's files untouched");
        assertFalse(Files.exists(data), "no keys left behind");
        assertEquals(beside, Tool.names(tmp));
    }

    @Test
    void hubInitThatCannotStoreTheKeysLeavesNoWorkspace() throws Exception {
        Path data = tmp.resolve("locked-data");
        Files.createDirectories(data);
        Path dir = tmp.resolve("init-late");
        List<String> beside = Tool.names(tmp);
        Tool.Result r;
        immutable(data, true);
        try {
            r = new Tool(dir, data, Map.of()).run("hub", "init", "--broker-host", "localhost");
        } finally {
            immutable(data, false);
        }
        assertEquals(1, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "hub init with a data folder that cannot be written");
        assertFalse(Files.exists(dir), "no half-made provisioning folder");
        assertEquals(List.of(), Tool.names(data));
        assertEquals(beside, Tool.names(tmp), "no staging folder left");
    }

    @Test
    void hubInitKeepsAnExistingKeyWhenItFails() throws Exception {
        Path data = tmp.resolve("keyed-data");
        Files.createDirectories(data);
        SealingKeys.loadOrCreate(data);
        Map<String, String> keys = Tool.snapshot(data);
        Path dir = tmp.resolve("keyed-init");
        Files.createDirectories(dir.resolve("ca"));
        Tool.Result r = new Tool(dir, data, Map.of()).run("hub", "init", "--broker-host", "localhost");
        assertEquals(1, r.code(), r.toString());
        Tool.assertOneLineFailure(r, "hub init into a folder with a ca folder");
        assertEquals(keys, Tool.snapshot(data), "the hub's key pair is untouched");
        assertEquals(List.of("ca"), Tool.names(dir));
    }

    @Test
    void hubInitIntoAnExistingFolderKeepsWhatIsThere() throws Exception {
        Path dir = tmp.resolve("existing");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.txt"), "the operator's own file");
        Tool t = new Tool(dir, tmp.resolve("existing-data"), Map.of());
        t.hubInit(8883);
        assertEquals("the operator's own file", Files.readString(dir.resolve("README.txt")));
        assertEquals(List.of("README.txt", "broker", "ca", "devices", "hub", "hub-public.keyset.json",
                "hub-signing-public.keyset.json", "provisioning.properties"), Tool.names(dir),
                "no staging folder left");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)));
        assertEquals(0, t.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub").code());
    }

    @Test
    void whatALibraryThrowsUnexpectedlyIsStillOneLineAndLeavesNothing() throws Exception {
        SecureRandom broken = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                throw new IllegalStateException("the entropy source failed");
            }
        };
        Map<String, String> before = Tool.snapshot(tool.dir());
        Tool.Result add = run(broken, "device", "add", "--region", "north-wales", "--site", "north-wales-hub",
                "--dir", tool.dir().toString(), "--data", tool.hubData().toString());
        assertEquals(1, add.code(), add.toString());
        Tool.assertOneLineFailure(add, "device add with a failing random source");
        assertTrue(add.err().contains("device add") && add.err().contains("entropy source failed"), add.toString());
        Tool.Result named = run(broken, "device", "add", "--region", "north-wales", "--site", "north-wales-hub",
                "--id", "kiosk-entropy", "--dir", tool.dir().toString(), "--data", tool.hubData().toString());
        Tool.assertOneLineFailure(named, "device add --id with a failing random source");
        assertEquals(before, Tool.snapshot(tool.dir()));
        assertFalse(tool.ok("device", "list").out().contains("kiosk-entropy"));

        Path dir = tmp.resolve("init-entropy");
        Path data = tmp.resolve("init-entropy-data");
        Tool.Result init = run(broken, "hub", "init", "--broker-host", "localhost", "--dir", dir.toString(), "--data",
                data.toString());
        assertEquals(1, init.code(), init.toString());
        Tool.assertOneLineFailure(init, "hub init with a failing random source");
        assertFalse(Files.exists(dir) || Files.exists(data), init.toString());
    }

    private static Tool.Result run(SecureRandom random, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
                new BufferedReader(new StringReader("")), false, random, Clock.systemUTC()).run(args);
        return new Tool.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Sets or clears the immutable attribute (root may then not replace, rename or create in it either). */
    private static void immutable(Path p, boolean on) throws Exception {
        Process chattr = new ProcessBuilder("chattr", on ? "+i" : "-i", p.toString()).redirectErrorStream(true).start();
        String said = new String(chattr.getInputStream().readAllBytes());
        int code = chattr.waitFor();
        if (on) {
            Assumptions.assumeTrue(code == 0, "chattr +i is not possible here: " + said);
        } else if (code != 0) {
            throw new AssertionError("chattr -i " + p + ": " + said);
        }
    }
}
