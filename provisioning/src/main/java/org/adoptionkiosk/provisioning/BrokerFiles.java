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
 * serves. {@code device add} and {@code device revoke} rewrite the password and ACL files whole
 * (each written beside it and renamed into place, see {@link Change}); a running Mosquitto reads
 * them again on SIGHUP ({@code systemctl reload mosquitto}).
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

    /** Adds (or replaces) a user with its topics, at once (for a folder no broker reads yet). */
    void addUser(String username, String password, List<String> aclLines, SecureRandom random) throws IOException {
        try (Change c = stageAdd(Map.of(username, password), Map.of(username, aclLines), random)) {
            c.publish();
        }
    }

    /**
     * New password and ACL files with these users (added or replaced) and their topics, written
     * beside the real ones; nothing changes until {@link Change#publish}.
     *
     * @param passwords user to password
     */
    Change stageAdd(Map<String, String> passwords, Map<String, List<String>> aclLines, SecureRandom random)
            throws IOException {
        Map<String, String> users = passwords();
        Map<String, List<String>> acl = acl();
        for (Map.Entry<String, String> e : passwords.entrySet()) {
            users.put(e.getKey(), MosquittoPassword.line(e.getKey(), e.getValue(), random));
        }
        acl.putAll(aclLines);
        return stage(users, acl, true);
    }

    /**
     * New password and ACL files without {@code username}, written beside the real ones; nothing
     * changes until {@link Change#publish}. {@link Change#found} says whether it was in either.
     */
    Change stageRemove(String username) throws IOException {
        Map<String, String> users = passwords();
        Map<String, List<String>> acl = acl();
        boolean found = users.remove(username) != null;
        found |= acl.remove(username) != null;
        Change c = stage(users, acl, false);
        c.found = found;
        return c;
    }

    /** @return false when the user was in neither file */
    boolean removeUser(String username) throws IOException {
        try (Change c = stageRemove(username)) {
            c.publish();
            return c.found();
        }
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

    private Change stage(Map<String, String> users, Map<String, List<String>> acl, boolean adding)
            throws IOException {
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
        Change c = new Change(adding);
        try {
            c.passwdTmp = stageShared(PASSWD, p.toString());
            c.aclTmp = stageShared(ACL, a.toString());
            c.oldPasswd = read(dir.resolve(PASSWD));
            c.oldAcl = read(dir.resolve(ACL));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static byte[] read(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllBytes(f) : null;
    }

    /**
     * A new password file and ACL file, written in full beside the real ones, put in force by
     * {@link #publish}. Each file is replaced with one rename, but the two renames are two steps;
     * their order makes the state between them harmless. Adding a user: the ACL first (a user in the
     * ACL who cannot log in yet can do nothing), then the password file. Removing one: the password
     * file first (once it cannot log in, its ACL lines grant nothing), then the ACL. If the second
     * rename fails, the first file is put back as it was.
     */
    final class Change implements AutoCloseable {
        private final boolean adding;
        private Path passwdTmp;
        private Path aclTmp;
        private byte[] oldPasswd;
        private byte[] oldAcl;
        private boolean found;
        private boolean published;

        private Change(boolean adding) {
            this.adding = adding;
        }

        boolean found() {
            return found;
        }

        void publish() throws IOException {
            Path firstTmp = adding ? aclTmp : passwdTmp;
            Path secondTmp = adding ? passwdTmp : aclTmp;
            String first = adding ? ACL : PASSWD;
            String second = adding ? PASSWD : ACL;
            FileModes.publish(firstTmp, dir.resolve(first));
            published = true;
            try {
                FileModes.publish(secondTmp, dir.resolve(second));
            } catch (IOException | RuntimeException e) {
                putBack(first, adding ? oldAcl : oldPasswd);
                published = false;
                throw e;
            }
        }

        /** Puts both files back as they were before {@link #publish} (a later step failed). */
        void restore() throws IOException {
            if (published) {
                // The order that keeps the state between the two steps harmless, reversed.
                putBack(adding ? PASSWD : ACL, adding ? oldPasswd : oldAcl);
                putBack(adding ? ACL : PASSWD, adding ? oldAcl : oldPasswd);
                published = false;
            }
        }

        private void putBack(String name, byte[] old) throws IOException {
            if (old == null) {
                Files.deleteIfExists(dir.resolve(name));
            } else {
                writeShared(name, new String(old, StandardCharsets.UTF_8));
            }
        }

        /** Removes the temporary files that were not put in place. */
        @Override
        public void close() {
            for (Path tmp : new Path[] {passwdTmp, aclTmp}) {
                if (tmp != null) {
                    FileModes.deleteQuietly(tmp);
                }
            }
        }
    }

    private Path stageShared(String name, String text) throws IOException {
        Path tmp = FileModes.stage(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8), FileModes.GROUP_READ);
        FileModes.group(tmp, group);
        return tmp;
    }

    /** A file the broker reads: mode 640, group of the broker's user when this process may set it. */
    boolean writeShared(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        FileModes.write(f, text, FileModes.GROUP_READ);
        return FileModes.group(f, group);
    }
}
