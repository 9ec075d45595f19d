package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.appliance.KioskBundle;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The tool's own folder ({@code --dir}, default {@code ./kiosk-provisioning}), made by
 * {@code hub init}. Keep it on the operator's machine or the broker host, readable by root only:
 * it holds the CA's private key.
 *
 * <pre>
 * provisioning.properties   broker URL for kiosks, broker hosts, the hub's broker user name
 * ca/ca.pem, ca/ca.key      the certificate authority (key mode 600, folder 700)
 * broker/                   Mosquitto's files: adoption-kiosk.conf, passwd, acl, ca.pem, server.pem, server.key
 * hub/hub.env               the hub's broker settings and password for its systemd EnvironmentFile (600)
 * hub-public.keyset.json    the hub's public sealing key, copied into every bundle
 * hub-signing-public.keyset.json  the hub's public signing key, copied into every bundle
 * devices/ID/               each device's config bundle
 * </pre>
 */
record Workspace(Path dir) {
    static final String DEFAULT_DIR = "kiosk-provisioning";
    static final String HUB_USER = "hub";
    /** What {@code hub init} puts in the folder, in the order it does: the properties (the mark of a finished folder) last. */
    static final List<String> ENTRIES = List.of("ca", "broker", "hub", "devices", "hub-public.keyset.json",
            KioskBundle.HUB_SIGNING_KEY, "provisioning.properties");

    Path properties() {
        return dir.resolve("provisioning.properties");
    }

    Path caDir() {
        return dir.resolve("ca");
    }

    Path brokerDir() {
        return dir.resolve("broker");
    }

    Path hubDir() {
        return dir.resolve("hub");
    }

    Path hubPublicKey() {
        return dir.resolve("hub-public.keyset.json");
    }

    /** The hub's public signing key, copied into every bundle beside the sealing key. */
    Path hubSigningKey() {
        return dir.resolve(KioskBundle.HUB_SIGNING_KEY);
    }

    Path devicesDir() {
        return dir.resolve("devices");
    }

    boolean initialised() {
        return Files.exists(properties());
    }

    Properties load() throws UsageError, IOException {
        if (!initialised()) {
            throw new UsageError("--dir " + dir + " is not a provisioning folder: run `hub init` first");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(properties(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    void save(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, "made by provisioning.jar hub init");
        FileModes.write(properties(), w.toString(), FileModes.PRIVATE);
    }

    BrokerFiles broker(Properties p) {
        return new BrokerFiles(brokerDir(), p.getProperty("broker-group"));
    }
}
