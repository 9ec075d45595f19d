package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.keys.PassphraseKeyset;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's private key encrypted with a passphrase (scrypt + Tink AEAD), and the plain mode kept as it was. */
class PassphraseKeyTest {
    @Test
    void anEncryptedKeyOpensOnlyWithItsPassphrase(@TempDir Path dir) throws Exception {
        SealingKeys made = SealingKeys.loadOrCreate(dir, "a good long passphrase");
        Path encrypted = dir.resolve(SealingKeys.ENCRYPTED_FILE);
        assertTrue(Files.exists(encrypted));
        assertFalse(Files.exists(dir.resolve(SealingKeys.PRIVATE_FILE)), "no plain private key beside it");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(encrypted)));
        String file = Files.readString(encrypted);
        assertTrue(file.contains("\"format\" : \"" + PassphraseKeyset.FORMAT + "\""), file);
        assertTrue(file.contains("\"name\" : \"scrypt\""), file);
        assertTrue(file.contains("encryptedKeyset"), "Tink's encrypted keyset format: " + file);

        UUID id = UUID.randomUUID();
        String sealed = new TestSealer(made.publicKeyFile()).seal(new SealedPersonal("Siân", "sian@example.org",
                null, null, null), id);
        SealingKeys again = SealingKeys.loadOrCreate(dir, "a good long passphrase");
        assertTrue(new String(again.open(sealed, id), StandardCharsets.UTF_8).contains("sian@example.org"));

        GeneralSecurityException wrong = assertThrows(GeneralSecurityException.class,
                () -> SealingKeys.loadOrCreate(dir, "not the passphrase"));
        assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
        GeneralSecurityException none = assertThrows(GeneralSecurityException.class,
                () -> SealingKeys.loadOrCreate(dir, null));
        assertTrue(none.getMessage().contains("HUB_KEY_PASSPHRASE"), none.getMessage());
    }

    @Test
    void thePlainKeyWorksAsBeforeAndRefusesAPassphrase(@TempDir Path dir) throws Exception {
        SealingKeys.loadOrCreate(dir);
        assertTrue(Files.exists(dir.resolve(SealingKeys.PRIVATE_FILE)));
        SealingKeys.loadOrCreate(dir, null);
        assertThrows(GeneralSecurityException.class, () -> SealingKeys.loadOrCreate(dir, "a passphrase"));
    }

    @Test
    void theHubTakesThePassphraseFromAFileOrTheEnvironmentButNeverTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passphrase");
        Files.writeString(file, "from the file\nsecond line ignored\n");
        HubConfig c = HubConfig.parse(new String[] {"--key-passphrase-file", file.toString()}, Map.of());
        assertEquals("from the file", c.keyPassphrase());
        assertFalse(c.toString().contains("from the file"), "never shown");
        assertEquals("from the env", HubConfig.parse(new String[0],
                Map.of(HubConfig.KEY_PASSPHRASE_ENV, "from the env")).keyPassphrase());
        assertThrows(IllegalArgumentException.class, () -> HubConfig.parse(new String[] {"--key-passphrase-file",
                file.toString()}, Map.of(HubConfig.KEY_PASSPHRASE_ENV, "both")));
        assertThrows(IllegalArgumentException.class, () -> HubConfig.parse(new String[] {"--key-passphrase", "x"},
                Map.of()), "no such option: a secret on the command line would show in ps");
        assertThrows(IllegalArgumentException.class, () -> HubConfig.parse(new String[] {"--broker-ca",
                dir.resolve("missing.pem").toString()}, Map.of()));
        assertEquals(null, HubConfig.parse(new String[0], Map.of()).keyPassphrase());
    }
}
