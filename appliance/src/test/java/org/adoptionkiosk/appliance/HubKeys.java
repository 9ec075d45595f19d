package org.adoptionkiosk.appliance;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.SignatureConfig;
import org.adoptionkiosk.appliance.sealing.HubSigningKey;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.WireCodec;

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
    private final PublicKeySign signer;

    private HubKeys(KeysetHandle privateKeys, Path publicKeyFile, PublicKeySign signer) {
        this.privateKeys = privateKeys;
        this.publicKeyFile = publicKeyFile;
        this.signer = signer;
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
        // The signing key, as the hub makes it; its public half beside the sealing key, where the kiosk looks.
        SignatureConfig.register();
        KeysetHandle signing = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.TINK));
        Files.writeString(HubSigningKey.besides(file),
                TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(signing.getPublicKeysetHandle()));
        return new HubKeys(keys, file, signing.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class));
    }

    /** {@code message} signed for {@code topic} as the hub sends it. */
    public byte[] sign(WireCodec codec, String topic, byte[] message) throws Exception {
        return HubSignature.sign(signer, codec, topic, message);
    }

    /** What the kiosk verifies the hub's messages with. */
    public PublicKeyVerify verifier() {
        return HubSigningKey.besidesSealingKey(publicKeyFile);
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
