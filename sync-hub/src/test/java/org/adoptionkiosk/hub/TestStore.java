package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The store a test hub runs on. H2 in the hub's data directory by default; with
 * {@code -Dhub.test.store=postgres} (the build's second run of the hub tests) a fresh schema in the
 * real PostgreSQL ({@code it.postgres.url}, {@code it.postgres.user}), dropped again at close. When
 * PostgreSQL does not answer the test is skipped, or fails under {@code -Dit.require.services=true}.
 */
final class TestStore implements AutoCloseable {
    static final String PROPERTY = "hub.test.store";

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private TestStore(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    static boolean postgres() {
        return "postgres".equals(System.getProperty(PROPERTY));
    }

    static TestStore open() {
        if (!postgres()) {
            return new TestStore(null, null, null, null);
        }
        return openPostgres();
    }

    /**
     * A fresh schema in the real PostgreSQL whatever {@code hub.test.store} says, for tests that only
     * mean something there (several hub instances on one store): skipped when PostgreSQL does not
     * answer, failed under {@code -Dit.require.services=true}.
     */
    static TestStore openPostgres() {
        Server server = Server.fromProperties();
        String schema = "hub_test_" + UUID.randomUUID().toString().substring(0, 8);
        server.execute("CREATE SCHEMA " + schema);
        return new TestStore(server.url(), server.user(), server.password(), schema);
    }

    /** The real PostgreSQL the tests use: {@code it.postgres.url}, {@code it.postgres.user}, {@code it.postgres.password}. */
    record Server(String url, String user, String password) {
        static Server fromProperties() {
            return new Server(System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                    System.getProperty("it.postgres.user", "postgres"),
                    System.getProperty("it.postgres.password", System.getenv("PGPASSWORD")));
        }

        /**
         * Runs one statement as the tests' user; skips the test when PostgreSQL does not answer, or
         * fails it under {@code -Dit.require.services=true}.
         */
        void execute(String sql) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (Exception e) {
                assertFalse(Boolean.getBoolean("it.require.services"),
                        "PostgreSQL " + url + " is required (-Dit.require.services=true) but: " + e.getMessage());
                Assumptions.abort("PostgreSQL " + url + " does not answer: " + e.getMessage());
            }
        }
    }

    /**
     * A hub's connection pool on this store, the schema migrated: H2 in {@code dir}, or this
     * PostgreSQL schema. Several pools on one PostgreSQL schema stand for several hub instances.
     */
    HikariDataSource dataSource(Path dir) {
        if (schema == null) {
            return HubDatabase.open("jdbc:h2:file:" + dir.resolve("hub").toAbsolutePath() + ";WRITE_DELAY=0", null,
                    null);
        }
        return HubDatabase.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }

    /** The hub's environment for this store, with {@code extra} added. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        if (schema != null) {
            env.put(HubConfig.envName("jdbc-url"), url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            env.put(HubConfig.envName("jdbc-user"), user);
            if (password != null) {
                env.put(HubConfig.envName("jdbc-password"), password);
            }
        }
        return env;
    }

    @Override
    public void close() {
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
