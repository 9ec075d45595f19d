package org.adoptionkiosk.hub.backup;

import org.postgresql.Driver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The hub's PostgreSQL store. Its dump is {@code pg_dump}'s plain SQL of the tables in the hub's
 * schema (no owners, no grants: it is loaded as whichever role restores it), taken in the snapshot
 * of the backup's own transaction ({@code pg_export_snapshot}), so the dump and what the manifest
 * says of it are one moment, while the hub runs on. It is loaded by {@code psql} in one transaction.
 * Both programs get the connection from the JDBC URL through libpq's environment variables, the
 * password in {@code PGPASSWORD}: never on their command line.
 */
final class PostgresStore extends HubStore {
    /** The JDBC URL's parameters that libpq knows too, and its variable for each. */
    private static final Map<String, String> LIBPQ = Map.of(
            "sslmode", "PGSSLMODE",
            "sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT",
            "sslkey", "PGSSLKEY",
            "connectTimeout", "PGCONNECT_TIMEOUT");
    /** What could point libpq elsewhere than the JDBC URL does. */
    private static final List<String> UNSET = List.of("PGSERVICE", "PGSERVICEFILE", "PGOPTIONS", "PGHOSTADDR",
            "PGSSLMODE", "PGREQUIRESSL", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY");

    private final StoreAddress address;

    PostgresStore(StoreAddress address) {
        this.address = address;
    }

    @Override
    StoreKind kind() {
        return StoreKind.POSTGRESQL;
    }

    @Override
    void checkPrograms(boolean restore) throws BackupException {
        PostgresProgram.find(restore ? "psql" : "pg_dump", address.pgBin(), address.path());
    }

    @Override
    Connection open(boolean create) throws BackupException {
        Properties p = new Properties();
        if (address.user() != null) {
            p.setProperty("user", address.user());
        }
        if (address.password() != null) {
            p.setProperty("password", address.password());
        }
        try {
            Connection c = DriverManager.getConnection(address.jdbcUrl(), p);
            if (!create) {
                // One snapshot for everything the backup reads: the manifest's facts and pg_dump's tables.
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            return c;
        } catch (SQLException e) {
            throw new BackupException(describe() + " cannot be reached: " + safeMessage(e), e);
        }
    }

    @Override
    String schema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema")) {
            if (rs.next() && rs.getString(1) != null) {
                return rs.getString(1);
            }
        }
        // A schema the URL names that is not there yet (a restore makes it).
        String named = parsed().getProperty("currentSchema");
        if (named != null && !named.isBlank()) {
            return named.split(",")[0].strip();
        }
        return "public";
    }

    @Override
    void dump(Connection c, String schema, OutputStream out) throws IOException, BackupException {
        String snapshot;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            snapshot = rs.getString(1);
        } catch (SQLException e) {
            throw new BackupException(describe() + " could not share its snapshot with pg_dump: " + safeMessage(e), e);
        }
        Path program = PostgresProgram.find("pg_dump", address.pgBin(), address.path());
        PostgresProgram child = PostgresProgram.start(List.of(program.toString(), "--no-password", "--format=plain",
                        "--no-owner", "--no-privileges", "--lock-wait-timeout=2min", "--snapshot=" + snapshot,
                        // Every table, sequence and view in the hub's schema, and not the schema itself:
                        // it may be public, which every database already has.
                        "--table=" + quoted(schema) + ".*"),
                libpqEnv(), UNSET, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
        boolean done = false;
        try {
            child.process().getOutputStream().close();
            try (InputStream dump = child.process().getInputStream()) {
                dump.transferTo(out);
            }
            int code = child.waitFor();
            if (code != 0) {
                throw new BackupException("pg_dump failed: " + child.reason(code));
            }
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while pg_dump ran", e);
        } finally {
            if (!done) {
                child.destroy();
            }
        }
    }

    @Override
    long relations(Connection c, String schema) throws SQLException {
        return relationsIn(c, schema).size();
    }

