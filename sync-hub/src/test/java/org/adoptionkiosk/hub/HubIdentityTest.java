package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.keys.HubIdentity;
import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One identity for every hub instance on a store: the first start makes the keys and the store
 * remembers their fingerprints; a later instance with other key files, or none, refuses to start
 * with one line saying what to copy from where, and makes no keys of its own. Instances take turns
 * on one store here (H2 by default, PostgreSQL in the build's second run), each with its own data
 * folder, as on separate machines.
 */
class HubIdentityTest {
    @TempDir
    Path root;
    private TestStore postgres;
    private Map<String, String> store;

    @BeforeEach
    void store() {
        if (TestStore.postgres()) {
            postgres = TestStore.open();
            store = postgres.env(Map.of());
        } else {
            store = Map.of(HubConfig.envName("jdbc-url"), "jdbc:h2:file:" + root.resolve("store/hub").toAbsolutePath()
                    + ";WRITE_DELAY=0");
        }
    }

    @AfterEach
    void dropStore() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private HubFixture start(Path dir) throws Exception {
        return new HubFixture(dir, store);
    }

    private static List<String> keyFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hub-") && n.endsWith(".json"))
                    .sorted().toList();
        }
    }

    @Test
    void aSecondInstanceOnAFreshFolderRefusesToStartAndMakesNoKeys() throws Exception {
        Path first = root.resolve("first");
        try (HubFixture f = start(first)) {
            assertEquals(5, keyFiles(first).size(), "the first start on an empty store makes the keys: "
                    + keyFiles(first));
        }
        Path second = root.resolve("second");
        HubIdentity.KeysDoNotMatch e = assertThrows(HubIdentity.KeysDoNotMatch.class, () -> start(second).close());
        String line = e.getMessage();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith(SealingKeys.PRIVATE_FILE + " is not in " + second), line);
        assertTrue(line.contains("first used by instance test on host "), line);
        assertTrue(line.contains("with the data folder " + first.toAbsolutePath()), line);
        assertTrue(line.contains("copy the " + HubIdentity.KEY_FILES + " key files from that folder"), line);
        assertEquals(List.of(), keyFiles(second), "no keys of its own");

        // As the operator reads it in the journal: the one line, nothing of Java's about it.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), store, null,
                new BufferedReader(new StringReader(""))).execute("--data", second.toString(),
                "--http-port", "0", "--mqtt-port", "0");
        assertEquals(1, code);
        assertEquals("sync-hub could not start: " + line + "\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), keyFiles(second), "no keys of its own");

        HubMessages.shareKeys(first, second);
        try (HubFixture f = start(second)) {
            assertEquals(Files.readString(first.resolve(SealingKeys.PUBLIC_FILE)),
                    Files.readString(f.hub.publicKeyFile()), "started with the first instance's keys");
        }
    }

    @Test
    void anInstanceWithOtherKeysRefusesUntilItHasTheFirstOnesAndThenOpensWhatWasSealedForThem() throws Exception {
        Path first = root.resolve("first");
        UUID recordId = UUID.randomUUID();
        String sealed;
        String fingerprint;
        try (HubFixture f = start(first)) {
            sealed = new TestSealer(f.hub.publicKeyFile()).seal(new SealedPersonal("Siân Jones", "sian@example.cymru",
                    "07700 900123", null, null), recordId);
            fingerprint = SealingKeys.loadOrCreate(first).fingerprint();
        }
        // Keys an instance made on its own, as every instance did before.
        Path other = root.resolve("other");
        Files.createDirectories(other);
        SealingKeys.loadOrCreate(other);
        SigningKeys.loadOrCreate(other, null);
        IndexKey.loadOrCreate(other);
        List<String> made = keyFiles(other);
        HubIdentity.KeysDoNotMatch e = assertThrows(HubIdentity.KeysDoNotMatch.class, () -> start(other).close());
        String line = e.getMessage();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith(SealingKeys.PRIVATE_FILE + " in " + other
                + " does not match the keys this store was made with (fingerprint " + fingerprint.substring(0, 12)
                + "…"), line);
        assertTrue(line.contains(first.toAbsolutePath().toString()), line);
        assertEquals(made, keyFiles(other), "its files left as they were");

        // Only the index key differs: refused all the same (it would index no one an erasure finds).
        IndexKey.loadOrCreate(Files.createDirectories(root.resolve("other-index")));
        HubMessages.shareKeys(first, other);
        Files.copy(root.resolve("other-index").resolve(IndexKey.FILE), other.resolve(IndexKey.FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(HubIdentity.KeysDoNotMatch.class, () -> start(other).close());
        assertTrue(e.getMessage().startsWith(IndexKey.FILE + " in " + other + " does not match"), e.getMessage());

        HubMessages.shareKeys(first, other);
        try (HubFixture f = start(other)) {
            SealedPersonal opened = new WireCodec().decodeSealed(f.hub.openSealed(sealed, recordId));
            assertEquals("sian@example.cymru", opened.email());
        }
    }

    @Test
    void theStoreKeepsFingerprintsAndPublicKeysOnly() throws Exception {
        Path first = root.resolve("first");
        try (HubFixture f = start(first)) {
            List<String> rows = new ArrayList<>();
            try (Connection c = f.hub.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT key_name, fingerprint, public_keyset FROM hub_keys ORDER BY key_name")) {
                while (rs.next()) {
                    assertTrue(rs.getString(2).matches("[0-9a-f]{64}"), rs.getString(2));
                    rows.add(rs.getString(1));
                    if (rs.getString(1).equals(HubIdentity.SIGNING)) {
                        assertEquals(Files.readString(first.resolve(SigningKeys.PUBLIC_FILE), StandardCharsets.UTF_8),
                                rs.getString(3), "the signing keys' public keyset, as the public file holds it");
                    } else {
                        assertNull(rs.getString(3));
                    }
                }
            }
            assertEquals(List.of(HubIdentity.INDEX, HubIdentity.SEALING, HubIdentity.SIGNING), rows);
        }
    }

    /**
     * The signing keys' documented rotation, taken on one instance: each step is remembered there,
     * and an instance still holding the keys from before a step refuses until it gets the new files.
     */
    @Test
    void aSigningKeyRotationStepIsFollowedAndAnInstanceLeftBehindIsToldToCopy() throws Exception {
        Path first = root.resolve("first");
        Path second = root.resolve("second");
        start(first).close();
        HubMessages.shareKeys(first, second);
        start(second).close();

        SigningKeys.addNextKey(first, null);
        start(first).close();
        HubIdentity.KeysDoNotMatch e = assertThrows(HubIdentity.KeysDoNotMatch.class, () -> start(second).close());
        assertTrue(e.getMessage().startsWith(SigningKeys.PRIVATE_FILE + " in " + second
                + " holds signing keys from before a rotation step"), e.getMessage());
        HubMessages.shareKeys(first, second);
        start(second).close();

        SigningKeys.promoteNextKey(first, null);
        start(first).close();
        SigningKeys.retireOldKeys(first, null);
        start(first).close();
        HubMessages.shareKeys(first, second);
        start(second).close();

        // Signing keys made apart from these are no rotation step.
        Path stranger = root.resolve("stranger");
        Files.createDirectories(stranger);
        SigningKeys.loadOrCreate(stranger, null);
        Files.copy(stranger.resolve(SigningKeys.PRIVATE_FILE), second.resolve(SigningKeys.PRIVATE_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(HubIdentity.KeysDoNotMatch.class, () -> start(second).close());
        assertTrue(e.getMessage().startsWith(SigningKeys.PRIVATE_FILE + " in " + second + " does not match"),
                e.getMessage());
    }
}
