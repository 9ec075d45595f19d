package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints of the hub's keys, for the store to tell whether every instance holds the same ones:
 * SHA-256 of a public keyset in Tink's binary format (stable, unlike its JSON's layout), never of
 * anything secret.
 */
final class KeyFingerprint {
    private KeyFingerprint() {
    }

    static String of(KeysetHandle publicKeys) {
        try {
            return sha256(TinkProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeys));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a public keyset that cannot be written: " + e.getMessage(), e);
        }
    }

    static String json(KeysetHandle publicKeys) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeys);
    }

    /** Whether {@code keys} hold the primary key of the public keyset {@code earlierJson}: same id, same key. */
    static boolean holdsPrimaryOf(KeysetHandle keys, String earlierJson) throws GeneralSecurityException {
        KeysetHandle.Entry primary = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(earlierJson).getPrimary();
        for (int i = 0; i < keys.size(); i++) {
            KeysetHandle.Entry e = keys.getAt(i);
            if (e.getId() == primary.getId() && e.getKey().equalsKey(primary.getKey())) {
                return true;
            }
        }
        return false;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
