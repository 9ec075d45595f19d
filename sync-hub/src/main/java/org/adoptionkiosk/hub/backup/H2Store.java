package org.adoptionkiosk.hub.backup;

import org.h2.api.ErrorCode;
import org.h2.util.ScriptReader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The hub's H2 store. Its dump is H2's {@code SCRIPT}: SQL that any later H2 reads, streamed from
 * the result set into the backup, so nothing of it lands on disk in clear. H2 lets one process open
 * a file store, so a backup is made while the hub is stopped, and is consistent for that.
 */
final class H2Store extends HubStore {
    private final StoreAddress address;

    H2Store(StoreAddress address) {
        this.address = address;
    }

    @Override
    StoreKind kind() {
        return StoreKind.H2;
    }

    @Override
    void checkPrograms(boolean restore) {
        // H2 is in the jar.
    }

    @Override
    Connection open(boolean create) throws BackupException {
        String url = address.jdbcUrl();
        if (!create && url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";IFEXISTS=")) {
            // A backup of a folder with no store must not leave an empty one there.
            url = url + ";IFEXISTS=TRUE";
        }
        Properties p = new Properties();
        if (address.user() != null) {
            p.setProperty("user", address.user());
        }
        if (address.password() != null) {
            p.setProperty("password", address.password());
        }
        try {
            Connection c = DriverManager.getConnection(url, p);
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new BackupException(describe() + " is in use by a running hub (H2 lets one process open"
                        + " it): stop the hub first, and start it again afterwards");
            }
            if (e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1
                    || e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_1) {
                throw new BackupException(describe() + " does not exist: nothing to back up (is --data the hub's"
                        + " data folder? with PostgreSQL, give --jdbc-url)");
            }
            throw new BackupException(describe() + " cannot be opened: " + safeMessage(e), e);
        }
    }

    @Override
    String schema(Connection c) {
        return null;
    }

    @Override
    void dump(Connection c, String schema, OutputStream out) throws IOException, BackupException {
        // Each row is one statement, ending in ';' (what SCRIPT TO writes to a file, and RUNSCRIPT reads).
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SCRIPT")) {
            while (rs.next()) {
                w.write(rs.getString(1));
                w.write('\n');
            }
        } catch (SQLException e) {
            throw new BackupException(describe() + " could not be dumped: " + safeMessage(e), e);
        }
        w.flush();
    }

    @Override
    long relations(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM"
                + " INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void load(Connection c, String schema, InputStream dump, boolean replace) throws IOException, BackupException {
        try (Statement st = c.createStatement()) {
            if (replace) {
                st.execute("DROP ALL OBJECTS");
            }
            // H2's own reader of SCRIPT's output (the one RUNSCRIPT uses): quotes and comments are its business.
            ScriptReader reader = new ScriptReader(new InputStreamReader(dump, StandardCharsets.UTF_8));
            String sql;
            while ((sql = reader.readStatement()) != null) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        } catch (SQLException e) {
            emptyAfterFailure(c);
            throw new BackupException(describe() + " could not load the backup, and was left empty: "
                    + safeMessage(e), e);
        } catch (RuntimeException e) {
            // ScriptReader says a failed read (a file changed since it was checked) this way.
            emptyAfterFailure(c);
            throw new BackupException(describe() + " could not load the backup, and was left empty: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static void emptyAfterFailure(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("DROP ALL OBJECTS");
        } catch (SQLException ignored) {
            // The message says what failed first; a half-loaded store is refused by the next restore.
        }
    }

    @Override
    String describe() {
        String url = address.jdbcUrl();
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length());
            int semi = path.indexOf(';');
            return "the H2 store " + (semi < 0 ? path : path.substring(0, semi)) + ".mv.db";
        }
        return "the H2 store";
    }
}
