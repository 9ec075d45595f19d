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
    private final KeysetHandle publicKeys;

    private SigningKeys(Path publicKeyFile, PublicKeySign signer, KeysetHandle publicKeys) {
        this.publicKeyFile = publicKeyFile;
        this.signer = signer;
        this.publicKeys = publicKeys;
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
                keys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class), keys.getPublicKeysetHandle());
    }

    /** The private keyset's file name in {@code dir}: the encrypted one when it is there. */
    public static String privateFileIn(Path dir) {
        return FILES.privateFileIn(dir);
    }

    /** SHA-256 of the public keyset (hex): what the store remembers of these keys. */
    public String fingerprint() {
        return KeyFingerprint.of(publicKeys);
    }

    /** The public keyset as Tink JSON (no secret in it): the store keeps it to follow a rotation. */
    public String publicKeysetJson() throws GeneralSecurityException {
        return KeyFingerprint.json(publicKeys);
    }

    /**
     * Whether these keys are a rotation step from {@code earlierJson} (a public keyset this hub signed
     * with): they hold its primary key, the same id and the same public key. A keyset made apart from
     * it never does.
     */
    public boolean follows(String earlierJson) throws GeneralSecurityException {
        return KeyFingerprint.holdsPrimaryOf(publicKeys, earlierJson);
    }

    /**
     * Rotation, step 1: adds a new signing key beside the current one, not yet used to sign; the
     * public file then holds both, for every kiosk to get before step 2.
     *
     * @throws GeneralSecurityException when a next key is already there (promote it first)
     */
    public static void addNextKey(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        SignatureConfig.register();
        FILES.rewrite(dir, passphrase, keys -> {
            if (keys.size() > 1) {
                throw new GeneralSecurityException(keys.getAt(0).isPrimary()
                        ? "the signing keyset already holds a next key: promote it first"
                        : "the signing keyset still holds the old key: retire it first (signing-key retire-old)");
            }
            return KeysetHandle.newBuilder(keys)
                    .addEntry(KeysetHandle.generateEntryFromParameters(
                            Ed25519Parameters.create(Ed25519Parameters.Variant.TINK)).withRandomId())
                    .build();
        });
    }

    /** Rotation, step 2: the next key signs from the hub's next start on; the old one is still held. */
    public static void promoteNextKey(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        SignatureConfig.register();
        FILES.rewrite(dir, passphrase, keys -> {
            if (keys.size() != 2 || !keys.getAt(0).isPrimary()) {
                throw new GeneralSecurityException("there is no next signing key to promote (add one first)");
            }
            KeysetHandle.Builder b = KeysetHandle.newBuilder(keys);
            b.getAt(1).makePrimary();
            return b.build();
        });
    }

    /** Rotation, step 3: removes every key but the one that signs; kiosks need only its public half. */
    public static void retireOldKeys(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        SignatureConfig.register();
        FILES.rewrite(dir, passphrase, keys -> {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(keys);
            for (int i = b.size() - 1; i >= 0; i--) {
                if (!b.getAt(i).isPrimary()) {
                    b.deleteAt(i);
                }
            }
            return b.build();
        });
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
