package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.protocol.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The production Mosquitto's files, in one folder: its configuration (TLS listener, no anonymous
 * access, password file, ACL file), the password file and the ACL file, and the TLS material it
 * serves. {@code device add} and {@code device revoke} rewrite the password and ACL files whole;
 * a running Mosquitto reads them again on SIGHUP ({@code systemctl reload mosquitto}).
 */
final class BrokerFiles {
    static final String CONF = "adoption-kiosk.conf";
    static final String PASSWD = "passwd";
    static final String ACL = "acl";
    static final String CA = "ca.pem";
    static final String CERT = "server.pem";
    static final String KEY = "server.key";

    private final Path dir;
    private final String group;

    /** @param group the group the broker runs as (it must read these files); null leaves the group alone */
    BrokerFiles(Path dir, String group) {
        this.dir = dir;
        this.group = group;
    }

    Path dir() {
        return dir;
    }

    /** The topics a device may use: write its records and status, read its own ack and config. */
    static List<String> deviceAcl(String deviceId) {
        return List.of(
                "topic write " + Topics.records(deviceId),
                "topic write " + Topics.status(deviceId),
                "topic read " + Topics.ack(deviceId),
                "topic read " + Topics.config(deviceId));
    }

    /**
     * The hub's topics: read every kiosk's records (also through the shared subscription several
     * hub instances use) and status, write acks and configs.
     */
    static List<String> hubAcl() {
        return List.of(
                "topic read kiosk/v1/+/records",
                "topic read " + Topics.RECORDS_SHARED,
                "topic read " + Topics.STATUS_ALL,
                "topic write kiosk/v1/+/ack",
                "topic write kiosk/v1/+/config");
    }

    static String conf(Path filesDir, String bind, int port, String brokerUser) {
        String d = filesDir.toAbsolutePath().normalize().toString();
        return """
                # Mosquitto for adoption kiosks, made by `provisioning.jar hub init`. Include it from
                # mosquitto.conf (e.g. copy it to /etc/mosquitto/conf.d/) or run mosquitto -c on it.
                # `device add` and `device revoke` rewrite the password and ACL files: reload Mosquitto
                # afterwards (systemctl reload mosquitto, or SIGHUP) so it reads them again.
                per_listener_settings false
                allow_anonymous false
                password_file %1$s/%2$s
                acl_file %1$s/%3$s
                """.formatted(d, PASSWD, ACL)
                + (brokerUser == null ? "" : "user " + brokerUser + "\n")
                + """
                # TLS only: there is no plain listener.
                listener %1$d%2$s
                protocol mqtt
                cafile %3$s/%4$s
                certfile %3$s/%5$s
                keyfile %3$s/%6$s
                tls_version tlsv1.2
                # Client certificates are checked against the CA when a kiosk shows one; the password
                # is what identifies it.
                require_certificate false
                # One batch in flight per kiosk: Nagle's algorithm would stall each round trip.
                set_tcp_nodelay true
                max_queued_messages 10000
                """.formatted(port, bind == null ? "" : " " + bind, d, CA, CERT, KEY);
    }

    /** The password file's users and lines, in file order. */
    Map<String, String> passwords() throws IOException {
        Map<String, String> users = new LinkedHashMap<>();
        Path f = dir.resolve(PASSWD);
        if (!Files.exists(f)) {
            return users;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                users.put(line.substring(0, colon), line);
            }
        }
        return users;
    }

    boolean hasUser(String username) throws IOException {
        return passwords().containsKey(username);
    }

    /** Adds (or replaces) a user with its topics. */
    void addUser(String username, String password, List<String> aclLines, SecureRandom random) throws IOException {
        Map<String, String> users = passwords();
        users.put(username, MosquittoPassword.line(username, password, random));
        Map<String, List<String>> acl = acl();
        acl.put(username, aclLines);
        save(users, acl);
    }

    /** @return false when the user was in neither file */
    boolean removeUser(String username) throws IOException {
        Map<String, String> users = passwords();
        Map<String, List<String>> acl = acl();
        boolean found = users.remove(username) != null;
        found |= acl.remove(username) != null;
        save(users, acl);
        return found;
    }

    /** The ACL file's blocks: each {@code user} line with the topic lines below it. */
    Map<String, List<String>> acl() throws IOException {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        Path f = dir.resolve(ACL);
        if (!Files.exists(f)) {
            return blocks;
        }
        List<String> current = null;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.startsWith("user ")) {
                current = new ArrayList<>();
                blocks.put(t.substring(5).strip(), current);
            } else if (t.startsWith("topic ") && current != null) {
                current.add(t);
            }
        }
        return blocks;
    }

    private void save(Map<String, String> users, Map<String, List<String>> acl) throws IOException {
        StringBuilder p = new StringBuilder();
        for (String line : users.values()) {
            p.append(line).append('\n');
        }
        StringBuilder a = new StringBuilder("# Broker ACL for adoption kiosks, kept by provisioning.jar "
                + "(device add / device revoke rewrite it).\n# No anonymous access: users not listed here may "
                + "use no topic.\n");
        for (Map.Entry<String, List<String>> e : acl.entrySet()) {
            a.append('\n').append("user ").append(e.getKey()).append('\n');
            for (String t : e.getValue()) {
                a.append(t).append('\n');
            }
        }
        writeShared(PASSWD, p.toString());
        writeShared(ACL, a.toString());
    }

    /** A file the broker reads: mode 640, group of the broker's user when this process may set it. */
    boolean writeShared(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        FileModes.write(f, text, FileModes.GROUP_READ);
        return FileModes.group(f, group);
    }
}
