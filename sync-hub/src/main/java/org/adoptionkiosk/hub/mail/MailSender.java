package org.adoptionkiosk.hub.mail;

import jakarta.mail.MessagingException;
import org.adoptionkiosk.hub.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Sends what is due in the outbox, one row per transaction: the row is locked as it is taken
 * ({@code FOR UPDATE SKIP LOCKED}), so another instance never takes it meanwhile, handed to the
 * SMTP server, and marked sent in the same transaction. A failure is kept on the row (attempts, the
 * error, the next try) and tried again after a backoff that doubles from a minute up to an hour,
 * all by the clock given. A reminder or escalation whose enquiry has had its first response (or was
 * closed) meanwhile is not sent but cancelled.
 * <p>
 * At least once: a message the server took whose "sent" mark then failed to commit is sent again;
 * every try of a row carries the same Message-ID.
 */
public final class MailSender {
    private static final Logger log = LoggerFactory.getLogger(MailSender.class);
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** The most rows one round takes, so a round always ends. */
    private static final int ROUND = 100;

    private static final String TAKE = "SELECT o.id, o.kind, o.dedup_key, o.recipients, o.subject, o.body_text,"
            + " o.body_html, o.attempts, o.device_id, o.record_id FROM mail_outbox o"
            + " WHERE o.sent_at IS NULL AND o.cancelled_at IS NULL AND o.next_attempt_at <= ?"
            + " ORDER BY o.next_attempt_at, o.id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED";
    private static final String ANSWERED = "SELECT COUNT(*) FROM enquiries WHERE device_id = ? AND record_id = ?"
            + " AND (first_response_on IS NOT NULL OR closed_at IS NOT NULL)";

    /** What one round did. */
    public record Round(int sent, int failed, int cancelled) {
    }

    private enum Outcome { NONE, SENT, FAILED, CANCELLED }

    private final DataSource dataSource;
    private final MailSettings settings;
    private final Smtp smtp;
    private final Clock clock;
    private final String domain;

    public MailSender(DataSource dataSource, MailSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.smtp = settings.enabled() ? new Smtp(settings) : null;
        this.clock = clock;
        String from = settings.from();
        this.domain = from == null || from.indexOf('@') < 0 ? "adoption-hub.invalid" : from.substring(from.indexOf('@') + 1);
    }

    /** Sends every message due now; with mail off, none (they wait). One round at a time per instance. */
    public synchronized Round sendDue() throws SQLException {
        int sent = 0;
        int failed = 0;
        int cancelled = 0;
        if (smtp == null) {
            return new Round(0, 0, 0);
        }
        for (int i = 0; i < ROUND; i++) {
            Outcome o = sendOne();
            if (o == Outcome.NONE) {
                break;
            }
            switch (o) {
                case SENT -> sent++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                default -> {
                }
            }
        }
        return new Round(sent, failed, cancelled);
    }

    private Outcome sendOne() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                MailKind kind;
                String dedup;
                String recipients;
                Letter letter;
                int attempts;
                String deviceId;
                UUID recordId;
                try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                    Sql.setInstant(ps, 1, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Outcome.NONE;
                        }
                        id = rs.getLong("id");
                        kind = MailKind.ofWire(rs.getString("kind"));
                        dedup = rs.getString("dedup_key");
                        recipients = rs.getString("recipients");
                        letter = new Letter(rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"));
                        attempts = rs.getInt("attempts");
                        deviceId = rs.getString("device_id");
                        recordId = Sql.getUuid(rs, "record_id");
                    }
                }
                if (kind.stopsOnResponse() && deviceId != null && answered(c, deviceId, recordId)) {
                    update(c, "UPDATE mail_outbox SET cancelled_at = ? WHERE id = ?", now, id);
                    c.commit();
                    return Outcome.CANCELLED;
                }
                Outcome outcome;
                try {
                    smtp.send(recipients, kind, letter, messageId(id, dedup), Date.from(now));
                    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_outbox SET sent_at = ?, attempts = ?,"
                            + " last_attempt_at = ? WHERE id = ?")) {
                        Sql.setInstant(ps, 1, now);
                        ps.setInt(2, attempts + 1);
                        Sql.setInstant(ps, 3, now);
                        ps.setLong(4, id);
                        ps.executeUpdate();
                    }
                    outcome = Outcome.SENT;
                } catch (MessagingException | RuntimeException e) {
                    String why = describe(e);
                    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_outbox SET attempts = ?,"
                            + " last_attempt_at = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")) {
                        ps.setInt(1, attempts + 1);
                        Sql.setInstant(ps, 2, now);
                        ps.setString(3, Sql.truncate(why, 1000));
                        Sql.setInstant(ps, 4, now.plus(backoff(attempts + 1)));
                        ps.setLong(5, id);
                        ps.executeUpdate();
                    }
                    log.warn("mail {} ({}) not sent, try {}: {}", id, kind.wire(), attempts + 1, why);
                    outcome = Outcome.FAILED;
                }
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean answered(Connection c, String deviceId, UUID recordId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ANSWERED)) {
            ps.setString(1, deviceId);
            ps.setObject(2, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static void update(Connection c, String sql, Instant t, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.setInstant(ps, 1, t);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** After the {@code n}th failed try: a minute, doubling, at most an hour. */
    static Duration backoff(int n) {
        Duration d = FIRST_BACKOFF;
        for (int i = 1; i < n && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** The class and the first line of the reason: what the failures page shows. */
    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) {
                out.append(" <- ");
            }
            String m = t.getMessage();
            out.append(t.getClass().getSimpleName());
            if (m != null && !m.isBlank()) {
                out.append(": ").append(m.lines().findFirst().orElse("").trim());
            }
        }
        return out.toString();
    }

    private String messageId(long id, String dedup) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(dedup.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(d, 0, 12) + "." + id + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
