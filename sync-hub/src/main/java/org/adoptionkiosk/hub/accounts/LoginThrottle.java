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

    public synchronized void failed(String username, String address) throws SQLException {
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

    private void fail(String key, int tries, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int failures = 0;
                int locks = 0;
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT failures, locks FROM login_throttle WHERE throttle_key = ? FOR UPDATE")) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        exists = rs.next();
                        if (exists) {
                            failures = rs.getInt(1);
                            locks = rs.getInt(2);
                        }
                    }
                }
                failures++;
                Instant until = null;
                if (failures >= tries) {
                    locks++;
                    failures = 0;
                    until = now.plus(lockFor(locks));
                }
                String sql = exists
                        ? "UPDATE login_throttle SET failures = ?, locks = ?, locked_until = ?, updated_at = ? WHERE throttle_key = ?"
                        : "INSERT INTO login_throttle (failures, locks, locked_until, updated_at, throttle_key) VALUES (?, ?, ?, ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, failures);
                    ps.setInt(2, locks);
                    Sql.setInstant(ps, 3, until);
                    Sql.setInstant(ps, 4, now);
                    ps.setString(5, key);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** 30 s, 60 s, 120 s … for the first, second, third lock; at most an hour. */
    static Duration lockFor(int locks) {
        Duration d = FIRST_LOCK;
        for (int i = 1; i < locks && d.compareTo(LONGEST_LOCK) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : d;
    }
}
