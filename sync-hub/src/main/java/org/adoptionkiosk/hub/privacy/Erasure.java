package org.adoptionkiosk.hub.privacy;

import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Removing personal data from the hub. On request: every record holding a person's email address
 * or phone number loses its sealed part, their dead letters lose their payloads, and each erasure
 * is in the audit log. By retention: the same for enquiries closed, and sign-ins received, longer
 * ago than the retention period, and for dead-letter payloads that old. The records themselves
 * stay, with their non-personal fields, so the figures do not change.
 */
public final class Erasure {
    /** One record holding a person's details. */
    public record Ref(String deviceId, UUID recordId, String type) {
    }

    /** What a retention run removed. */
    public record RetentionResult(int records, int deadLetters) {
    }

    private final DataSource dataSource;
    private final PersonIndex index;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration retention;

    public Erasure(DataSource dataSource, PersonIndex index, AuditLog audit, Clock clock, Duration retention) {
        this.dataSource = dataSource;
        this.index = index;
        this.audit = audit;
        this.clock = clock;
        this.retention = retention;
    }

    /** The records that still hold this email address or phone number. */
    public List<Ref> find(String email, String phone) throws SQLException {
        Set<String> digests = index.digests(email, phone);
        if (digests.isEmpty()) {
            return List.of();
        }
        index.catchUp();
        String marks = String.join(", ", Collections.nCopies(digests.size(), "?"));
        List<Ref> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT r.device_id, r.id, r.type FROM person_index p"
                     + " JOIN records r ON r.device_id = p.device_id AND r.id = p.record_id"
                     + " WHERE p.digest IN (" + marks + ") AND r.sealed IS NOT NULL ORDER BY r.device_id, r.id")) {
            int i = 1;
            for (String d : digests) {
                ps.setString(i++, d);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Ref(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Erases one person's details everywhere in the hub; returns how many records held them. */
    public int eraseOnRequest(User user, String email, String phone) throws SQLException {
        List<Ref> refs = find(email, phone);
        if (refs.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement record = c.prepareStatement(
                    "UPDATE records SET sealed = NULL WHERE device_id = ? AND id = ?");
                 PreparedStatement enquiry = c.prepareStatement("UPDATE enquiries SET personal_erased_at = ?"
                         + " WHERE device_id = ? AND record_id = ? AND personal_erased_at IS NULL");
                 PreparedStatement letters = c.prepareStatement(
                         "UPDATE dead_letters SET payload = NULL WHERE device_id = ? AND record_id = ?");
                 PreparedStatement digests = c.prepareStatement(
                         "DELETE FROM person_index WHERE device_id = ? AND record_id = ?")) {
                for (Ref r : refs) {
                    for (PreparedStatement ps : List.of(record, letters, digests)) {
                        ps.setString(1, r.deviceId());
                        ps.setObject(2, r.recordId());
                        ps.addBatch();
                    }
                    Sql.setInstant(enquiry, 1, now);
                    enquiry.setString(2, r.deviceId());
                    enquiry.setObject(3, r.recordId());
                    enquiry.addBatch();
                    audit.add(c, user.username(), AuditLog.ERASE_REQUEST, r.deviceId(), r.recordId(),
                            "erased on the person's request (" + r.type() + ")");
                }
                record.executeBatch();
                enquiry.executeBatch();
                letters.executeBatch();
                digests.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return refs.size();
    }

    /** Erases what the retention period no longer allows the hub to keep. */
    public RetentionResult applyRetention() throws SQLException {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        int records;
        int letters;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE enquiries SET personal_erased_at = ?"
                        + " WHERE closed_at < ? AND personal_erased_at IS NULL")) {
                    Sql.setInstant(ps, 1, now);
                    Sql.setInstant(ps, 2, cutoff);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE records SET sealed = NULL WHERE sealed IS NOT NULL"
                        + " AND ((type = 'signin' AND received_at < ?) OR (type = 'enquiry' AND EXISTS (SELECT 1"
                        + " FROM enquiries e WHERE e.device_id = records.device_id AND e.record_id = records.id"
                        + " AND e.closed_at < ?)))")) {
                    Sql.setInstant(ps, 1, cutoff);
                    Sql.setInstant(ps, 2, cutoff);
                    records = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM person_index WHERE NOT EXISTS (SELECT 1"
                        + " FROM records r WHERE r.device_id = person_index.device_id AND r.id = person_index.record_id"
                        + " AND r.sealed IS NOT NULL)")) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE dead_letters SET payload = NULL WHERE payload IS NOT NULL AND received_at < ?")) {
                    Sql.setInstant(ps, 1, cutoff);
                    letters = ps.executeUpdate();
                }
                if (records > 0 || letters > 0) {
                    audit.add(c, null, AuditLog.ERASE_RETENTION, null, null, records + " record(s) and " + letters
                            + " dead letter(s) past " + retention.toDays() + " days");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new RetentionResult(records, letters);
    }
}
