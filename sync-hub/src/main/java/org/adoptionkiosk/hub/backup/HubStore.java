package org.adoptionkiosk.hub.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The hub's store as a backup sees it: one kind (H2 or PostgreSQL) with its own way to dump and
 * load the hub's tables. A dump is made in one transaction's snapshot; a load goes into a store
 * without tables (or, when asked to replace, one whose tables are dropped first).
 */
abstract sealed class HubStore permits H2Store, PostgresStore {
    private static final String FLYWAY_TABLE = "\"flyway_schema_history\"";

    static HubStore of(StoreAddress address) {
        return address.kind() == StoreKind.POSTGRESQL ? new PostgresStore(address) : new H2Store(address);
    }

    abstract StoreKind kind();

    /** Says, before anything is written, when a program the dump or load needs is missing. */
    abstract void checkPrograms(boolean restore) throws BackupException;

    /**
     * A connection to the store, in a transaction that sees one snapshot of it.
     *
     * @param create whether a store that is not there yet may be made (a restore), or not (a backup)
     */
    abstract Connection open(boolean create) throws BackupException;

    /** The schema the hub's tables are in; null for H2, whose dump names its own. */
    abstract String schema(Connection c) throws SQLException;

    /** Writes the dump of the hub's tables, as {@code c} sees them, to {@code out}. */
    abstract void dump(Connection c, String schema, OutputStream out) throws IOException, BackupException;

    /** How many tables, views and sequences the store has where the hub's tables go. */
    abstract long relations(Connection c, String schema) throws SQLException;

    /**
     * Loads a dump made by {@link #dump}; with {@code replace}, the tables there now go first.
     * Done whole or not at all where the store allows it (PostgreSQL); H2 is left empty on failure.
     */
    abstract void load(Connection c, String schema, InputStream dump, boolean replace)
            throws IOException, BackupException;

    /** A short name of the store for messages, never with a password in it. */
    abstract String describe();

    /** The Flyway schema version of the hub's store; null when there is no hub schema there. */
    static String schemaVersion(Connection c) throws SQLException {
        if (!hasTable(c, "flyway_schema_history")) {
            return null;
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"version\" FROM " + FLYWAY_TABLE + " WHERE \"success\""
                     + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        // Flyway names its table in lower case, quoted, on both stores.
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_name = ? AND table_schema = CURRENT_SCHEMA")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /**
     * The first line of a database's message, without what some add after it (the statement, a
     * key's values), which could hold personal data.
     */
    static String safeMessage(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        for (String cut : new String[] {"; SQL statement", " VALUES", "  Detail:", " Detail:", "  Where:"}) {
            int at = m.indexOf(cut);
            if (at >= 0) {
                m = m.substring(0, at);
            }
        }
        return m.strip() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
    }
}
