package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * The hub's HPKE key pair. Kiosks seal a visitor's personal details to the public key at capture;
 * only the hub (holding the private keyset) can open them.
 */
public final class SealingKeys {
    public static final String PRIVATE_FILE = "hub-private.keyset.json";
    public static final String PUBLIC_FILE = "hub-public.keyset.json";
    /** The private keyset encrypted with a passphrase, instead of {@link #PRIVATE_FILE}. */
    public static final String ENCRYPTED_FILE = "hub-private.keyset.enc.json";

    private static final KeyPairFiles FILES = new KeyPairFiles(PRIVATE_FILE, ENCRYPTED_FILE, PUBLIC_FILE);

    /** True when {@code dir} already holds a private keyset, plain or encrypted. */
    public static boolean exists(Path dir) {
        return FILES.existIn(dir);
    }

    private final Path publicKeyFile;
    private final HybridDecrypt decrypt;
    private final String fingerprint;

    private SealingKeys(Path publicKeyFile, HybridDecrypt decrypt, String fingerprint) {
        this.publicKeyFile = publicKeyFile;
        this.decrypt = decrypt;
        this.fingerprint = fingerprint;
    }

    /** Loads the key pair from {@code dir}, making it on first start. */
    public static SealingKeys loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        return loadOrCreate(dir, null);
    }

    /**
     * Loads the key pair from {@code dir}, making it on first start: with a passphrase, the private
     * keyset is {@value #ENCRYPTED_FILE} (see {@link PassphraseKeyset}); without one it is
     * {@value #PRIVATE_FILE}, readable by the hub's user only. Each is mode 600.
     *
     * @param passphrase null for the plain file
     * @throws GeneralSecurityException when the key is encrypted and no or the wrong passphrase is
     *                                  given, or a passphrase is given for a plain key
     */
    public static SealingKeys loadOrCreate(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        HybridConfig.register();
        KeysetHandle privateKeys = FILES.loadOrCreate(dir, passphrase, HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        return new SealingKeys(dir.resolve(PUBLIC_FILE),
                privateKeys.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class),
                KeyFingerprint.of(privateKeys.getPublicKeysetHandle()));
    }

    /** The private keyset's file name in {@code dir}: the encrypted one when it is there. */
    public static String privateFileIn(Path dir) {
        return FILES.privateFileIn(dir);
    }

    /** SHA-256 of the public keyset (hex): what the store remembers of this key pair. */
    public String fingerprint() {
        return fingerprint;
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /**
     * Opens what a kiosk sealed for record {@code recordId} (the record id is the HPKE context
     * info, so a sealed part cannot be moved to another record).
     */
    public byte[] open(String sealedBase64, UUID recordId) throws GeneralSecurityException {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(sealedBase64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("sealed part is not base64");
        }
        return decrypt.decrypt(ciphertext, recordId.toString().getBytes(StandardCharsets.UTF_8));
    }
}
