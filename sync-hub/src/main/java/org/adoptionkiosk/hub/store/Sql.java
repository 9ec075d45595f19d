package org.adoptionkiosk.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;

/** JDBC conversions that behave the same on H2 and PostgreSQL. */
public final class Sql {
    private Sql() {
    }

    /**
     * Whether this connection is to PostgreSQL. Its standard MERGE is not safe against two
     * transactions inserting the same new key at once (one fails on the primary key), so shared
     * counters use its INSERT … ON CONFLICT there; H2, which one hub process owns, keeps MERGE.
     */
    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** SQLSTATE 23505 on both H2 and PostgreSQL. */
    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQL states of failures that say nothing about the work itself, so the same work may well
     * succeed when tried again: PostgreSQL's deadlock, serialization failure, lock timeout, a
     * connection shut by the server or refused while it starts, too many connections; H2's lock
     * timeout (HYT00, its error 50200), deadlock (40001), broken connection, database closed or
     * shutting down, and concurrent update. Class 08 (connection exceptions) is checked apart.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40P01", "40001", "55P03", "57P01", "57P02", "57P03", "57P05", "53300",
            "HYT00", "90067", "90098", "90121", "90131");

    /**
     * Whether the failure is transient: a deadlock, serialization failure, lock timeout or lost
     * connection (see {@link #TRANSIENT_STATES}, and class 08), or one the driver or pool marks as
     * transient or recoverable (HikariCP's "connection is not available" timeout carries no state, only
     * its class). The whole chain is looked at (next exceptions of a batch, causes of a pool's
     * wrapper). Such a failure is never a reason to refuse the work: it is retried, and if it lasts
     * the work is left for later, never dead-lettered.
     */
    public static boolean isTransient(SQLException e) {
        return transientCause(e) != null;
    }

    /** The exception in {@code e}'s chain that makes it transient, or null when none does. */
    static SQLException transientCause(SQLException e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && seen.size() < 50) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (TRANSIENT_STATES.contains(state) || state.startsWith("08"))) {
                    return s;
                }
                if (s instanceof SQLTransientException || s instanceof SQLRecoverableException) {
                    return s;
                }
                if (s.getNextException() != null) {
                    todo.add(s.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return null;
    }

    /**
     * The SQL state to name in a log line or a dead letter: the transient one when there is one
     * (a batch's own exception may carry none), else the failure's own. Never the message, which
     * may quote a value.
     */
    public static String state(SQLException e) {
        SQLException cause = transientCause(e);
        String state = cause == null ? e.getSQLState() : cause.getSQLState();
        return state != null ? state : cause != null ? cause.getClass().getSimpleName() : null;
    }

    public static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, t.atOffset(ZoneOffset.UTC));
        }
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A time both databases can hold, or null: a kiosk's clock may be anything. */
    public static Instant storable(Instant t) {
        return t == null || t.isBefore(EARLIEST) || t.isAfter(LATEST) ? null : t;
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static void setUuid(PreparedStatement ps, int i, UUID id) throws SQLException {
        if (id == null) {
            ps.setNull(i, Types.OTHER);
        } else {
            ps.setObject(i, id);
        }
    }

    public static UUID getUuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    public static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    public static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    public static Boolean getBoolean(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    /** Cuts text to {@code max} characters without splitting a surrogate pair. */
    public static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
