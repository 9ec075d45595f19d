package org.adoptionkiosk.hub.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The passphrase KDF of the hub's passphrase-encrypted files (the encrypted keysets, the backups):
 * scrypt (Bouncy Castle; Tink has no passphrase KDF) with a random salt, its cost stored beside
 * the salt as {@code {"name": "scrypt", "n": …, "r": …, "p": …, "salt": "<base64>"}}, so the cost
 * can be raised later without breaking older files.
 *
 * @param n    scrypt's CPU/memory cost, a power of two
 * @param r    the block size
 * @param p    the parallelism
 * @param salt 16 random bytes for a new file
 */
public record PassphraseKdf(int n, int r, int p, byte[] salt) {
    /** OWASP's scrypt minimum: N=2^17, r=8, p=1 (128 MiB, about half a second). */
    public static final int N = 1 << 17;
    public static final int R = 8;
    public static final int P = 1;
    private static final int SALT_BYTES = 16;
    /** A file cannot make the reader spend more than this (4 GiB at r=8). */
    private static final int MAX_N = 1 << 22;

    public PassphraseKdf {
        salt = salt.clone();
    }

    /** The parameters for a new file: the default cost, a fresh salt. */
    public static PassphraseKdf fresh(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PassphraseKdf(N, R, P, salt);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** {@code length} bytes of key from the passphrase; the caller wipes them after use. */
    public byte[] derive(String passphrase, int length) {
        byte[] pass = passphrase.getBytes(StandardCharsets.UTF_8);
        try {
            return SCrypt.generate(pass, salt, n, r, p, length);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    /** Writes the parameters into {@code kdf} (an empty JSON object). */
    public void writeTo(ObjectNode kdf) {
        kdf.put("name", "scrypt");
        kdf.put("n", n);
        kdf.put("r", r);
        kdf.put("p", p);
        kdf.put("salt", Base64.getEncoder().encodeToString(salt));
    }

    /**
     * The parameters a file stores, checked: a cost out of bounds is refused before any work.
     *
     * @param what the file's kind, for the message ("the encrypted keyset")
     */
    public static PassphraseKdf readFrom(JsonNode kdf, String what) throws GeneralSecurityException {
        int n = kdf.path("n").asInt();
        int r = kdf.path("r").asInt();
        int p = kdf.path("p").asInt();
        if (!"scrypt".equals(kdf.path("name").asText()) || n < 2 || n > MAX_N || Integer.bitCount(n) != 1
                || r < 1 || r > 32 || p < 1 || p > 16) {
            throw new GeneralSecurityException(what + " names a KDF this hub does not use");
        }
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(kdf.path("salt").asText());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(what + "'s salt is not base64");
        }
        if (salt.length < 8) {
            throw new GeneralSecurityException(what + "'s salt is too short");
        }
        return new PassphraseKdf(n, r, p, salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PassphraseKdf k && n == k.n && r == k.r && p == k.p && Arrays.equals(salt, k.salt);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * n + r) + p) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "scrypt(n=" + n + ", r=" + r + ", p=" + p + ")";
    }
}
