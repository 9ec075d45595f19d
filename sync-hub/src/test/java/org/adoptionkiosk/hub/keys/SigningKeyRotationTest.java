package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.PublicKeyVerify;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The documented rotation of the hub's signing key, step by step, with the kiosks' side as it
 * really is (a verifier made from the public file it was given): a kiosk that has the new public
 * file before the new key signs never sees a "forged" ack, one that missed it does until it gets
 * the file, and the old key stops counting once retired. Plain and passphrase-encrypted keysets.
 */
class SigningKeyRotationTest {
    private static final WireCodec CODEC = new WireCodec();
    private static final String TOPIC = Topics.ack("kiosk-rotation");
    private static final byte[] ACK = "{\"batchId\":\"b\"}".getBytes(StandardCharsets.UTF_8);

    private static PublicKeyVerify kiosk(Path dir) throws Exception {
        return HubSignature.verifier(Files.readString(dir.resolve(SigningKeys.PUBLIC_FILE)));
    }

    private static byte[] signedByHub(Path dir, String passphrase) throws Exception {
        return SigningKeys.loadOrCreate(dir, passphrase).sign(CODEC, TOPIC, ACK);
    }

    private static boolean verifies(PublicKeyVerify kiosk, byte[] signed) throws Exception {
        try {
            assertArrayEquals(ACK, HubSignature.open(kiosk, CODEC, TOPIC, signed));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "a long passphrase for the hub's keys")
    void rotatingTheSigningKeyLosesNoKioskThatGotTheNewPublicFileInTime(String passphrase, @TempDir Path dir)
            throws Exception {
        byte[] old = signedByHub(dir, passphrase);
        PublicKeyVerify before = kiosk(dir);
        assertTrue(verifies(before, old));

        SigningKeys.addNextKey(dir, passphrase);
        PublicKeyVerify both = kiosk(dir);
        byte[] stillOld = signedByHub(dir, passphrase);
        assertTrue(verifies(before, stillOld), "adding the next key changes nothing a kiosk sees");
        assertTrue(verifies(both, stillOld), "a kiosk with both public keys verifies the current key");
        GeneralSecurityException twice = assertThrows(GeneralSecurityException.class,
                () -> SigningKeys.addNextKey(dir, passphrase));
        assertTrue(twice.getMessage().contains("promote"), twice.getMessage());

        SigningKeys.promoteNextKey(dir, passphrase);
        byte[] fresh = signedByHub(dir, passphrase);
        assertTrue(verifies(both, fresh), "a kiosk given the public file in step 1 verifies the new key");
        assertFalse(verifies(before, fresh), "a kiosk that missed step 1 counts the new key's acks as forged");
        assertTrue(verifies(both, old), "the old key is still held until retired");
        assertThrows(GeneralSecurityException.class, () -> SigningKeys.promoteNextKey(dir, passphrase),
                "nothing left to promote");

        SigningKeys.retireOldKeys(dir, passphrase);
        PublicKeyVerify after = kiosk(dir);
        assertTrue(verifies(after, signedByHub(dir, passphrase)));
        assertFalse(verifies(after, old), "a retired key's signatures no longer verify");
        assertTrue(verifies(both, signedByHub(dir, passphrase)), "kiosks with both keys carry on");
    }
}
