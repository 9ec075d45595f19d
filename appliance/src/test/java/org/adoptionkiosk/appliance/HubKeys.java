package org.adoptionkiosk.appliance;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/**
 * A hub key pair made the way the hub makes it: the public half written as Tink JSON without
 * secret for the kiosk, the private half kept here to open what the kiosk sealed.
 */
public final class HubKeys {
    private final KeysetHandle privateKeys;
    private final Path publicKeyFile;

    private HubKeys(KeysetHandle privateKeys, Path publicKeyFile) {
        this.privateKeys = privateKeys;
        this.publicKeyFile = publicKeyFile;
    }

    public static HubKeys create(Path dir) throws Exception {
        HybridConfig.register();
        KeysetHandle keys = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        Path file = dir.resolve("hub-public.json");
        Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keys.getPublicKeysetHandle()));
        return new HubKeys(keys, file);
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** Opens a sealed part as the hub would: base64, HPKE, the record id as context. */
    public String open(String sealedBase64, UUID recordId) throws Exception {
        HybridDecrypt decrypt = privateKeys.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        byte[] plain = decrypt.decrypt(Base64.getDecoder().decode(sealedBase64),
                recordId.toString().getBytes(StandardCharsets.UTF_8));
        return new String(plain, StandardCharsets.UTF_8);
    }
}
