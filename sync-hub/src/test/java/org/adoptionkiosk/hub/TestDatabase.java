package org.adoptionkiosk.hub;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database of its own in the real PostgreSQL ({@code it.postgres.url}'s server), as an
 * operator's new server has, dropped again at close: for what a schema in a shared database cannot
 * show (a restore into an empty database). Skipped when PostgreSQL does not answer, failed under
 * {@code -Dit.require.services=true}.
 */
final class TestDatabase implements AutoCloseable {
    private final String adminUrl;
    final String url;
    final String user;
    final String password;
    final String name;

    private TestDatabase(String adminUrl, String url, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.url = url;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    static TestDatabase create() {
        TestStore.Server server = TestStore.Server.fromProperties();
        String adminUrl = server.url();
        String user = server.user();
        String password = server.password();
        String name = "hub_test_" + UUID.randomUUID().toString().substring(0, 8);
        server.execute("CREATE DATABASE " + name);
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String url = base.substring(0, base.lastIndexOf('/') + 1) + name + (q < 0 ? "" : adminUrl.substring(q));
        return new TestDatabase(adminUrl, url, user, password, name);
    }

    /** The hub's environment for this database. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(HubConfig.envName("jdbc-url"), url);
        env.put(HubConfig.envName("jdbc-user"), user);
        if (password != null) {
            env.put(HubConfig.envName("jdbc-password"), password);
        }
        return env;
    }

    /** The store options of a command on this database. */
    List<String> options() {
        List<String> out = new ArrayList<>(List.of("--jdbc-url", url, "--jdbc-user", user));
        if (password != null) {
            out.addAll(List.of("--jdbc-password", password));
        }
        return out;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception e) {
            throw new IllegalStateException("could not drop test database " + name, e);
        }
    }
}
