package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.SignatureConfig;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.WireCodec;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The hub's Ed25519 signing keys: every ack and every config the hub sends a kiosk is signed with
 * them, and a kiosk applies nothing it cannot verify against the public half (copied into each
 * kiosk's bundle, beside the public sealing key). Kept beside the sealing keys, the same way.
 *
 * <p>Tink's prefixed variant puts the signing key's id in each signature, so a kiosk holding the
 * public keys of the current and the next signing key verifies both: that is how the key is
 * rotated (see docs/wire-contract.md).
 */
public final class SigningKeys {
    public static final String PRIVATE_FILE = "hub-signing.keyset.json";
    public static final String ENCRYPTED_FILE = "hub-signing.keyset.enc.json";
    /** The public half; a kiosk finds it beside the public sealing key. */
    public static final String PUBLIC_FILE = "hub-signing-public.keyset.json";

    private static final KeyPairFiles FILES = new KeyPairFiles(PRIVATE_FILE, ENCRYPTED_FILE, PUBLIC_FILE);

    private final Path publicKeyFile;
    private final PublicKeySign signer;

    private SigningKeys(Path publicKeyFile, PublicKeySign signer) {
        this.publicKeyFile = publicKeyFile;
        this.signer = signer;
    }

    public static boolean exists(Path dir) {
        return FILES.existIn(dir);
    }

    /**
     * Loads the signing keys from {@code dir}, making them on first start (with a passphrase, the
     * private keyset is stored encrypted, as the sealing keys are).
     */
    public static SigningKeys loadOrCreate(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        SignatureConfig.register();
        KeysetHandle keys = FILES.loadOrCreate(dir, passphrase,
                Ed25519Parameters.create(Ed25519Parameters.Variant.TINK));
        return new SigningKeys(dir.resolve(PUBLIC_FILE),
                keys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class));
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** {@code message} (JSON) as the signed envelope a kiosk verifies, for {@code topic}. */
    public byte[] sign(WireCodec codec, String topic, byte[] message) {
        try {
            return HubSignature.sign(signer, codec, topic, message);
        } catch (GeneralSecurityException e) {
            // Ed25519 signing has no failure of its own: this is a broken key or provider.
            throw new IllegalStateException("the hub could not sign a message: " + e.getMessage(), e);
        }
    }
}
