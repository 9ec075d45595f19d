package org.adoptionkiosk.hub.mail;

import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The email outbox ({@code mail_outbox}): messages are added in the caller's transaction, so an
 * email exists exactly when what caused it was committed, and once per dedup key however many hub
 * instances try to add it. {@link MailSender} takes them from here.
 */
public final class Outbox {
    /** The most rows the failures page lists. */
    public static final int LIST = 200;

    /**
     * A message to add.
     *
     * @param dedupKey  one per (enquiry, kind, day), or (queue, digest, day): a second add is nothing
     * @param deviceId  the enquiry's kiosk, or null (a digest)
     * @param recordId  the enquiry, or null (a digest)
     */
    public record Entry(String dedupKey, MailKind kind, String routeKind, String routeId, String deviceId,
                        UUID recordId, List<String> recipients, Letter letter) {
    }

    /**
     * A message as the failures page shows it.
     *
     * @param lastError why the last try failed, or null
     */
    public record Waiting(long id, MailKind kind, String routeKind, String routeId, String deviceId, UUID recordId,
                          String recipients, Instant createdAt, int attempts, Instant lastAttemptAt,
                          String lastError, Instant nextAttemptAt) {
    }

    /** How many messages wait, and how many of those have failed at least once. */
    public record Counts(long waiting, long failing) {
    }

    private final DataSource dataSource;

    public Outbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static final String INSERT = "INSERT INTO mail_outbox (dedup_key, kind, route_kind, route_id, device_id,"
            + " record_id, recipients, subject, body_text, body_html, created_at, next_attempt_at, attempts)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";

    /**
     * Adds the message in {@code c}'s transaction, due at once; one whose dedup key is there already
     * is left out.
     *
     * @return whether it was added
     */
    public static boolean add(Connection c, Entry e, Instant now) throws SQLException {
        if (e.recipients().isEmpty()) {
            return false;
        }
        boolean pg = Sql.isPostgres(c);
        // PostgreSQL aborts the transaction on a failed statement: it skips the duplicate itself.
        // H2 does not, but has no ON CONFLICT outside its PostgreSQL mode: a savepoint holds the
        // duplicate's failure to this one statement.
        Savepoint sp = pg ? null : c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(pg ? INSERT + " ON CONFLICT (dedup_key) DO NOTHING" : INSERT)) {
            int i = 1;
            ps.setString(i++, e.dedupKey());
            ps.setString(i++, e.kind().wire());
            ps.setString(i++, e.routeKind());
            ps.setString(i++, e.routeId());
            Sql.setText(ps, i++, e.deviceId());
            Sql.setUuid(ps, i++, e.recordId());
            ps.setString(i++, String.join(",", e.recipients()));
            ps.setString(i++, Sql.truncate(e.letter().subject(), 1000));
            ps.setString(i++, e.letter().text());
            ps.setString(i++, e.letter().html());
            Sql.setInstant(ps, i++, now);
            Sql.setInstant(ps, i, now);
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if (!pg && Sql.isUniqueViolation(ex)) {
                c.rollback(sp);
                return false;
            }
            throw ex;
        } finally {
            if (sp != null) {
                try {
                    c.releaseSavepoint(sp);
                } catch (SQLException ignored) {
                    // Released with the transaction anyway.
                }
            }
        }
    }

    /** The messages not yet sent, those failing first, then the oldest. */
    public List<Waiting> waiting() throws SQLException {
        List<Waiting> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, kind, route_kind, route_id, device_id, record_id,"
                     + " recipients, created_at, attempts, last_attempt_at, last_error, next_attempt_at FROM mail_outbox"
                     + " WHERE sent_at IS NULL AND cancelled_at IS NULL"
                     + " ORDER BY CASE WHEN attempts > 0 THEN 0 ELSE 1 END, created_at, id FETCH FIRST " + LIST
                     + " ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Waiting(rs.getLong("id"), MailKind.ofWire(rs.getString("kind")), rs.getString("route_kind"),
                        rs.getString("route_id"), rs.getString("device_id"), Sql.getUuid(rs, "record_id"),
                        rs.getString("recipients"), Sql.getInstant(rs, "created_at"), rs.getInt("attempts"),
                        Sql.getInstant(rs, "last_attempt_at"), rs.getString("last_error"),
                        Sql.getInstant(rs, "next_attempt_at")));
            }
        }
        return out;
    }

    public Counts counts() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END)"
                     + " FROM mail_outbox WHERE sent_at IS NULL AND cancelled_at IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Counts(rs.getLong(1), rs.getLong(2));
        }
    }
}
