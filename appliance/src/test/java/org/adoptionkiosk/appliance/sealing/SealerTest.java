package org.adoptionkiosk.appliance.sealing;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import org.adoptionkiosk.appliance.HubKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealerTest {
    @TempDir
    Path dir;

    @Test
    void sealsSoOnlyTheHubOpensIt() throws Exception {
        HubKeys keys = HubKeys.create(dir);
        Sealer sealer = Sealer.fromFile(keys.publicKeyFile());
        UUID id = UUID.randomUUID();
        byte[] plain = "{\"email\":\"a@example.org\"}".getBytes(StandardCharsets.UTF_8);
        String sealed = sealer.seal(plain, id);
        assertEquals("{\"email\":\"a@example.org\"}", keys.open(sealed, id));
        assertNotEquals(sealed, sealer.seal(plain, id), "each sealing is fresh");
    }

    @Test
    void refusesWhatIsNotAPublicHpkeKeyset() throws Exception {
        HubKeyException missing = assertThrows(HubKeyException.class,
                () -> Sealer.fromFile(dir.resolve("absent.json")));
        assertTrue(missing.getMessage().contains("cannot read the hub key"));

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "not a keyset");
        assertTrue(assertThrows(HubKeyException.class, () -> Sealer.fromFile(garbage)).getMessage()
                .contains("not a Tink JSON public keyset"));

        HybridConfig.register();
        KeysetHandle secret = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        Path privateFile = Files.writeString(dir.resolve("private.json"),
                TinkJsonProtoKeysetFormat.serializeKeyset(secret, InsecureSecretKeyAccess.get()));
        assertThrows(HubKeyException.class, () -> Sealer.fromFile(privateFile),
                "a keyset with the private key must never be used on a kiosk");
    }
}
