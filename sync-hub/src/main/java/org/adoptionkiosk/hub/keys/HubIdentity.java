package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import org.adoptionkiosk.hub.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One identity for every hub instance on a store. The hub's keys (sealing, signing, person index)
 * are made once: by {@code provisioning.jar hub init}, or by the first start on an empty store. The
 * store remembers each one's fingerprint (table {@code hub_keys}, public material only), and an
 * instance whose key files differ from it, or that has none while the store has some, refuses to
 * start with one line saying which files to copy from where: an instance with other keys could open
 * no enquiry, and would index no one an erasure request could find.
 *
 * <p>The signing keys are rotated in steps (docs/wire-contract.md): a keyset that holds the primary
 * key of the latest one the store knows is the next step, and becomes the latest; an earlier one is
 * refused, since the instance that took the step has the files to copy.
 */
public final class HubIdentity {
    private static final Logger log = LoggerFactory.getLogger(HubIdentity.class);
    public static final String SEALING = "sealing";
    public static final String SIGNING = "signing";
    public static final String INDEX = "index";
    /** Instances starting at once take turns at the check (a PostgreSQL advisory lock; H2 has one process). */
    private static final long CHECK_LOCK = 0x4164_6f70_4b65_7973L;
    /** What the operator copies: every key file, and nothing else in the data folder, is named so. */
    public static final String KEY_FILES = "hub-*.keyset*.json";

    /** The keys of this instance, checked against the store. */
    public record Keys(SealingKeys sealing, SigningKeys signing, IndexKey index) {
    }

    /** The key files in the data folder are not the ones the store was made with. */
    public static final class KeysDoNotMatch extends GeneralSecurityException {
        KeysDoNotMatch(String message) {
            super(message);
        }
    }

    /** One key (or, for the signing keys, one step of their rotation) as the store knows it. */
    private record Known(String kind, String fingerprint, String publicKeyset, String instanceId, String host,
                         String dataDir, Instant firstUsedAt) {
        String where() {
            return "fingerprint " + fingerprint.substring(0, 12) + "…, first used by instance " + instanceId
                    + " on host " + host + " at " + firstUsedAt + " with the data folder " + dataDir;
        }
    }

    private HubIdentity() {
    }

