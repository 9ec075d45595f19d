package org.adoptionkiosk.hub.accounts;

import org.adoptionkiosk.hub.store.Sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Signed-in sessions, in the database so that several hub instances share them. The cookie holds
 * a random token; the table holds only its SHA-256, so a copy of the database signs nobody in.
 * A session ends after 30 minutes without a request, or 12 hours after sign-in.
 */
public final class Sessions {
    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration LONGEST = Duration.ofHours(12);
    /** last_seen_at is written at most this often, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A live session: who, their CSRF token for changes, and the language they chose. */
    public record Session(String tokenHash, User user, String csrf, String lang) {
    }

    /** What the browser gets at sign-in: the cookie's token, and the session. */
    public record Opened(String token, Session session) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random;

    public Sessions(DataSource dataSource, Clock clock, SecureRandom random) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.random = random;
    }

    public Opened open(User user, String lang) throws SQLException {
        String token = token();
        String csrf = token();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?")) {
                Sql.setInstant(ps, 1, now.minus(IDLE));
                Sql.setInstant(ps, 2, now.minus(LONGEST));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (token_hash, username, csrf_token,"
                    + " lang, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, hash(token));
                ps.setString(2, user.username());
                ps.setString(3, csrf);
                ps.setString(4, lang);
                Sql.setInstant(ps, 5, now);
                Sql.setInstant(ps, 6, now);
                ps.executeUpdate();
            }
        }
        return new Opened(token, new Session(hash(token), user, csrf, lang));
    }

    /** The live session of this cookie token; an expired one, or one of a disabled user, is none. */
    public Optional<Session> find(String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String h = hash(token);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.csrf_token, s.lang, s.created_at,"
                    + " s.last_seen_at, u.username, u.role, u.scope_kind, u.scope_id, u.disabled_at"
                    + " FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?")) {
                ps.setString(1, h);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Instant created = Sql.getInstant(rs, "created_at");
                    Instant seen = Sql.getInstant(rs, "last_seen_at");
                    if (rs.getObject("disabled_at") != null || seen.plus(IDLE).isBefore(now)
                            || created.plus(LONGEST).isBefore(now)) {
                        end(c, h);
                        return Optional.empty();
                    }
                    Role role = Role.fromWire(rs.getString("role")).orElse(Role.VIEWER);
                    User user = new User(rs.getString("username"), role, rs.getString("scope_kind"),
                            rs.getString("scope_id"));
                    Session s = new Session(h, user, rs.getString("csrf_token"), rs.getString("lang"));
                    if (seen.plus(TOUCH_EVERY).isBefore(now)) {
                        touch(c, h, now);
                    }
                    return Optional.of(s);
                }
            }
        }
    }

    public void setLang(Session s, String lang) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sessions SET lang = ? WHERE token_hash = ?")) {
            ps.setString(1, lang);
            ps.setString(2, s.tokenHash());
            ps.executeUpdate();
        }
    }

    public void end(Session s) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            end(c, s.tokenHash());
        }
    }

    private static void end(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            ps.executeUpdate();
        }
    }

    private static void touch(Connection c, String tokenHash, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")) {
            Sql.setInstant(ps, 1, now);
            ps.setString(2, tokenHash);
            ps.executeUpdate();
        }
    }

    /** Constant-time comparison of a CSRF token from a form or header with the session's. */
    public static boolean csrfMatches(Session s, String given) {
        return sameToken(s.csrf(), given);
    }

    /** Constant-time comparison of a token the hub issued with one a request carries (null: no match). */
    public static boolean sameToken(String issued, String given) {
        return issued != null && given != null && MessageDigest.isEqual(issued.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