    @Override
    void load(Connection c, String schema, InputStream dump, boolean replace) throws IOException, BackupException {
        StringBuilder before = new StringBuilder("SET client_min_messages = warning;\n");
        try {
            if (!schemaExists(c, schema)) {
                // Only when it is not there: making one needs a right on the database that using one does not.
                before.append("CREATE SCHEMA ").append(quoted(schema)).append(";\n");
            }
        } catch (SQLException e) {
            throw new BackupException(describe() + " could not be read: " + safeMessage(e), e);
        }
        if (replace) {
            // In psql's one transaction with the load: if the load fails, nothing was dropped.
            try {
                for (String[] r : relationsIn(c, schema)) {
                    String kind = switch (r[1]) {
                        case "v" -> "VIEW";
                        case "m" -> "MATERIALIZED VIEW";
                        case "S" -> "SEQUENCE";
                        case "f" -> "FOREIGN TABLE";
                        default -> "TABLE";
                    };
                    before.append("DROP ").append(kind).append(" IF EXISTS ").append(quoted(schema)).append('.')
                            .append(quoted(r[0])).append(" CASCADE;\n");
                }
            } catch (SQLException e) {
                throw new BackupException(describe() + " could not list its tables: " + safeMessage(e), e);
            }
        }
        Path program = PostgresProgram.find("psql", address.pgBin(), address.path());
        PostgresProgram child = PostgresProgram.start(List.of(program.toString(), "--no-psqlrc", "--no-password", "--quiet",
                        "--single-transaction", "--set=ON_ERROR_STOP=1", "--set=VERBOSITY=terse", "--file=-"),
                libpqEnv(), UNSET, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.DISCARD);
        boolean done = false;
        try {
            IOException writeFailed = null;
            try (OutputStream in = child.process().getOutputStream()) {
                in.write(before.toString().getBytes(StandardCharsets.UTF_8));
                new BufferedInputStream(dump).transferTo(in);
            } catch (IOException e) {
                // psql stopped reading: it says why below.
                writeFailed = e;
            }
            int code = child.waitFor();
            if (code != 0) {
                throw new BackupException("psql could not load the backup, and the store is as it was: "
                        + withoutValue(child.reason(code)));
            }
            if (writeFailed != null) {
                throw writeFailed;
            }
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while psql ran", e);
        } finally {
            if (!done) {
                child.destroy();
            }
        }
    }

    @Override
    String describe() {
        Properties p = parsed();
        return "the PostgreSQL database " + p.getProperty("PGDBNAME", "?") + " on " + p.getProperty("PGHOST", "?");
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The tables, views and sequences in {@code schema}: name and pg_class relkind. */
    private static List<String[]> relationsIn(Connection c, String schema) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname, c.relkind::text FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
                + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') ORDER BY c.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        // Sequences last: most go with their tables.
        out.sort((a, b) -> Boolean.compare(a[1].equals("S"), b[1].equals("S")));
        return out;
    }

    /** libpq's settings for pg_dump and psql: the JDBC URL's, as libpq's environment variables. */
    private Map<String, String> libpqEnv() {
        Properties p = parsed();
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", p.getProperty("PGHOST", "localhost"));
        env.put("PGPORT", p.getProperty("PGPORT", "5432"));
        env.put("PGDATABASE", p.getProperty("PGDBNAME", ""));
        String user = address.user() != null ? address.user() : p.getProperty("user");
        if (user != null) {
            env.put("PGUSER", user);
        }
        String password = address.password() != null ? address.password() : p.getProperty("password");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        LIBPQ.forEach((jdbc, libpq) -> {
            String v = p.getProperty(jdbc);
            if (v != null) {
                env.put(libpq, v);
            }
        });
        if (p.getProperty("sslmode") == null && "true".equalsIgnoreCase(p.getProperty("ssl"))) {
            // pgjdbc's ssl=true checks the certificate and the host name.
            env.put("PGSSLMODE", "verify-full");
        }
        env.put("PGAPPNAME", "sync-hub backup");
        return env;
    }

    private Properties parsed() {
        Properties p = Driver.parseURL(address.jdbcUrl(), null);
        return p == null ? new Properties() : p;
    }

    /** A name as SQL (and pg_dump's patterns) quote it: in double quotes, each one inside doubled. */
    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** psql's line without a value it quotes at the end ({@code invalid input syntax …: "…"}): it could be personal. */
    private static String withoutValue(String line) {
        int at = line.indexOf(": \"", Math.max(0, line.indexOf("ERROR:")));
        return at < 0 ? line : line.substring(0, at);
    }
}
