package org.adoptionkiosk.chaos;

import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;

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
 * store. Several instances share one identity: the second and later get the first one's key files
 * copied into their data directories before they start.
 */
final class HubProcess extends ChildJvm {
    static final String READY = "sync-hub running";
    static final List<String> KEY_FILES = List.of(SealingKeys.PRIVATE_FILE, SealingKeys.PUBLIC_FILE, IndexKey.FILE);

    final String instanceId;
    final Path dataDir;

    private HubProcess(String instanceId, Path dataDir, Path log, List<String> args) {
        super("hub " + instanceId, log, "320m", "org.adoptionkiosk.hub.Main", args);
        this.instanceId = instanceId;
        this.dataDir = dataDir;
    }

    /**
     * @param sameKeysAs an instance whose key files this one takes (copied before it starts), or null for
     *                   the first instance, whose keys are made here with the hub's own code, as
     *                   {@code provisioning.jar hub init} makes them, so kiosks can start beside it
     */
    static HubProcess create(Path workDir, String instanceId, String brokerUrl, String jdbcUrl, String jdbcUser,
                             HubProcess sameKeysAs) throws Exception {
        Path data = workDir.resolve(instanceId);
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (sameKeysAs == null) {
            SealingKeys.loadOrCreate(data, null);
            IndexKey.loadOrCreate(data);
        } else {
            for (String file : KEY_FILES) {
                Path from = sameKeysAs.dataDir.resolve(file);
                if (!Files.exists(from)) {
                    throw new IllegalStateException(sameKeysAs.name + " has no " + file + " yet: start it first");
                }
                Files.copy(from, data.resolve(file), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> args = new ArrayList<>(List.of(
                "--http-port", "0",
                "--data", data.toString(),
                "--broker", brokerUrl,
                "--instance-id", instanceId,
                "--jdbc-url", jdbcUrl,
                "--jdbc-user", jdbcUser));
        return new HubProcess(instanceId, data, workDir.resolve(instanceId + ".log"), args);
    }

    Path publicKey() {
        return dataDir.resolve(SealingKeys.PUBLIC_FILE);
    }

    @Override
    void awaitReady(Process p, long logOffset) throws Exception {
        Await.until(name + " to say '" + READY + "'", Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited with " + p.exitValue() + " while starting:\n" + tail(40));
            }
            return logSince(logOffset).contains(READY);
        }, () -> tail(40));
    }
}
