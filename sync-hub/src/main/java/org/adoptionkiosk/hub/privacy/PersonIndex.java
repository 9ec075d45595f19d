package org.adoptionkiosk.hub.privacy;

import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Keeps a keyed digest of every email address and phone number in the records' sealed parts, in
 * the background (never on the ingest path), so an erasure request can find one person's records.
 * Every hub instance on a store takes its share: a step locks the rows it takes, and the others
 * pass them by. All instances hold the same keys (see {@link org.adoptionkiosk.hub.keys.HubIdentity}).
 */
public final class PersonIndex {
    private static final Logger log = LoggerFactory.getLogger(PersonIndex.class);
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    private record Pending(String deviceId, UUID id, String sealed) {
    }

    private final DataSource dataSource;
    private final SealingKeys keys;
    private final IndexKey indexKey;
    private final WireCodec codec;
    private final Clock clock;

    public PersonIndex(DataSource dataSource, SealingKeys keys, IndexKey indexKey, WireCodec codec, Clock clock) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.indexKey = indexKey;
        this.codec = codec;
        this.clock = clock;
    }

    /** Lower case, no spaces around. */
    public static String normaliseEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Digits only, a UK +44 written as the 0 it stands for: "+44 29 2000 0000" is "02920000000". */
    public static String normalisePhone(String phone) {
        if (phone == null) {
            return "";
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (phone.strip().startsWith("+44") || digits.startsWith("0044")) {
            digits = "0" + digits.substring(digits.startsWith("0044") ? 4 : 2);
        }
        return digits;
    }

    /** The digests an email and/or phone number given by a person are indexed under. */
    public Set<String> digests(String email, String phone) {
        Set<String> out = new LinkedHashSet<>();
        String e = normaliseEmail(email);
        if (!e.isEmpty()) {
            out.add(indexKey.digest(EMAIL, e));
        }
        String p = normalisePhone(phone);
        if (p.length() >= 6) {
            out.add(indexKey.digest(PHONE, p));
        }
        return out;
    }

    /**
     * Indexes up to {@code max} records not yet indexed; returns how many it took. Rows another
     * instance is indexing at this moment are left to it.
     */
    public int indexPending(int max) throws SQLException {
        return index(max, false);
    }

    /**
     * Indexes everything still waiting, in steps, before an erasure looks a person up: it waits for
     * rows another instance is indexing at this moment rather than skip them, so nothing pending is
     * missed.
     */
    public void catchUp() throws SQLException {
        int emptySteps = 0;
        while (true) {
            if (index(500, true) > 0) {
                emptySteps = 0;
            } else if (pending() == 0) {
                return;
            } else if (++emptySteps > 100) {
                // A step comes back empty when the rows it waited for were indexed by another
                // instance meanwhile; never for long.
                throw new SQLException("the person index cannot catch up: rows stay pending that no step takes");
            }
        }
    }

    /** Records whose sealed part could not be opened are tried again (after a start: keys may have been put right). */
    public int retryUnreadable() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE records SET person_index_failed_at = NULL"
                     + " WHERE person_index_failed_at IS NOT NULL AND person_indexed = FALSE")) {
            return ps.executeUpdate();
        }
    }

    /** How many records wait for the index (those it could not open are not waiting). */
    public long pending() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM records " + PENDING);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final String PENDING = "WHERE person_indexed = FALSE AND person_index_failed_at IS NULL";

    /**
     * One step, in one transaction: the pending rows are locked as they are chosen, so two instances
     * never take the same ones (SKIP LOCKED), or, with {@code wait}, wait for those another holds. A
     * record whose sealed part this hub's key cannot open is never marked indexed: it keeps no
     * digests, so it would be lost to an erasure request; it is marked unreadable and logged as an
     * error instead.
     */
    private synchronized int index(int max, boolean wait) throws SQLException {
        int taken;
        int unreadable = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Pending> pending = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT device_id, id, sealed FROM records " + PENDING
                        + " FETCH FIRST " + max + " ROWS ONLY FOR UPDATE" + (wait ? "" : " SKIP LOCKED"));
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.add(new Pending(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)));
                    }
                }
                taken = pending.size();
                boolean pg = Sql.isPostgres(c);
                try (PreparedStatement add = c.prepareStatement(pg ? ADD_PG : ADD_H2);
                     PreparedStatement done = c.prepareStatement(
                             "UPDATE records SET person_indexed = TRUE WHERE device_id = ? AND id = ?");
                     PreparedStatement failed = c.prepareStatement(
                             "UPDATE records SET person_index_failed_at = ? WHERE device_id = ? AND id = ?")) {
                    for (Pending p : pending) {
                        Set<String> digests = Set.of();
                        if (p.sealed() != null) {
                            try {
                                SealedPersonal person = codec.decodeSealed(keys.open(p.sealed(), p.id()));
                                digests = digests(person.email(), person.phone());
                            } catch (GeneralSecurityException | WireException e) {
                                unreadable++;
                                Sql.setInstant(failed, 1, clock.instant());
                                failed.setString(2, p.deviceId());
                                failed.setObject(3, p.id());
                                failed.addBatch();
                                continue;
                            }
                        }
                        for (String d : digests) {
                            add.setString(1, d);
                            add.setString(2, p.deviceId());
                            add.setObject(3, p.id());
                            add.addBatch();
                        }
                        done.setString(1, p.deviceId());
                        done.setObject(2, p.id());
                        done.addBatch();
                    }
                    add.executeBatch();
                    done.executeBatch();
                    failed.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (unreadable > 0) {
            log.error("{} sealed part(s) could not be opened with this hub's sealing key (fingerprint {}…): they are"
                    + " not in the person index, so an erasure request cannot find them (a kiosk with another hub's"
                    + " public key?)", unreadable, keys.fingerprint().substring(0, 12));
        }
        return taken;
    }

    /** A digest already there (an erasure's catch-up and a step raced for it) is no failure. */
    private static final String ADD_PG = "INSERT INTO person_index (digest, device_id, record_id) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String ADD_H2 = "MERGE INTO person_index t USING (VALUES (CAST(? AS VARCHAR(64)),"
            + " CAST(? AS VARCHAR(63)), CAST(? AS UUID))) AS s(digest, device_id, record_id)"
            + " ON t.digest = s.digest AND t.device_id = s.device_id AND t.record_id = s.record_id"
            + " WHEN NOT MATCHED THEN INSERT (digest, device_id, record_id) VALUES (s.digest, s.device_id, s.record_id)";
}
