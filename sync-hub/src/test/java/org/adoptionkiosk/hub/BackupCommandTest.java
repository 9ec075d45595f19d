package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.cli.BackupCommand;
import org.adoptionkiosk.hub.keys.HubIdentity;
import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sync-hub.jar backup} and {@code restore} refusing what they should, each in one line: a
 * wrong command line exit 2, anything else exit 1; a passphrase never on the command line; no file
 * left behind by a backup that failed; a restore that refuses changes nothing. (The whole way
 * round, with a real hub, is {@link BackupRestoreTest}.)
 */
class BackupCommandTest {
    private static final String PASSPHRASE = "twelve chars or more";

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Map<String, String> env = new HashMap<>(Map.of(BackupCommand.PASSPHRASE_ENV, PASSPHRASE,
            "PATH", System.getenv("PATH")));

    private int run(Object... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>();
        for (Object a : args) {
            all.add(a.toString());
        }
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, null, null)
                .execute(all.toArray(String[]::new));
    }

    private String err() {
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), "one line: " + e);
        return e;
    }

    /** A hub's data folder as its first start leaves it: the H2 store, its schema, the keys it remembers. */
    private static Path hub(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (HikariDataSource ds = HubDatabase.open(HubDatabase.h2Url(dir), null, null)) {
            HubIdentity.open(ds, dir, null, "test", Clock.systemUTC());
        }
        return dir;
    }

    private static List<String> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path backup(Path data) throws Exception {
        Path to = Files.createDirectories(root.resolve("backups-" + data.getFileName()));
        assertEquals(0, run("backup", "--to", to, "--data", data), err.toString(StandardCharsets.UTF_8));
        return to.resolve(list(to).get(0));
    }

    @Test
    void theBackupPassphraseComesFromAFileOrTheEnvironmentAndIsLongEnough() throws Exception {
        Path data = hub(root.resolve("data"));
        Path to = Files.createDirectories(root.resolve("to"));

        assertEquals(2, run("backup", "--data", data));
        assertTrue(err().startsWith("sync-hub: --to is required"), err());
        assertEquals(2, run("backup", "--to", root.resolve("nowhere"), "--data", data));
        assertTrue(err().startsWith("sync-hub: --to " + root.resolve("nowhere") + ": no such folder"), err());
        Path aFile = Files.writeString(root.resolve("a-file"), "x");
        assertEquals(2, run("backup", "--to", aFile, "--data", data));
        assertTrue(err().contains("is not a folder"), err());
        assertEquals(2, run("backup", "--to", to, "--data", data, "--passphrase", PASSPHRASE),
                "no option takes the passphrase itself");
        assertTrue(err().startsWith("sync-hub: unknown option '--passphrase'"), err());

        env.remove(BackupCommand.PASSPHRASE_ENV);
        assertEquals(2, run("backup", "--to", to, "--data", data));
        assertTrue(err().startsWith("sync-hub: a backup needs a passphrase: give --passphrase-file FILE or set "
                + BackupCommand.PASSPHRASE_ENV), err());
        env.put(BackupCommand.PASSPHRASE_ENV, "");
        assertEquals(2, run("backup", "--to", to, "--data", data), "an empty variable is no passphrase");
        assertTrue(err().contains("a backup needs a passphrase"), err());
        Path empty = Files.writeString(root.resolve("empty-passphrase"), "\n");
        assertEquals(2, run("backup", "--to", to, "--data", data, "--passphrase-file", empty));
        assertTrue(err().startsWith("sync-hub: --passphrase-file " + empty + " is empty"), err());
        Path shortOne = Files.writeString(root.resolve("short-passphrase"), "elevenchars\n");
        assertEquals(2, run("backup", "--to", to, "--data", data, "--passphrase-file", shortOne));
        assertTrue(err().startsWith("sync-hub: the backup passphrase must be 12 characters or more"), err());
        Path good = Files.writeString(root.resolve("passphrase"), PASSPHRASE + "\nnot this line\n");
        env.put(BackupCommand.PASSPHRASE_ENV, PASSPHRASE);
        assertEquals(2, run("backup", "--to", to, "--data", data, "--passphrase-file", good));
        assertTrue(err().startsWith("sync-hub: give either --passphrase-file or " + BackupCommand.PASSPHRASE_ENV
                + ", not both"), err());
        assertEquals(List.of(), list(to), "nothing written by a wrong command line");

        env.remove(BackupCommand.PASSPHRASE_ENV);
        assertEquals(0, run("backup", "--to", to, "--data", data, "--passphrase-file", good),
                err.toString(StandardCharsets.UTF_8));
        Path file = to.resolve(list(to).get(0));
        assertEquals(0, run("restore", "--from", file, "--data", root.resolve("restored"), "--passphrase-file", good),
                err.toString(StandardCharsets.UTF_8));
        env.put(BackupCommand.PASSPHRASE_ENV, PASSPHRASE + " ");
        assertEquals(1, run("restore", "--from", file, "--data", root.resolve("other")),
                "a space more is another passphrase");
        assertEquals("sync-hub: restore failed: wrong passphrase for " + file.getFileName() + "\n", err());
    }

    @Test
    void aBackupThatCannotBeWholeIsNotWrittenAndLeavesNothing() throws Exception {
        Path to = Files.createDirectories(root.resolve("to"));

        Path noStore = root.resolve("no-store");
        assertEquals(1, run("backup", "--to", to, "--data", noStore));
        assertTrue(err().startsWith("sync-hub: backup failed: the H2 store " + noStore.resolve("hub")
                + ".mv.db does not exist: nothing to back up"), err());
        assertFalse(Files.exists(noStore), "no empty store made where there was none");

        // The store without its key files (a data folder that is not the hub's): a backup that could open nothing.
        Path data = hub(root.resolve("data"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        assertEquals(1, run("backup", "--to", to, "--data", elsewhere, "--jdbc-url", HubDatabase.h2Url(data)));
        assertTrue(err().startsWith("sync-hub: backup failed: the key files are not this store's, and a backup"
                + " without them could open no enquiry: hub-private.keyset.json is not in " + elsewhere), err());
        // Keys of another hub's.
        Path other = hub(root.resolve("other"));
        HubMessages.shareKeys(data, elsewhere);
        Files.copy(other.resolve(IndexKey.FILE), elsewhere.resolve(IndexKey.FILE), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(1, run("backup", "--to", to, "--data", elsewhere, "--jdbc-url", HubDatabase.h2Url(data)));
        assertTrue(err().contains(IndexKey.FILE + " in " + elsewhere + " does not match the keys this store was made"
                + " with"), err());

        // /proc takes no new files, even from root.
        assertEquals(1, run("backup", "--to", "/proc", "--data", data));
        assertTrue(err().startsWith("sync-hub: backup failed: cannot write in /proc: "), err());

        // PostgreSQL's pg_dump: said before anything is opened or written.
        Path noPrograms = Files.createDirectories(root.resolve("no-programs"));
        List<String> pg = List.of("--jdbc-url", "jdbc:postgresql://127.0.0.1:9/none");
        assertEquals(1, run("backup", "--to", to, "--data", data, pg.get(0), pg.get(1), "--pg-bin", noPrograms));
        assertEquals("sync-hub: backup failed: pg_dump is not in --pg-bin " + noPrograms + "\n", err());
        env.put("PATH", noPrograms.toString());
        assertEquals(1, run("backup", "--to", to, "--data", data, pg.get(0), pg.get(1)));
        assertTrue(err().startsWith("sync-hub: backup failed: pg_dump is not installed (not found on the PATH):"
                + " install PostgreSQL's client programs"), err());
        assertTrue(err().contains("postgresql-client"), err());

        assertEquals(List.of(), list(to), "no file, whole or part, after any of these");
    }

    /** pg_dump failing half-way (here a stand-in that writes a little and fails): no file, no part of one. */
    @Test
    void aPgDumpThatFailsHalfWayLeavesNoFile() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Path data = root.resolve("data");
            new HubFixture(data, db.env()).close();
            Path bin = Files.createDirectories(root.resolve("bin"));
            Path fake = bin.resolve("pg_dump");
            Files.writeString(fake, "#!/bin/sh\nhead -c 200000 /dev/urandom\necho 'pg_dump: error: query failed:"
                    + " ERROR:  permission denied for table records' >&2\nexit 1\n");
            assertTrue(fake.toFile().setExecutable(true));
            Path to = Files.createDirectories(root.resolve("to"));
            List<String> args = new ArrayList<>(List.of("backup", "--to", to.toString(), "--data", data.toString(),
                    "--pg-bin", bin.toString()));
            args.addAll(db.options());
            assertEquals(1, run(args.toArray()));
            assertEquals("sync-hub: backup failed: pg_dump failed: pg_dump: error: query failed: ERROR:  permission"
                    + " denied for table records\n", err());
            assertEquals(List.of(), list(to), "the part written is gone");
        }
    }

    /**
     * The signing keys as their rotation leaves them: a step taken in the folder that no hub has
     * started with yet is still this store's keys; keys from before a step the store knows are not.
     */
    @Test
    void signingKeysAreCheckedAsTheirRotationGoes() throws Exception {
        Path data = hub(root.resolve("data"));
        Path before = root.resolve("before");
        HubMessages.shareKeys(data, before);
        org.adoptionkiosk.hub.keys.SigningKeys.addNextKey(data, null);
        backup(data);

        try (HikariDataSource ds = HubDatabase.open(HubDatabase.h2Url(data), null, null)) {
            HubIdentity.open(ds, data, null, "test", Clock.systemUTC());
        }
        Path to = Files.createDirectories(root.resolve("to"));
        assertEquals(1, run("backup", "--to", to, "--data", before, "--jdbc-url", HubDatabase.h2Url(data)));
        assertTrue(err().startsWith("sync-hub: backup failed: the key files are not this store's, and a backup"
                + " without them could open no enquiry: hub-signing.keyset.json in " + before + " holds signing keys"
                + " from before a rotation step"), err());
        assertEquals(List.of(), list(to));
    }

    /**
     * Keys encrypted with the key passphrase go into the backup as they are (the backup needs no key
     * passphrase), come back so, and the restore says the hub will need that passphrase.
     */
    @Test
    void encryptedKeysAreBackedUpAsTheyAreAndTheRestoreSaysSo() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        try (HikariDataSource ds = HubDatabase.open(HubDatabase.h2Url(data), null, null)) {
            HubIdentity.open(ds, data, "the key passphrase", "test", Clock.systemUTC());
        }
        assertTrue(Files.exists(data.resolve("hub-private.keyset.enc.json")));
        Path file = backup(data);
        Path restored = root.resolve("restored");
        assertEquals(0, run("restore", "--from", file, "--data", restored), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("the private keys are encrypted: the hub needs the"
                + " key passphrase"), out.toString());
        assertEquals(list(data).stream().filter(n -> n.startsWith("hub-")).toList(),
                list(restored).stream().filter(n -> n.startsWith("hub-")).toList());
        assertEquals(Files.readString(data.resolve("hub-private.keyset.enc.json")),
                Files.readString(restored.resolve("hub-private.keyset.enc.json")));
        try (HikariDataSource ds = HubDatabase.open(HubDatabase.h2Url(restored), null, null)) {
            assertNotNull(HubIdentity.open(ds, restored, "the key passphrase", "test", Clock.systemUTC()),
                    "the restored keys open with the key passphrase, on the restored store");
        }
    }

    @Test
    void aRestoreThatRefusesChangesNothing() throws Exception {
        Path data = hub(root.resolve("data"));
        Path file = backup(data);
        Path target = root.resolve("target");

        assertEquals(2, run("restore", "--data", target));
        assertTrue(err().startsWith("sync-hub: --from is required"), err());
        assertEquals(2, run("restore", "--from", root.resolve("none.hubbak"), "--data", target));
        assertTrue(err().startsWith("sync-hub: --from " + root.resolve("none.hubbak") + ": no such file"), err());
        env.remove(BackupCommand.PASSPHRASE_ENV);
        assertEquals(2, run("restore", "--from", file, "--data", target));
        assertTrue(err().startsWith("sync-hub: the backup's passphrase is needed"), err());
        env.put(BackupCommand.PASSPHRASE_ENV, "not the passphrase");
        assertEquals(1, run("restore", "--from", file, "--data", target));
        assertEquals("sync-hub: restore failed: wrong passphrase for " + file.getFileName() + "\n", err());
        env.put(BackupCommand.PASSPHRASE_ENV, PASSPHRASE);

        byte[] whole = Files.readAllBytes(file);
        Path cut = Files.write(root.resolve("cut.hubbak"), java.util.Arrays.copyOf(whole, whole.length - 100));
        assertEquals(1, run("restore", "--from", cut, "--data", target));
        assertEquals("sync-hub: restore failed: cut.hubbak is damaged or incomplete (it does not decrypt whole): use"
                + " another backup\n", err());
        byte[] changed = whole.clone();
        changed[changed.length / 2] ^= 1;
        Path flipped = Files.write(root.resolve("flipped.hubbak"), changed);
        assertEquals(1, run("restore", "--from", flipped, "--data", target));
        assertTrue(err().startsWith("sync-hub: restore failed: flipped.hubbak is damaged or incomplete"), err());
        Path notOne = Files.writeString(root.resolve("notes.txt"), "hello\n");
        assertEquals(1, run("restore", "--from", notOne, "--data", target));
        assertEquals("sync-hub: restore failed: notes.txt is not a hub backup (its first line is not a backup"
                + " header)\n", err());
        Path empty = Files.write(root.resolve("empty.hubbak"), new byte[0]);
        assertEquals(1, run("restore", "--from", empty, "--data", target));
        assertTrue(err().contains("is not a hub backup"), err());

        // An H2 backup goes into H2 (checked before any connection: no PostgreSQL needed here).
        assertEquals(1, run("restore", "--from", file, "--data", target, "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:9/none"));
        assertTrue(err().startsWith("sync-hub: restore failed: " + file.getFileName() + " is a backup of an H2 store,"
                + " and this is a PostgreSQL store: restore it into an H2 store"), err());
        assertFalse(Files.exists(target), "nothing made by any refusal");

        // A data folder holding other keys: refused, and kept as it was; with --force kept beside, renamed.
        Path other = hub(root.resolve("other"));
        List<String> before = list(other);
        String otherIndex = Files.readString(other.resolve(IndexKey.FILE));
        assertEquals(1, run("restore", "--from", file, "--data", other));
        assertTrue(err().startsWith("sync-hub: restore failed: " + other + " already holds other key files ("), err());
        assertTrue(err().contains("give --force"), err());
        assertEquals(before, list(other));
        assertEquals(otherIndex, Files.readString(other.resolve(IndexKey.FILE)));
        assertEquals(0, run("restore", "--from", file, "--data", other, "--force"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(Files.readString(data.resolve(IndexKey.FILE)), Files.readString(other.resolve(IndexKey.FILE)));
        List<String> aside = list(other).stream().filter(n -> n.startsWith(IndexKey.FILE + ".replaced-")).toList();
        assertEquals(1, aside.size(), list(other).toString());
        assertEquals(otherIndex, Files.readString(other.resolve(aside.get(0))), "the keys that were there are kept");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(its tables replaced)"), out.toString());
    }
}
