package org.adoptionkiosk.hub.accounts;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Password hashing with bcrypt (Bouncy Castle's OpenBSD implementation, "$2y$" strings). The
 * cost grows the work 2^cost times; 12 takes about a quarter of a second on a server core.
 */
public final class Passwords {
    public static final int COST = 12;
    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than cut silently. */
    public static final int MAX_BYTES = 72;

    private final SecureRandom random;
    private final int cost;
    /** Checked against when the user does not exist, so a wrong user name takes as long as a wrong password. */
    private final String dummy;

    public Passwords(SecureRandom random) {
        this(random, COST);
    }

    /** A lower cost is for tests only: they hash many passwords. */
    public Passwords(SecureRandom random, int cost) {
        this.random = random;
        this.cost = cost;
        this.dummy = hash("not-a-real-password-" + random.nextLong());
    }

    /** Why a new password is not good enough, as a text key, or null when it is fine. */
    public static String problem(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "password.too_short";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "password.too_long";
        }
        return null;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    public boolean matches(String password, String storedHash) {
        return verify(password, storedHash == null ? dummy : storedHash) && storedHash != null;
    }

    /**
     * Whether {@code password} is the one {@code storedHash} was made from, at the hash's own cost;
     * false for a null or over-long password and for anything that is not a bcrypt hash.
     */
    public static boolean verify(String password, String storedHash) {
        if (password == null || storedHash == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(storedHash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
