package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.HmacParameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The hub's secret key for the person index: HMAC-SHA256 (Tink) of an email address or phone
 * number, so an erasure request finds a person's records without the hub keeping their details in
 * clear, and without a digest anyone could recompute from a guessed address.
 */
public final class IndexKey {
    public static final String FILE = "hub-index.keyset.json";

    private static final byte[] FINGERPRINT_LABEL = "adoption-kiosk hub index key fingerprint"
            .getBytes(StandardCharsets.UTF_8);

    private final Mac mac;

    private IndexKey(Mac mac) {
        this.mac = mac;
    }

    /** True when {@code dir} holds the index key. */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    public static IndexKey loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        MacConfig.register();
        Path file = dir.resolve(FILE);
        KeysetHandle keys;
        if (Files.exists(file)) {
            keys = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } else {
            // No key-id prefix: a digest is the 32-byte tag alone, 64 hex characters.
            keys = KeysetHandle.generateNew(HmacParameters.builder()
                    .setKeySizeBytes(32)
                    .setTagSizeBytes(32)
                    .setHashType(HmacParameters.HashType.SHA256)
                    .setVariant(HmacParameters.Variant.NO_PREFIX)
                    .build());
            KeyFiles.writePrivate(file, TinkJsonProtoKeysetFormat.serializeKeyset(keys, InsecureSecretKeyAccess.get()));
        }
        return new IndexKey(keys.getPrimitive(RegistryConfiguration.get(), Mac.class));
    }

    /**
     * What the store remembers of this key: SHA-256 of the key's HMAC of a fixed label. It tells two
     * keys apart and gives nothing of the key away (an HMAC key has no public half to fingerprint).
     */
    public String fingerprint() {
        try {
            return KeyFingerprint.sha256(mac.computeMac(FINGERPRINT_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    /** The digest of one already-normalised value, as hex; {@code kind} keeps an email apart from a phone. */
    public String digest(String kind, String normalised) {
        try {
            return HexFormat.of().formatHex(mac.computeMac((kind + ":" + normalised).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }
}
