package org.adoptionkiosk.appliance.sealing;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.SignatureConfig;
import org.adoptionkiosk.appliance.HubKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void theHubOpensEverySizeOnlyUnderItsOwnRecordId() throws Exception {
        HubKeys keys = HubKeys.create(dir);
        Sealer sealer = Sealer.fromFile(keys.publicKeyFile());
        for (int size : new int[] {0, 1, 31, 200, 4096}) {
            String text = "Dŵr a thân; ".repeat(size / 12 + 1).substring(0, size);
            UUID id = UUID.randomUUID();
            String sealed = sealer.seal(text.getBytes(StandardCharsets.UTF_8), id);
            assertEquals(text, keys.open(sealed, id), "size " + size);
            assertThrows(GeneralSecurityException.class, () -> keys.open(sealed, UUID.randomUUID()),
                    "a sealed part must not open as another record's");
        }
    }

    @Test
    void sealsFromSeveralThreadsAtOnce() throws Exception {
        HubKeys keys = HubKeys.create(dir);
        Sealer sealer = Sealer.fromFile(keys.publicKeyFile());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> checks = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String text = "visitor " + i;
                checks.add(threads.submit(() -> {
                    UUID id = UUID.randomUUID();
                    return keys.open(sealer.seal(text.getBytes(StandardCharsets.UTF_8), id), id);
                }));
            }
            for (int i = 0; i < checks.size(); i++) {
                assertEquals("visitor " + i, checks.get(i).get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void opensUnderEveryTinkVariantAndAeadTheKioskAccepts() throws Exception {
        HybridConfig.register();
        for (HpkeParameters.AeadId aead : new HpkeParameters.AeadId[] {HpkeParameters.AeadId.AES_256_GCM,
                HpkeParameters.AeadId.AES_128_GCM, HpkeParameters.AeadId.CHACHA20_POLY1305}) {
            for (HpkeParameters.Variant variant : new HpkeParameters.Variant[] {HpkeParameters.Variant.NO_PREFIX,
                    HpkeParameters.Variant.TINK}) {
                KeysetHandle hub = KeysetHandle.generateNew(x25519(aead, variant));
                Sealer sealer = Sealer.fromJson(
                        TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(hub.getPublicKeysetHandle()), "test");
                UUID id = UUID.randomUUID();
                byte[] plain = "{\"name\":\"Siân\"}".getBytes(StandardCharsets.UTF_8);
                byte[] opened = hub.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class)
                        .decrypt(Base64.getDecoder().decode(sealer.seal(plain, id)),
                                id.toString().getBytes(StandardCharsets.UTF_8));
                assertArrayEquals(plain, opened, aead + " " + variant);
            }
        }
    }

    @Test
    void refusesAnHpkeKeyTheKioskCannotSealTo() throws Exception {
        HybridConfig.register();
        KeysetHandle p256 = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_P256_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        HubKeyException refused = assertThrows(HubKeyException.class, () -> Sealer.fromJson(
                TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(p256.getPublicKeysetHandle()), "p256.json"));
        assertTrue(refused.getMessage().contains("p256.json"), refused.getMessage());
        assertTrue(refused.getMessage().contains("DHKEM_X25519_HKDF_SHA256"), refused.getMessage());

        KeysetHandle sha384 = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA384)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        assertThrows(HubKeyException.class, () -> Sealer.fromJson(
                TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(sha384.getPublicKeysetHandle()), "sha384.json"));

        SignatureConfig.register();
        KeysetHandle signing = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.TINK));
        assertTrue(assertThrows(HubKeyException.class, () -> Sealer.fromJson(
                TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(signing.getPublicKeysetHandle()), "sig.json"))
                .getMessage().contains("is not an HPKE public key"));
    }

    private static HpkeParameters x25519(HpkeParameters.AeadId aead, HpkeParameters.Variant variant) throws Exception {
        return HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(aead)
                .setVariant(variant)
                .build();
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
