package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.hub.keys.SealingKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sync-hub instance ({@code org.adoptionkiosk.hub.Main}) as a child JVM on an external broker
 * (so ingest is the shared subscription {@code $share/hub/kiosk/v1/+/records}) and a PostgreSQL
 * store. Several instances share one identity: the first makes the key files when it first starts, and
 * the others get copies of them in their data directories before they start.
 */
final class HubProcess extends ChildProcess {
    private static final String MAIN = "org.adoptionkiosk.hub.Main";
    static final String READY = "sync-hub running";

    final String instanceId;
    final Path dataDir;
    /** The dashboard's port, the same across restarts (a signed-in staff client carries on there). */
    final int httpPort;

    private HubProcess(String instanceId, Path dataDir, Path log, int httpPort, List<String> args) {
        super("hub " + instanceId, log, leanJava("320m", MAIN, args));
        this.instanceId = instanceId;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    /**
     * @param sameKeysAs an instance that has started (and made the hub's key files), whose key files
     *                   this one gets copies of before it starts; null for the first instance
     */
    static HubProcess create(Path workDir, String instanceId, String brokerUrl, String jdbcUrl, String jdbcUser,
                             HubProcess sameKeysAs) throws IOException {
        Path data = workDir.resolve(instanceId);
        if (sameKeysAs != null) {
            Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<Path> keys = keyFiles(sameKeysAs.dataDir);
            if (keys.stream().noneMatch(k -> k.getFileName().toString().equals(SealingKeys.PUBLIC_FILE))) {
                throw new IllegalStateException(sameKeysAs.name() + " has made no key files yet (" + keys
                        + "): start it first");
            }
            for (Path from : keys) {
                Files.copy(from, data.resolve(from.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--http-port", String.valueOf(port),
                "--data", data.toString(),
                "--broker", brokerUrl,
                "--instance-id", instanceId,
                "--jdbc-url", jdbcUrl,
                "--jdbc-user", jdbcUser));
        return new HubProcess(instanceId, data, workDir.resolve(instanceId + ".log"), port, args);
    }

    /**
     * The hub's key files in its data directory: every {@code *.json} there (sealing and index keysets
     * today, and whatever keyset a later hub adds, such as a signing key), nothing else.
     */
    static List<Path> keyFiles(Path dataDir) throws IOException {
        try (var files = Files.list(dataDir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        }
    }

    Path publicKey() {
        return dataDir.resolve(SealingKeys.PUBLIC_FILE);
    }

    @Override
    protected void awaitReady(Process p, long logOffset) throws Exception {
        Await.atMost(Duration.ofSeconds(90)).every(Duration.ofMillis(100)).showing(() -> tail(40))
                .until(name() + " to say '" + READY + "'", () -> {
                    requireAlive(p);
                    return logSince(logOffset).contains(READY);
                });
    }
}
