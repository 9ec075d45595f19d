package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.cli.BackupCommand;
import org.adoptionkiosk.hub.keys.HubIdentity;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.RealServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static org.adoptionkiosk.hub.TestRecords.BOOT;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sync-hub.jar backup} and {@code restore}, the whole way round, as an operator runs them:
 * a real hub takes in an enquiry sealed to its key; the backup is made; it is restored into a
 * fresh data folder and a fresh store; a hub started there opens the enquiry, and finds its visitor
 * for an erasure request (the index key came back too). A store restored without its key files
 * opens nothing: the keys in the backup are what make it a backup. On H2, and on the real
 * PostgreSQL (a database of its own for each side, backed up while the hub runs).
 */
class BackupRestoreTest {
    private static final String D = "kiosk-backup";
    private static final String PASSPHRASE = "a backup passphrase kept apart";
    private static final String NAME = "Siân Ffion Jones";
    private static final String EMAIL = "sian.ffion@example.cymru";

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args) {
        out.reset();
        err.reset();
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(BackupCommand.PASSPHRASE_ENV, PASSPHRASE, "PATH", System.getenv("PATH")), null, null)
                .execute(args.toArray(String[]::new));
    }

    private static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add(x.toString()));
            } else {
                out.add(p.toString());
            }
        }
        return out;
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The visitor's enquiry, sealed to the hub's key as a kiosk does, sent and acked; its page opened. */
    private static UUID takeInAnEnquiry(HubFixture f) throws Exception {
        UUID id = UUID.randomUUID();
        KioskRecord record = new KioskRecord(id, 1, RecordType.ENQUIRY, Instant.now().minus(Duration.ofMinutes(5)),
                BOOT, 1, null, Lang.CY, WireCodec.SCHEMA,
                Map.of("localAuthority", "cardiff", "topic", "adopting", "contactConsent", true),
                new TestSealer(f.hub.publicKeyFile()).seal(new SealedPersonal(NAME, EMAIL, "029 2000 0000", "CF10 1AA",
                        "Diolch"), id));
        try (RawMqtt kiosk = f.kiosk(D)) {
            assertEquals(1, f.sendAndAwaitAck(kiosk, batch(D, List.of(record))).accepted().size());
        }
        assertTrue(f.central().get("/enquiries/" + D + "/" + id).body().contains(NAME), "opened before the backup");
        return id;
    }

    /** What a hub on the restored store shows: the enquiry's details, and its visitor found for an erasure. */
    private static void opensTheEnquiry(HubFixture g, UUID id) throws Exception {
        // The dashboard's users came back with the store.
        HubSession central = HubSession.signIn(g.hub.httpPort(), "central-test", HubFixture.PASSWORD);
        String page = central.get("/enquiries/" + D + "/" + id).body();
        assertTrue(page.contains(NAME), "the details sealed before the backup open after the restore");
        assertTrue(page.contains("CF10 1AA"), page);
        String found = central.post("/erasure/find", Map.of("email", EMAIL)).body();
        assertTrue(found.contains(">Mae 1 cofnod yn dal y manylion hyn.<"), "the person index's key came back: "
                + found);
    }

    private static Path theBackup(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one file, and nothing else left in the folder: " + all);
            Path file = all.get(0);
            assertTrue(file.getFileName().toString().matches("hub-backup-\\d{8}T\\d{6}Z\\.hubbak"), file.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            return file;
        }
    }

    /** Nothing of the store or the keys can be read in the file without the passphrase. */
    private static void nothingInClear(Path file, Path dataDir) throws Exception {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String clear : List.of("INSERT INTO", "COPY ", "CREATE TABLE", "hub_keys", "HUB_KEYS", "primaryKeyId",
                "central-test", "keys/hub-", "manifest.json")) {
            assertFalse(bytes.contains(clear), "'" + clear + "' in clear in the backup");
        }
        String index = Files.readString(dataDir.resolve("hub-index.keyset.json"));
        String keyValue = index.replaceAll("(?s).*\"value\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertFalse(bytes.contains(keyValue), "the index key in clear in the backup");
    }

    private static Map<String, String> keyFiles(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("hub-.*keyset.*\\.json")).toList()) {
                out.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return out;
    }

    @Test
    void anH2HubComesBackOnAFreshFolderAndOpensWhatWasSealedBeforeTheBackup() throws Exception {
        Path a = root.resolve("a");
        Map<String, String> storeA = Map.of(HubConfig.envName("jdbc-url"), HubDatabase.h2Url(a));
        UUID id;
        try (HubFixture f = new HubFixture(a, storeA)) {
            id = takeInAnEnquiry(f);
        }
        assertEquals(0, run(args("history", "import", reportedCounts(), "--data", a)), err());
        Path backups = Files.createDirectories(root.resolve("backups"));
        assertEquals(0, run(args("backup", "--to", backups, "--data", a)), err());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("an H2 store, schema version "), out.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(NAME));
        Path file = theBackup(backups);
        nothingInClear(file, a);

        Path b = root.resolve("b");
        assertEquals(0, run(args("restore", "--from", file, "--data", b)), err());
        assertEquals(keyFiles(a), keyFiles(b), "the key files restored are the very ones backed up");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                b.resolve("hub-private.keyset.json"))));
        Map<String, String> storeB = Map.of(HubConfig.envName("jdbc-url"), HubDatabase.h2Url(b));
        try (HubFixture g = new HubFixture(b, storeB)) {
            opensTheEnquiry(g, id);
            reportedCountsCameBack(g);
        }

        // The restored store without the key files: a hub opens nothing on it (and makes no keys of its own).
        Path noKeys = root.resolve("no-keys");
        assertThrows(HubIdentity.KeysDoNotMatch.class, () -> new HubFixture(noKeys, storeB).close());

        assertEquals(1, run(args("restore", "--from", file, "--data", b)), "a store with tables is not overwritten");
        assertTrue(err().startsWith("sync-hub: restore failed: the H2 store " + b.resolve("hub") + ".mv.db is not"
                + " empty ("), err());
        assertTrue(err().contains("give --force"), err());
        assertEquals(1, err().lines().count(), err());

        assertEquals(0, run(args("restore", "--from", file, "--data", b, "--force")), err());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(its tables replaced)"), out.toString());
        try (HubFixture g = new HubFixture(b, storeB)) {
            opensTheEnquiry(g, id);
            assertEquals(1, g.count("SELECT COUNT(*) FROM records"), "replaced, not added to");
        }
    }

    /** Counts imported from before the kiosks ({@code history import}), one with approvals unknown. */
    private Path reportedCounts() throws Exception {
        return Files.writeString(root.resolve("hanes.csv"), "region,business_year,half,enquiries,approvals\n"
                + "north-wales,2014-15,H1,120,\nwestern-bay,2014-15,H2,64,3\n");
    }

    private static void reportedCountsCameBack(HubFixture g) throws Exception {
        assertEquals(2, g.count("SELECT COUNT(*) FROM reported_halves"));
        assertEquals(1, g.count("SELECT COUNT(*) FROM reported_halves WHERE approvals IS NULL AND enquiries = 120"));
    }

    /** PostgreSQL's client programs, which backup and restore run: skipped here without them, required in CI. */
    private static void pgPrograms() {
        RealServices.program("pg_dump", "/usr/bin/pg_dump");
        RealServices.program("psql", "/usr/bin/psql");
    }

    @Test
    void aPostgresHubIsBackedUpWhileItRunsAndComesBackInAFreshDatabase() throws Exception {
        pgPrograms();
        try (TestDatabase one = TestDatabase.create(); TestDatabase two = TestDatabase.create()) {
            Path a = root.resolve("a");
            Path backups = Files.createDirectories(root.resolve("backups"));
            UUID id;
            try (HubFixture f = new HubFixture(a, one.env())) {
                id = takeInAnEnquiry(f);
                assertEquals(0, run(args("history", "import", reportedCounts(), "--data", a, one.options())), err());
                assertEquals(0, run(args("backup", "--to", backups, "--data", a, one.options())), err());
            }
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("a PostgreSQL store, schema version "),
                    out.toString());
            Path file = theBackup(backups);
            nothingInClear(file, a);

            Path b = root.resolve("b");
            assertEquals(0, run(args("restore", "--from", file, "--data", b, two.options())), err());
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("restored " + file.getFileName()
                    + " into the PostgreSQL database " + two.name + " on "), out.toString());
            assertEquals(keyFiles(a), keyFiles(b), "the key files restored are the very ones backed up");
            try (HubFixture g = new HubFixture(b, two.env())) {
                opensTheEnquiry(g, id);
                assertEquals(1, g.count("SELECT COUNT(*) FROM records"));
                reportedCountsCameBack(g);
            }

            Path noKeys = root.resolve("no-keys");
            HubIdentity.KeysDoNotMatch e = assertThrows(HubIdentity.KeysDoNotMatch.class,
                    () -> new HubFixture(noKeys, two.env()).close());
            assertTrue(e.getMessage().contains("is not in " + noKeys), e.getMessage());

            assertEquals(1, run(args("restore", "--from", file, "--data", b, two.options())),
                    "a database with tables is not overwritten");
            assertTrue(err().startsWith("sync-hub: restore failed: the PostgreSQL database " + two.name + " on "),
                    err());
            assertTrue(err().contains("is not empty") && err().contains("give --force"), err());

            assertEquals(0, run(args("restore", "--from", file, "--data", b, "--force", two.options())), err());
            try (HubFixture g = new HubFixture(b, two.env())) {
                opensTheEnquiry(g, id);
                assertEquals(1, g.count("SELECT COUNT(*) FROM records"), "replaced, not added to");
            }
        }
    }

    /**
     * A hub whose tables are in a schema of their own (currentSchema in its URL) is backed up from
     * that schema alone, and goes back into the same schema of another database, made there; a
     * URL with another schema is refused, since the dump names its schema.
     */
    @Test
    void aStoreInASchemaOfItsOwnGoesBackIntoThatSchema() throws Exception {
        pgPrograms();
        try (TestStore schema = TestStore.openPostgres(); TestDatabase fresh = TestDatabase.create()) {
            Map<String, String> env = schema.env(Map.of());
            String url = env.get(HubConfig.envName("jdbc-url"));
            String name = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
            Path a = Files.createDirectories(root.resolve("a"));
            try (var ds = HubDatabase.open(url, env.get(HubConfig.envName("jdbc-user")),
                    env.get(HubConfig.envName("jdbc-password")))) {
                HubIdentity.open(ds, a, null, "test", java.time.Clock.systemUTC());
            }
            Path backups = Files.createDirectories(root.resolve("backups"));
            List<String> store = new ArrayList<>(List.of("--jdbc-url", url, "--jdbc-user",
                    env.get(HubConfig.envName("jdbc-user"))));
            assertEquals(0, run(args("backup", "--to", backups, "--data", a, store)), err());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("a PostgreSQL store (schema " + name + ")"),
                    out.toString());
            Path file = theBackup(backups);

            List<String> otherSchema = new ArrayList<>(fresh.options());
            assertEquals(1, run(args("restore", "--from", file, "--data", root.resolve("b"), otherSchema)));
            assertTrue(err().startsWith("sync-hub: restore failed: " + file.getFileName() + " is a backup of the schema "
                    + name + ", and this store's tables go into the schema public: give a --jdbc-url with"
                    + " currentSchema=" + name), err());
            assertFalse(Files.exists(root.resolve("b")), "nothing written");

            List<String> sameSchema = new ArrayList<>(fresh.options());
            sameSchema.set(1, fresh.url + "?currentSchema=" + name);
            assertEquals(0, run(args("restore", "--from", file, "--data", root.resolve("b"), sameSchema)), err());
            try (var c = java.sql.DriverManager.getConnection(fresh.url, fresh.user, fresh.password);
                 var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + name + ".hub_keys")) {
                rs.next();
                assertEquals(3, rs.getLong(1), "the keys' fingerprints, in the schema of the same name");
            }
        }
    }
}
