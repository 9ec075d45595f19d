package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.testkit.RealServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged adoption-hub-setup, run as root against the real PostgreSQL on a throwaway role and
 * database (dropped afterwards), with the settings written to a temporary folder instead of
 * /etc/adoption-hub: the role and database it makes, the password file, running it again, its
 * refusals, the hub's commands run with the settings it wrote, and taking in what
 * {@code provisioning.jar hub init} made.
 */
class HubSetupScriptIT {
    private final String name = "hub_setup_it_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> dropRoles = new ArrayList<>(List.of(name));
    private String adminUrl;
    private String host;
    private int port;
    private Path script;
    private Path jar;
    private Path config;
    private Path state;

    @BeforeEach
    void open(@TempDir Path tmp) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            String message = "adoption-hub-setup runs as root (runuser, chown): not root here";
            if (RealServices.required()) {
                throw new AssertionError(message + ", and -Dit.require.services=true requires this test");
            }
            Assumptions.abort(message + ": skipped (required in CI)");
        }
        RealServices.program("psql", "/usr/bin/psql");
        adminUrl = RealServices.postgresUrl();
        URI uri = URI.create(adminUrl.substring("jdbc:".length()));
        host = uri.getHost();
        port = uri.getPort() < 0 ? 5432 : uri.getPort();
        HubDeb deb = HubDeb.open(tmp.resolve("deb"));
        script = deb.file("/usr/sbin/adoption-hub-setup");
        jar = deb.file("/usr/share/adoption-hub/sync-hub.jar");
        config = Files.createDirectory(tmp.resolve("etc"));
        state = Files.createDirectory(tmp.resolve("state"));
    }

    @AfterEach
    void drop() throws Exception {
        if (adminUrl == null) {
            return;
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            for (String role : dropRoles) {
                s.execute("DROP ROLE IF EXISTS \"" + role + "\"");
            }
        }
    }

    private Connection admin() throws Exception {
        return DriverManager.getConnection(adminUrl, RealServices.postgresUser(),
                System.getProperty("it.postgres.password", System.getenv("PGPASSWORD")));
    }

    private HubDeb.Result setup(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", script.toString(),
                "--config-dir", config.toString(), "--state-dir", state.toString(), "--user", "root",
                "--jar", jar.toString()));
        command.addAll(List.of(args));
        return HubDeb.run(command, HubDeb.withThisJava(), stdin);
    }

    private HubDeb.Result database(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("database", "--role", name, "--database", name,
                "--host", host, "--port", String.valueOf(port)));
        args.addAll(List.of(more));
        return setup("", args.toArray(String[]::new));
    }

    private Map<String, String> settings(Path file) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    private String query(String sql, String parameter) throws Exception {
        try (Connection c = admin(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void makesTheRoleAndTheDatabaseWritesThePasswordFileAndCanRunAgain() throws Exception {
        HubDeb.Result first = database();
        assertEquals(0, first.code(), first.output());
        assertTrue(first.output().contains("role " + name + ": made"), first.output());
        assertTrue(first.output().contains("checked: " + name + " logs in"), first.output());
        assertTrue(first.output().contains("sudo systemctl enable --now adoption-hub"), "the next steps: " + first.output());

        Path env = config.resolve("database.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        Map<String, String> s = settings(env);
        assertEquals("jdbc:postgresql://" + host + ":" + port + "/" + name, s.get("HUB_JDBC_URL"));
        assertEquals(name, s.get("HUB_JDBC_USER"));
        String password = s.get("HUB_JDBC_PASSWORD");
        assertTrue(password.matches("[A-Za-z0-9]{32}"), "a generated password of 32 letters and digits");
        assertFalse(first.output().contains(password), "the password is never printed");
        assertTrue(isThePasswordOf(name, password), "the role's password is the one in database.env");

        assertEquals(name, query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", name));
        String acl = query("SELECT datacl::text FROM pg_database WHERE datname = ?", name);
        assertFalse(acl == null || acl.contains("{=") || acl.contains(",="),
                "no one but its owner may connect: " + acl);
        // The role can do what the hub does as it starts: bring the schema up to date.
        try (HikariDataSource ds = HubDatabase.open(s.get("HUB_JDBC_URL"), name, password);
             Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            assertTrue(rs.next() && rs.getInt(1) > 0);
        }

        HubDeb.Result again = database();
        assertEquals(0, again.code(), again.output());
        assertTrue(again.output().contains("role " + name + ": exists; its password is the one in"), again.output());
        assertTrue(again.output().contains("database " + name + ": exists, owned by " + name), again.output());
        assertEquals(password, settings(env).get("HUB_JDBC_PASSWORD"), "run again, it keeps the password");

        HubDeb.Result renewed = database("--new-password");
        assertEquals(0, renewed.code(), renewed.output());
        String newPassword = settings(env).get("HUB_JDBC_PASSWORD");
        assertNotEquals(password, newPassword);
        assertTrue(isThePasswordOf(name, newPassword));
        assertFalse(isThePasswordOf(name, password));
    }

    @Test
    void refusesWhatItCannotDoSafelyAndChangesNothing() throws Exception {
        assertEquals(0, database().code());
        Path env = config.resolve("database.env");
        String password = settings(env).get("HUB_JDBC_PASSWORD");

        // A role that exists with no password here (a second server set up by mistake): its
        // password is not reset behind the first instance's back.
        Files.delete(env);
        HubDeb.Result noPassword = database();
        assertEquals(1, noPassword.code(), noPassword.output());
        assertTrue(noPassword.output().contains("exists, but") && noPassword.output().contains("--new-password"),
                noPassword.output());
        assertFalse(Files.exists(env));
        assertTrue(isThePasswordOf(name, password));

        // A database that belongs to another role.
        String other = name + "_other";
        dropRoles.add(other);
        HubDeb.Result taken = setup("", "database", "--role", other, "--database", name,
                "--host", host, "--port", String.valueOf(port));
        assertEquals(1, taken.code(), taken.output());
        assertTrue(taken.output().contains("belongs to " + name + ", not " + other), taken.output());
        assertNull(query("SELECT rolname FROM pg_roles WHERE rolname = ?", other), "no role made");

        // A name that is no plain identifier never reaches SQL.
        HubDeb.Result bad = setup("", "database", "--role", "x\"; DROP ROLE postgres; --");
        assertEquals(2, bad.code(), bad.output());
        assertTrue(bad.output().contains("--role") && bad.output().contains("lower-case letters"), bad.output());
        HubDeb.Result unknown = setup("", "database", "--rolle", "x");
        assertEquals(2, unknown.code(), unknown.output());
        assertTrue(unknown.output().contains("unknown option '--rolle'"), unknown.output());
    }

    @Test
    void runsTheHubsCommandsWithTheSettingsItWrote() throws Exception {
        assertEquals(0, database().code());
        HubDeb.Result add = setup("a long test password\n", "run", "user", "add", "--username", "it-admin",
                "--role", "central", "--password-stdin");
        assertEquals(0, add.code(), add.output());
        HubDeb.Result list = setup("", "run", "user", "list");
        assertEquals(0, list.code(), list.output());
        assertTrue(list.output().contains("it-admin"), list.output());
        // In the database database.env names, not in an H2 file in the data folder.
        String url = settings(config.resolve("database.env")).get("HUB_JDBC_URL");
        try (Connection c = DriverManager.getConnection(url, RealServices.postgresUser(),
                System.getProperty("it.postgres.password", System.getenv("PGPASSWORD")));
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM users WHERE username = ?")) {
            q.setString(1, "it-admin");
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
        try (var files = Files.list(state)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".db")).toList());
        }

        HubDeb.Result hub = setup("", "run", "--http-port", "0");
        assertEquals(2, hub.code(), hub.output());
        assertTrue(hub.output().contains("user, device and history commands only"), hub.output());
    }

    @Test
    void takesInWhatHubInitMadeForTheHub() throws Exception {
        Path dir = state.resolveSibling("provisioning");
        Files.createDirectories(dir.resolve("hub"));
        Files.createDirectories(dir.resolve("broker"));
        Files.writeString(dir.resolve("hub/hub.env"), """
                # The hub's broker settings (systemd EnvironmentFile of the sync hub; mode 600).
                HUB_BROKER=ssl://mqtt.example.org:8883
                HUB_BROKER_USERNAME=hub
                HUB_BROKER_PASSWORD=Secret123
                HUB_BROKER_CA=%s
                """.formatted(dir.resolve("broker/ca.pem")));
        Files.writeString(dir.resolve("broker/ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Files.writeString(state.resolve("hub-private.keyset.json"), "{}");
        Files.writeString(state.resolve("hub-public.keyset.json"), "{}");

        HubDeb.Result r = setup("", "provisioning", "--dir", dir.toString());
        assertEquals(0, r.code(), r.output());
        Path env = config.resolve("broker.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        assertEquals(Map.of("HUB_BROKER", "ssl://mqtt.example.org:8883", "HUB_BROKER_USERNAME", "hub",
                "HUB_BROKER_PASSWORD", "Secret123", "HUB_BROKER_CA", config.resolve("broker-ca.pem").toString()),
                settings(env), "the CA where the hub can read it");
        assertEquals(Files.readString(dir.resolve("broker/ca.pem")), Files.readString(config.resolve("broker-ca.pem")));
        assertFalse(r.output().contains("Secret123"));
        assertTrue(r.output().contains("key file: " + state.resolve("hub-private.keyset.json")), r.output());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve("hub-public.keyset.json"))));

        HubDeb.Result missing = setup("", "provisioning", "--dir", dir.resolveSibling("nothing").toString());
        assertEquals(1, missing.code(), missing.output());
        assertTrue(missing.output().contains("hub init"), "says what makes them: " + missing.output());
    }

    /** Checks a password against the role's SCRAM-SHA-256 verifier, as the server would at login. */
    private boolean isThePasswordOf(String role, String password) throws Exception {
        String verifier = query("SELECT rolpassword FROM pg_authid WHERE rolname = ?", role);
        assertNotNull(verifier, "the role has a password");
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        String[] parts = verifier.split("[$:]");
        assertEquals("SCRAM-SHA-256", parts[0], "PostgreSQL keeps it as a SCRAM verifier");
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] storedKey = MessageDigest.getInstance("SHA-256")
                .digest(hmac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8)));
        return MessageDigest.isEqual(storedKey, Base64.getDecoder().decode(parts[3]));
    }
}
