package org.adoptionkiosk.hub.accounts;

import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Slows down password guessing, per user name and per client address, in the database (so every
 * hub instance and a restart see the same counts). Five wrong passwords for one user name lock it
 * for 30 seconds, then twice as long each time it locks again, at most an hour; twenty wrong ones
 * from one address lock that address the same way. A right password clears the user name's count.
 */
public final class LoginThrottle {
    public static final int USER_TRIES = 5;
    public static final int ADDRESS_TRIES = 20;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofHours(1);

    private final DataSource dataSource;
    private final Clock clock;

    public LoginThrottle(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public static String userKey(String username) {
        return "user:" + UserStore.normalise(username);
    }

    public static String addressKey(String address) {
        return "addr:" + (address == null ? "unknown" : address);
    }

    /** The later of the two locks, or null when neither is locked. */
    public Instant lockedUntil(String username, String address) throws SQLException {
        Instant now = clock.instant();
        Instant a = lockedUntil(userKey(username), now);
        Instant b = lockedUntil(addressKey(address), now);
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    public void failed(String username, String address) throws SQLException {
        Instant now = clock.instant();
        fail(userKey(username), USER_TRIES, now);
        fail(addressKey(address), ADDRESS_TRIES, now);
    }

    public void succeeded(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM login_throttle WHERE throttle_key = ?")) {
            ps.setString(1, userKey(username));
            ps.executeUpdate();
        }
    }

    private Instant lockedUntil(String key, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT locked_until FROM login_throttle WHERE throttle_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Instant until = Sql.getInstant(rs, "locked_until");
                return until != null && until.isAfter(now) ? until : null;
            }
        }
    }

    /**
     * One wrong password against {@code key}, in one transaction: a single atomic upsert adds it to
     * the count (so two instances recording the first failure for a name at once both count, and
     * neither fails) and locks the row; the count it returns decides the lock.
     */
    private void fail(String key, int tries, Instant now) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                failOnce(key, tries, now);
                return;
            } catch (SQLException e) {
                // H2's MERGE can lose a race to make a name's first row (PostgreSQL's upsert never
                // does): the row is there now, and the next try counts on it.
                if (attempt > 0 || !Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private void failOnce(String key, int tries, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int failures;
                int locks;
                try (PreparedStatement ps = c.prepareStatement(Sql.isPostgres(c) ? COUNT_PG : COUNT_H2)) {
                    ps.setString(1, key);
                    Sql.setInstant(ps, 2, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        failures = rs.getInt("failures");
                        locks = rs.getInt("locks");
                    }
                }
                if (failures >= tries) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE login_throttle SET failures = 0,"
                            + " locks = ?, locked_until = ? WHERE throttle_key = ?")) {
                        ps.setInt(1, locks + 1);
                        Sql.setInstant(ps, 2, now.plus(lockFor(locks + 1)));
                        ps.setString(3, key);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Adds one failure (or makes the row with one) and answers the counts as they now are. */
    private static final String COUNT_PG = "INSERT INTO login_throttle AS t (throttle_key, failures, locks,"
            + " locked_until, updated_at) VALUES (?, 1, 0, NULL, ?) ON CONFLICT (throttle_key)"
            + " DO UPDATE SET failures = t.failures + 1, updated_at = EXCLUDED.updated_at RETURNING failures, locks";
    private static final String COUNT_H2 = "SELECT failures, locks FROM FINAL TABLE (MERGE INTO login_throttle t"
            + " USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(k, at)"
            + " ON t.throttle_key = s.k"
            + " WHEN MATCHED THEN UPDATE SET failures = t.failures + 1, updated_at = s.at"
            + " WHEN NOT MATCHED THEN INSERT (throttle_key, failures, locks, locked_until, updated_at)"
            + " VALUES (s.k, 1, 0, NULL, s.at))";

    /** 30 s, 60 s, 120 s … for the first, second, third lock; at most an hour. */
    static Duration lockFor(int locks) {
        Duration d = FIRST_LOCK;
        for (int i = 1; i < locks && d.compareTo(LONGEST_LOCK) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : d;
    }
}
