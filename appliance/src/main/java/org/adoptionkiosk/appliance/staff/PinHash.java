package org.adoptionkiosk.appliance.staff;

import org.adoptionkiosk.protocol.DeviceConfig;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The staff PIN, stored only as a salted slow hash: PBKDF2-HMAC-SHA256 from the JDK, written as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64), so the iteration count can grow
 * without breaking stored hashes.
 */
public final class PinHash {
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on a Raspberry Pi 4. */
    public static final int ITERATIONS = 600_000;
    /** A staff PIN is 4 to 8 digits; the staff screen's keypad stops at the most. */
    public static final int MIN_PIN_DIGITS = 4;
    public static final int MAX_PIN_DIGITS = 8;
    private static final Pattern PIN = Pattern.compile("[0-9]{" + MIN_PIN_DIGITS + "," + MAX_PIN_DIGITS + "}");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PinHash() {
    }

    public static boolean isValidPin(String pin) {
        return pin != null && PIN.matcher(pin).matches();
    }

    /** True when {@code stored} is a hash this class can check (the format is the wire's: {@link DeviceConfig}). */
    public static boolean isValidHash(String stored) {
        return DeviceConfig.isStaffPinHash(stored);
    }

    public static String hash(String pin, int iterations, SecureRandom random) {
        if (!isValidPin(pin)) {
            throw new IllegalArgumentException("a staff PIN is " + MIN_PIN_DIGITS + " to " + MAX_PIN_DIGITS + " digits");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(pin, salt, iterations));
    }

    /** Compares in constant time; a malformed stored hash never matches. */
    public static boolean matches(String pin, String stored) {
        if (pin == null || !isValidHash(stored) || pin.length() > 64) {
            return false;
        }
        String[] parts = stored.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(pin, salt, Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        char[] chars = pin.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
