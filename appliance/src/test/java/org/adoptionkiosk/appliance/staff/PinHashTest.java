package org.adoptionkiosk.appliance.staff;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theRightPinMatchesAndNothingElseDoes() {
        String hash = PinHash.hash("2468", 1_000, RANDOM);
        assertTrue(PinHash.isValidHash(hash), hash);
        assertTrue(hash.startsWith("pbkdf2-sha256$1000$"));
        assertFalse(hash.contains("2468"), "the PIN is not in its hash");
        assertTrue(PinHash.matches("2468", hash));
        assertFalse(PinHash.matches("2469", hash));
        assertFalse(PinHash.matches("", hash));
        assertFalse(PinHash.matches(null, hash));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(PinHash.hash("2468", 1_000, RANDOM), PinHash.hash("2468", 1_000, RANDOM));
    }

    @Test
    void theDefaultIsSlowOnPurpose() {
        String hash = PinHash.hash("135790", PinHash.ITERATIONS, RANDOM);
        assertTrue(hash.startsWith("pbkdf2-sha256$600000$"));
        assertTrue(PinHash.matches("135790", hash));
    }

    @Test
    void pinsAreFourToEightDigitsAndMalformedHashesNeverMatch() {
        assertThrows(IllegalArgumentException.class, () -> PinHash.hash("123", 1_000, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> PinHash.hash("123456789", 1_000, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> PinHash.hash("12a4", 1_000, RANDOM));
        assertFalse(PinHash.isValidHash("2468"));
        assertFalse(PinHash.isValidHash("md5$abc$def"));
        assertFalse(PinHash.matches("2468", "pbkdf2-sha256$1000$short$short"));
    }
}
