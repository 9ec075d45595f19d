package org.adoptionkiosk.provisioning;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * One line of a Mosquitto 2.0 password file, in Mosquitto's own format so {@code mosquitto}
 * takes the file as it is: {@code user:$7$<iterations>$<base64 salt>$<base64 hash>}, the hash
 * being PBKDF2-HMAC-SHA512 of the password (64 bytes) over a 12-byte salt, as
 * {@code mosquitto_passwd} writes it (its "sha512-pbkdf2", type 7). No library writes this line;
 * the KDF itself is the JDK's.
 */
final class MosquittoPassword {
    /**
     * Above mosquitto_passwd's 101. The passwords are random 256-bit secrets, so the work factor
     * adds little; the broker pays it on every connect.
     */
    static final int ITERATIONS = 1000;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;

    private MosquittoPassword() {
    }

    static String line(String username, String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return username + ":" + hash(password, salt, ITERATIONS);
    }

    static String hash(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA512", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** A new random broker password: 32 bytes, base64url without padding (43 characters, no ':' or space). */
    static String newPassword(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
