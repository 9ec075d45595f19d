package org.adoptionkiosk.appliance.sealing;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Seals a visitor's personal details to the hub's public key (HPKE, RFC 9180, through Tink), so
 * that neither the kiosk's disk nor the broker ever holds them in clear. The record id is the
 * context info: a sealed part cannot be moved onto another record.
 */
public final class Sealer {
    private final HybridEncrypt encrypt;

    private Sealer(HybridEncrypt encrypt) {
        this.encrypt = encrypt;
    }

    /**
     * Loads the hub's public keyset, as the hub writes it: Tink's JSON keyset format without
     * secret. A keyset holding a private key is refused.
     *
     * @throws HubKeyException naming the file and what is wrong with it
     */
    public static Sealer fromFile(Path keyFile) {
        String json;
        try {
            json = Files.readString(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubKeyException("cannot read the hub key " + keyFile + ": " + e.getClass().getSimpleName());
        }
        return fromJson(json, keyFile.toString());
    }

    public static Sealer fromJson(String keysetJson, String source) {
        try {
            HybridConfig.register();
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(keysetJson);
            if (!(handle.getPrimary().getKey() instanceof HpkePublicKey)) {
                throw new HubKeyException("the hub key " + source + " is not an HPKE public key");
            }
            return new Sealer(handle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class));
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof HubKeyException hke) {
                throw hke;
            }
            // Tink refuses secret material here, which is what a private keyset would be.
            throw new HubKeyException("the hub key " + source
                    + " is not a Tink JSON public keyset (HPKE, without secret): " + e.getMessage());
        }
    }

    /** The sealed bytes, standard base64. */
    public String seal(byte[] plaintext, UUID recordId) {
        try {
            byte[] sealed = encrypt.encrypt(plaintext, recordId.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            // Tink's message says nothing about the plaintext.
            throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
        }
    }
}
