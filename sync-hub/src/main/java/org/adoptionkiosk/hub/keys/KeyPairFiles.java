package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * One of the hub's key pairs on disk: the private keyset (plain, mode 600, or encrypted with the
 * key passphrase) and its public half beside it, made on first start. The sealing keys and the
 * signing keys are both kept this way.
 *
 * @param privateFile   the plain private keyset's file name
 * @param encryptedFile the passphrase-encrypted private keyset's file name
 * @param publicFile    the public keyset's file name
 */
record KeyPairFiles(String privateFile, String encryptedFile, String publicFile) {

    boolean existIn(Path dir) {
        return Files.exists(dir.resolve(privateFile)) || Files.exists(dir.resolve(encryptedFile));
    }

    /** The private keyset's file name in {@code dir}: the encrypted one when it is there, else the plain one. */
    String privateFileIn(Path dir) {
        return Files.exists(dir.resolve(encryptedFile)) ? encryptedFile : privateFile;
    }

    /**
     * The private keyset in {@code dir}, made from {@code parameters} when there is none; the
     * public file is rewritten whenever it does not match, so it always belongs to the private one.
     *
     * @param passphrase null for the plain file
     * @throws GeneralSecurityException when the key is encrypted and no or the wrong passphrase is
     *                                  given, or a passphrase is given for a plain key
     */
    KeysetHandle loadOrCreate(Path dir, String passphrase, Parameters parameters)
            throws IOException, GeneralSecurityException {
        KeysetHandle keys;
        if (existIn(dir)) {
            keys = load(dir, passphrase);
        } else {
            keys = KeysetHandle.generateNew(parameters);
            writePrivate(dir, passphrase, keys);
        }
        writePublic(dir, keys);
        return keys;
    }

    /** The private keyset in {@code dir}, which must be there. */
    private KeysetHandle load(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        checkOneFile(dir, passphrase);
        Path encrypted = dir.resolve(encryptedFile);
        if (passphrase != null && Files.exists(encrypted)) {
            return readEncrypted(encrypted, passphrase);
        }
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(dir.resolve(privateFile), StandardCharsets.UTF_8),
                InsecureSecretKeyAccess.get());
    }

    /**
     * Replaces the private keyset in {@code dir} by {@code change} of it (a key rotation step), and
     * its public half with it. The private file is replaced whole or not at all.
     */
    KeysetHandle rewrite(Path dir, String passphrase, KeysetChange change) throws IOException, GeneralSecurityException {
        if (!existIn(dir)) {
            throw new GeneralSecurityException("no " + privateFile + " or " + encryptedFile + " in " + dir);
        }
        KeysetHandle keys = change.apply(load(dir, passphrase));
        writePrivate(dir, passphrase, keys);
        writePublic(dir, keys);
        return keys;
    }

    /** One step of a key rotation. */
    @FunctionalInterface
    interface KeysetChange {
        KeysetHandle apply(KeysetHandle keys) throws GeneralSecurityException;
    }

    private void checkOneFile(Path dir, String passphrase) throws GeneralSecurityException {
        Path plain = dir.resolve(privateFile);
        Path encrypted = dir.resolve(encryptedFile);
        if (Files.exists(plain) && Files.exists(encrypted)) {
            throw new GeneralSecurityException(dir + " holds both " + privateFile + " and " + encryptedFile
                    + ": keep only one");
        }
        if (passphrase == null && Files.exists(encrypted)) {
            throw new GeneralSecurityException(encryptedFile + " is encrypted: give --key-passphrase-file or "
                    + "HUB_KEY_PASSPHRASE");
        }
        if (passphrase != null && Files.exists(plain)) {
            throw new GeneralSecurityException(privateFile + " is not encrypted, but a key passphrase was given");
        }
    }

    private KeysetHandle readEncrypted(Path encrypted, String passphrase) throws IOException, GeneralSecurityException {
        try {
            return PassphraseKeyset.decrypt(Files.readString(encrypted, StandardCharsets.UTF_8), passphrase);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(encryptedFile + ": " + e.getMessage());
        }
    }

    private void writePrivate(Path dir, String passphrase, KeysetHandle keys) throws IOException, GeneralSecurityException {
        if (passphrase != null) {
            KeyFiles.writePrivate(dir.resolve(encryptedFile), PassphraseKeyset.encrypt(keys, passphrase, new SecureRandom()));
        } else {
            KeyFiles.writePrivate(dir.resolve(privateFile),
                    TinkJsonProtoKeysetFormat.serializeKeyset(keys, InsecureSecretKeyAccess.get()));
        }
    }

    /** The public file always belongs to the private keyset: rewritten whenever it does not match. */
    private void writePublic(Path dir, KeysetHandle keys) throws IOException, GeneralSecurityException {
        Path publicPath = dir.resolve(publicFile);
        String publicJson = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keys.getPublicKeysetHandle());
        if (!Files.exists(publicPath) || !Files.readString(publicPath, StandardCharsets.UTF_8).equals(publicJson)) {
            KeyFiles.writeAtomically(publicPath, publicJson);
        }
    }
}