    /**
     * Loads this instance's keys from {@code dir} and checks them against the store; makes them only
     * when neither the folder nor the store has them, and then the store remembers them.
     *
     * @throws KeysDoNotMatch when the folder's keys are not the store's, or are missing while the store has some
     */
    public static Keys open(DataSource dataSource, Path dir, String passphrase, String instanceId, Clock clock)
            throws IOException, GeneralSecurityException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (Sql.isPostgres(c)) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT pg_advisory_xact_lock(" + CHECK_LOCK + ")");
                    }
                }
                List<Known> known = known(c);
                // Before any key is made: a folder without the store's keys gets none of its own.
                refuseIfMissing(known, SEALING, SealingKeys.exists(dir), SealingKeys.privateFileIn(dir), dir);
                refuseIfMissing(known, SIGNING, SigningKeys.exists(dir), SigningKeys.privateFileIn(dir), dir);
                refuseIfMissing(known, INDEX, IndexKey.exists(dir), IndexKey.FILE, dir);
                SealingKeys sealing = SealingKeys.loadOrCreate(dir, passphrase);
                SigningKeys signing = SigningKeys.loadOrCreate(dir, passphrase);
                IndexKey index = IndexKey.loadOrCreate(dir);
                Remember remember = new Remember(c, instanceId, host(), dir, clock.instant());
                checkOne(known, SEALING, sealing.fingerprint(), SealingKeys.privateFileIn(dir), dir, remember);
                checkOne(known, INDEX, index.fingerprint(), IndexKey.FILE, dir, remember);
                checkSigning(known, signing, dir, remember);
                c.commit();
                log.info("hub keys match the store: sealing {}…, signing {}…, index {}…",
                        sealing.fingerprint().substring(0, 12), signing.fingerprint().substring(0, 12),
                        index.fingerprint().substring(0, 12));
                return new Keys(sealing, signing, index);
            } catch (SQLException | IOException | GeneralSecurityException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The fingerprints of the hub's three keys (of the signing keys, the current step of their rotation). */
    public record Fingerprints(String sealing, String signing, String index) {
    }

    /**
     * Checks the key files in {@code dir} against the store as {@link #open} would, but without
     * loading a private key (so without the key passphrase) and without making or changing
     * anything: the sealing and signing keys by their public files, which every load rewrites to
     * match the private ones, the index key by its own file. A backup takes only keys the store
     * can use.
     *
     * @return the folder's fingerprints
     * @throws KeysDoNotMatch when a key file is missing, or is not one the store was made with
     */
    public static Fingerprints checkFolder(Connection c, Path dir)
            throws IOException, GeneralSecurityException, SQLException {
        List<Known> known = known(c);
        refuseIfMissing(known, SEALING, SealingKeys.exists(dir), SealingKeys.privateFileIn(dir), dir);
        refuseIfMissing(known, SIGNING, SigningKeys.exists(dir), SigningKeys.privateFileIn(dir), dir);
        refuseIfMissing(known, INDEX, IndexKey.exists(dir), IndexKey.FILE, dir);
        for (String file : List.of(SealingKeys.privateFileIn(dir), SealingKeys.PUBLIC_FILE,
                SigningKeys.privateFileIn(dir), SigningKeys.PUBLIC_FILE, IndexKey.FILE)) {
            if (!Files.exists(dir.resolve(file))) {
                throw new KeysDoNotMatch(file + " is not in " + dir + ", where the hub's key files should be (a hub"
                        + " started once with its keys writes every one)");
            }
        }
        HybridConfig.register();
        SignatureConfig.register();
        String sealing = KeyFingerprint.of(publicKeyset(dir.resolve(SealingKeys.PUBLIC_FILE)));
        KeysetHandle signingKeys = publicKeyset(dir.resolve(SigningKeys.PUBLIC_FILE));
        String signing = KeyFingerprint.of(signingKeys);
        String index = IndexKey.loadOrCreate(dir).fingerprint();
        List<Known> rows = of(known, SEALING);
        if (!rows.isEmpty() && !rows.get(0).fingerprint().equals(sealing)) {
            throw mismatch(SealingKeys.privateFileIn(dir), dir, rows.get(0));
        }
        rows = of(known, INDEX);
        if (!rows.isEmpty() && !rows.get(0).fingerprint().equals(index)) {
            throw mismatch(IndexKey.FILE, dir, rows.get(0));
        }
        rows = of(known, SIGNING);
        if (!rows.isEmpty()) {
            Known latest = rows.get(rows.size() - 1);
            String file = SigningKeys.privateFileIn(dir);
            if (!latest.fingerprint().equals(signing)) {
                if (rows.stream().anyMatch(k -> k.fingerprint().equals(signing))) {
                    throw new KeysDoNotMatch(file + " in " + dir + " holds signing keys from before a rotation step"
                            + " (the current ones: " + latest.where() + ")");
                }
                // A rotation step taken in the folder that no hub has started with yet is still theirs.
                if (latest.publicKeyset() == null || !KeyFingerprint.holdsPrimaryOf(signingKeys, latest.publicKeyset())) {
                    throw mismatch(file, dir, latest);
                }
            }
        }
        return new Fingerprints(sealing, signing, index);
    }

    private static KeysetHandle publicKeyset(Path file) throws IOException, GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Known> known(Connection c) throws SQLException {
        List<Known> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT key_name, fingerprint, public_keyset, instance_id, host, data_dir,"
                     + " first_used_at FROM hub_keys ORDER BY id")) {
            while (rs.next()) {
                out.add(new Known(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Sql.getInstant(rs, "first_used_at")));
            }
        }
        return out;
    }

    private static List<Known> of(List<Known> known, String kind) {
        return known.stream().filter(k -> k.kind().equals(kind)).toList();
    }

    private static void refuseIfMissing(List<Known> known, String kind, boolean inFolder, String file, Path dir)
            throws KeysDoNotMatch {
        List<Known> rows = of(known, kind);
        if (!inFolder && !rows.isEmpty()) {
            Known latest = rows.get(rows.size() - 1);
            throw new KeysDoNotMatch(file + " is not in " + dir + ", but this store was made with the hub's keys ("
                    + latest.where() + "): copy the " + KEY_FILES + " key files from that folder on " + latest.host()
                    + " into " + dir + " (a hub never makes new keys for a store that has some)");
        }
    }

    private static void checkOne(List<Known> known, String kind, String fingerprint, String file, Path dir,
                                 Remember remember) throws KeysDoNotMatch, SQLException {
        List<Known> rows = of(known, kind);
        if (rows.isEmpty()) {
            remember.add(kind, fingerprint, null);
        } else if (!rows.get(0).fingerprint().equals(fingerprint)) {
            throw mismatch(file, dir, rows.get(0));
        }
    }

    private static void checkSigning(List<Known> known, SigningKeys signing, Path dir, Remember remember)
            throws GeneralSecurityException, SQLException {
        List<Known> rows = of(known, SIGNING);
        String fingerprint = signing.fingerprint();
        String file = SigningKeys.privateFileIn(dir);
        if (rows.isEmpty()) {
            remember.add(SIGNING, fingerprint, signing.publicKeysetJson());
            return;
        }
        Known latest = rows.get(rows.size() - 1);
        if (latest.fingerprint().equals(fingerprint)) {
            return;
        }
        if (rows.stream().anyMatch(k -> k.fingerprint().equals(fingerprint))) {
            throw new KeysDoNotMatch(file + " in " + dir + " holds signing keys from before a rotation step (the"
                    + " current ones: " + latest.where() + "): copy the " + KEY_FILES + " key files from that folder"
                    + " on " + latest.host() + " into " + dir);
        }
        if (latest.publicKeyset() == null || !signing.follows(latest.publicKeyset())) {
            throw mismatch(file, dir, latest);
        }
        remember.add(SIGNING, fingerprint, signing.publicKeysetJson());
        log.info("the hub's signing keys took a rotation step here (now {}…): copy the {} key files from {} to every"
                + " other instance before it restarts", fingerprint.substring(0, 12), KEY_FILES, dir);
    }

    private static KeysDoNotMatch mismatch(String file, Path dir, Known k) {
        return new KeysDoNotMatch(file + " in " + dir + " does not match the keys this store was made with ("
                + k.where() + "): copy the " + KEY_FILES + " key files from that folder on " + k.host() + " into "
                + dir);
    }

    /** Adds what the store now knows, in the check's transaction. */
    private record Remember(Connection c, String instanceId, String host, Path dir, Instant now) {
        void add(String kind, String fingerprint, String publicKeyset) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_keys (key_name, fingerprint,"
                    + " public_keyset, instance_id, host, data_dir, first_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, kind);
                ps.setString(2, fingerprint);
                Sql.setText(ps, 3, publicKeyset);
                ps.setString(4, instanceId);
                ps.setString(5, Sql.truncate(host, 255));
                ps.setString(6, Sql.truncate(dir.toAbsolutePath().toString(), 1000));
                Sql.setInstant(ps, 7, now);
                ps.executeUpdate();
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "an unnamed host";
        }
    }
}
