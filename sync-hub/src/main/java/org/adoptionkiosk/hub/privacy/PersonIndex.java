package org.adoptionkiosk.hub.privacy;

import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;
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

    public PersonIndex(DataSource dataSource, SealingKeys keys, IndexKey indexKey, WireCodec codec) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.indexKey = indexKey;
        this.codec = codec;
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

    /** Indexes up to {@code max} records not yet indexed; returns how many it took. */
    public synchronized int indexPending(int max) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT device_id, id, sealed FROM records"
                     + " WHERE person_indexed = FALSE FETCH FIRST " + max + " ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pending.add(new Pending(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)));
            }
        }
        if (pending.isEmpty()) {
            return 0;
        }
        int unreadable = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement add = c.prepareStatement(
                    "INSERT INTO person_index (digest, device_id, record_id) VALUES (?, ?, ?)");
                 PreparedStatement done = c.prepareStatement(
                         "UPDATE records SET person_indexed = TRUE WHERE device_id = ? AND id = ?")) {
                for (Pending p : pending) {
                    Set<String> digests = Set.of();
                    if (p.sealed() != null) {
                        try {
                            SealedPersonal person = codec.decodeSealed(keys.open(p.sealed(), p.id()));
                            digests = digests(person.email(), person.phone());
                        } catch (GeneralSecurityException | WireException e) {
                            unreadable++;
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
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (unreadable > 0) {
            log.warn("{} sealed part(s) could not be opened for the person index (not sealed to this hub's key?)",
                    unreadable);
        }
        return pending.size();
    }

    /** Indexes everything still waiting, in steps: before an erasure looks a person up. */
    public void catchUp() throws SQLException {
        while (indexPending(500) > 0) {
            // next step
        }
    }
}
