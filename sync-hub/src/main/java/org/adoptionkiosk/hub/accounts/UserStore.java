package org.adoptionkiosk.hub.accounts;

import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The hub's users. Only bcrypt hashes of their passwords are stored. */
public final class UserStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");

    /** A user as stored: the hash is needed to sign in, and a disabled user cannot. */
    public record Stored(User user, String passwordHash, Instant createdAt, Instant disabledAt) {
        public boolean enabled() {
            return disabledAt == null;
        }
    }

    /** A user name already taken, or none such. */
    public static final class UserProblem extends Exception {
        public UserProblem(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;

    public UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** User names are compared in lower case. */
    public static String normalise(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isValidName(String username) {
        return NAME.matcher(normalise(username)).matches();
    }

    public void add(User user, String passwordHash, Instant now) throws SQLException, UserProblem {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, password_hash, role,"
                     + " scope_kind, scope_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, user.username());
            ps.setString(2, passwordHash);
            ps.setString(3, user.role().wire());
            Sql.setText(ps, 4, user.scopeKind());
            Sql.setText(ps, 5, user.scopeId());
            Sql.setInstant(ps, 6, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new UserProblem("there is already a user called " + user.username());
            }
            throw e;
        }
    }

    public Optional<Stored> find(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM users WHERE username = ?")) {
            ps.setString(1, normalise(username));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<Stored> list() throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM users ORDER BY username");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    public void setPassword(String username, String passwordHash) throws SQLException, UserProblem {
        update("UPDATE users SET password_hash = ? WHERE username = ?", passwordHash, username);
    }

    /** A disabled user cannot sign in, and their sessions end. */
    public void disable(String username, Instant now) throws SQLException, UserProblem {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE users SET disabled_at = ? WHERE username = ? AND disabled_at IS NULL")) {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, normalise(username));
                    n = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE username = ?")) {
                    ps.setString(1, normalise(username));
                    ps.executeUpdate();
                }
                c.commit();
                if (n == 0 && find(username).isEmpty()) {
                    throw new UserProblem("there is no user called " + normalise(username));
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void update(String sql, String value, String username) throws SQLException, UserProblem {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setString(2, normalise(username));
            if (ps.executeUpdate() == 0) {
                throw new UserProblem("there is no user called " + normalise(username));
            }
        }
    }

    private static Stored read(ResultSet rs) throws SQLException {
        Role role = Role.fromWire(rs.getString("role")).orElse(Role.VIEWER);
        User u = new User(rs.getString("username"), role, rs.getString("scope_kind"), rs.getString("scope_id"));
        return new Stored(u, rs.getString("password_hash"), Sql.getInstant(rs, "created_at"),
                Sql.getInstant(rs, "disabled_at"));
    }
}
