package org.adoptionkiosk.appliance.sealing;

import com.google.crypto.tink.PublicKeyVerify;
import org.adoptionkiosk.protocol.HubSignature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The hub's public signing key, which every ack and config must verify against. It lives beside
 * the hub's public sealing key (the same folder, in a bundle or the hub's data folder), so a kiosk
 * started with {@code --hub-key DIR/hub-public.keyset.json} finds it without another option.
 */
public final class HubSigningKey {
    /** The file name, beside the public sealing key. */
    public static final String FILE = "hub-signing-public.keyset.json";

    private HubSigningKey() {
    }

    /** The file beside {@code sealingKeyFile}. */
    public static Path besides(Path sealingKeyFile) {
        Path parent = sealingKeyFile.toAbsolutePath().getParent();
        return parent.resolve(FILE);
    }

    /**
     * @throws HubKeyException naming the file and what to do when it is missing or not a public
     *                         signing keyset
     */
    public static PublicKeyVerify besidesSealingKey(Path sealingKeyFile) {
        Path file = besides(sealingKeyFile);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubKeyException("the hub's public signing key " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): copy " + FILE + " from the hub's data folder (or the kiosk's"
                    + " bundle) beside the hub key");
        }
        try {
            return HubSignature.verifier(json);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new HubKeyException("the hub's public signing key " + file
                    + " is not a Tink JSON public keyset (Ed25519, without secret): " + e.getMessage());
        }
    }
}
