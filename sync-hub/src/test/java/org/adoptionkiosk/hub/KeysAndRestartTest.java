package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.*;

/** The sealing keys and the store survive a restart on the same data directory. */
class KeysAndRestartTest {
    @TempDir
    Path dir;

    /**
     * First start: keys made, private file mode 600, a kiosk-sealed part opens; records and a dead
     * letter stored. Second start on the same directory: same keys, same data, the device carries on.
     */
    @Test
    void keysAndDataSurviveARestart() throws Exception {
        String d = "kiosk-restart";
        List<KioskRecord> first = List.of(signin(1), signin(2));
        UUID recordId = UUID.randomUUID();
        String publicJson;
        String sealed;
        try (HubFixture f = new HubFixture(dir); RawMqtt kiosk = f.kiosk(d)) {
            Path pub = f.hub.publicKeyFile();
            assertEquals(dir.resolve(SealingKeys.PUBLIC_FILE), pub);
            Path priv = dir.resolve(SealingKeys.PRIVATE_FILE);
            assertTrue(Files.exists(priv));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(priv));
            publicJson = Files.readString(pub);
            assertFalse(publicJson.contains("privateKey"), "the public file holds no secret");

            // As a kiosk does: encrypt with the public keyset file, the record id as context info.
            HybridConfig.register();
            KeysetHandle publicKeys = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicJson);
            HybridEncrypt encrypt = publicKeys.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
            byte[] ct = encrypt.encrypt("Siân Jones, 07700 900123".getBytes(StandardCharsets.UTF_8),
                    recordId.toString().getBytes(StandardCharsets.UTF_8));
            sealed = Base64.getEncoder().encodeToString(ct);
            assertEquals("Siân Jones, 07700 900123",
                    new String(f.hub.openSealed(sealed, recordId), StandardCharsets.UTF_8));
            assertThrows(GeneralSecurityException.class, () -> f.hub.openSealed(sealed, UUID.randomUUID()),
                    "a sealed part moved to another record does not open");

            assertEquals(2, f.sendAndAwaitAck(kiosk, batch(d, first)).contiguousSeq());
            kiosk.publish(Topics.records(d), "not json");
            Await.until("the dead letter", () -> f.deadLetters(d), n -> n == 1);
        }
        try (HubFixture f = new HubFixture(dir); RawMqtt kiosk = f.kiosk(d)) {
            assertEquals(publicJson, Files.readString(f.hub.publicKeyFile()), "same key pair on the second start");
            assertEquals("Siân Jones, 07700 900123",
                    new String(f.hub.openSealed(sealed, recordId), StandardCharsets.UTF_8));

            assertEquals(2, f.count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
            assertEquals(1, f.deadLetters(d));
            assertEquals(2, f.device(d).get("contiguousSeq").asLong());
            // A resend after the restart is still recognised, and the device carries on from seq 2.
            assertEquals(first.stream().map(KioskRecord::id).toList(),
                    f.sendAndAwaitAck(kiosk, batch(d, first)).accepted());
            assertEquals(3, f.sendAndAwaitAck(kiosk, batch(d, List.of(signin(3)))).contiguousSeq());
            assertEquals(3, f.count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
        }
    }
}
