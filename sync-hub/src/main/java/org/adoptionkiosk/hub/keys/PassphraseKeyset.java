package org.adoptionkiosk.hub.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A Tink keyset encrypted with a passphrase. Tink has no passphrase KDF, so the key that encrypts
 * the keyset is derived with scrypt ({@link PassphraseKdf}) and used as a Tink AES-256-GCM AEAD through
 * {@link TinkJsonProtoKeysetFormat#serializeEncryptedKeyset}. The file is JSON:
 *
 * <pre>
 * {"format": "adoption-kiosk-encrypted-keyset/1",
 *  "kdf": {"name": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": "&lt;base64, 16 bytes&gt;"},
 *  "aead": "AES256_GCM",
 *  "keyset": { Tink's encrypted keyset JSON, associated data "adoption-kiosk hub sealing keyset" }}
 * </pre>
 *
 * The scrypt cost is stored, so it can be raised later without breaking older files.
 */
public final class PassphraseKeyset {
    public static final String FORMAT = "adoption-kiosk-encrypted-keyset/1";
    private static final byte[] ASSOCIATED = "adoption-kiosk hub sealing keyset".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PassphraseKeyset() {
    }

    /** The keyset, secret parts and all, encrypted with the passphrase. */
    public static String encrypt(KeysetHandle keys, String passphrase, SecureRandom random)
            throws GeneralSecurityException {
        PassphraseKdf kdf = PassphraseKdf.fresh(random);
        String keyset = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keys, aead(passphrase, kdf), ASSOCIATED);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        kdf.writeTo(root.putObject("kdf"));
        root.put("aead", "AES256_GCM");
        try {
            root.set("keyset", JSON.readTree(keyset));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new GeneralSecurityException("could not write the encrypted keyset", e);
        }
    }

    /**
     * @throws GeneralSecurityException "wrong passphrase or damaged file" (Tink cannot tell the two
     *                                  apart), or what is wrong with the file's format
     */
    public static KeysetHandle decrypt(String fileText, String passphrase) throws GeneralSecurityException {
        JsonNode root;
        try {
            root = JSON.readTree(fileText);
        } catch (IOException e) {
            throw new GeneralSecurityException("the encrypted keyset is not JSON");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new GeneralSecurityException("the encrypted keyset is not in the format " + FORMAT);
        }
        PassphraseKdf kdf = PassphraseKdf.readFrom(root.path("kdf"), "the encrypted keyset");
        if (!"AES256_GCM".equals(root.path("aead").asText())) {
            throw new GeneralSecurityException("the encrypted keyset names a cipher this hub does not use");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(root.path("keyset").toString(),
                    aead(passphrase, kdf), ASSOCIATED);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("wrong passphrase or damaged file");
        }
    }

    private static Aead aead(String passphrase, PassphraseKdf kdf) throws GeneralSecurityException {
        AeadConfig.register();
        byte[] key = kdf.derive(passphrase, 32);
        try {
            AesGcmKey k = AesGcmKey.builder()
                    .setParameters(AesGcmParameters.builder()
                            .setKeySizeBytes(32)
                            .setIvSizeBytes(12)
                            .setTagSizeBytes(16)
                            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                            .build())
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                    .build();
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(k).withRandomId().makePrimary())
                    .build()
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
