package org.adoptionkiosk.hub.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.util.SecretBytes;
import org.adoptionkiosk.hub.keys.PassphraseKdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The encryption of a backup file. The file is a one-line JSON header in clear, then Tink's
 * streaming AEAD (AES-256-GCM-HKDF, 1 MiB segments, every segment authenticated and the last one
 * marked, so a changed or cut-short file never decrypts whole) with the header as associated data:
 *
 * <pre>
 * {"format":"adoption-kiosk-hub-backup/1","kdf":{"name":"scrypt","n":131072,"r":8,"p":1,"salt":"…"},
 *  "cipher":"AES256_GCM_HKDF_1MB","check":"…"}
 * </pre>
 *
 * The key is derived from the passphrase by scrypt ({@link PassphraseKdf}, as the encrypted keysets
 * are): 64 bytes, the first 32 the streaming key, SHA-256 of the other 32 the {@code check}, which
 * tells a wrong passphrase from a damaged file at once and gives away no more than decrypting would.
 */
final class BackupCipher {
    static final String FORMAT = "adoption-kiosk-hub-backup/1";
    private static final String CIPHER = "AES256_GCM_HKDF_1MB";
    private static final int MAX_HEADER = 4096;
    private static final byte[] CHECK_LABEL = "adoption-kiosk hub backup passphrase check"
            .getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] header;
    private final StreamingAead aead;

    private BackupCipher(byte[] header, StreamingAead aead) {
        this.header = header;
        this.aead = aead;
    }

    /** A new file's cipher: a fresh salt, the passphrase's key. */
    static BackupCipher create(String passphrase, SecureRandom random) throws GeneralSecurityException {
        PassphraseKdf kdf = PassphraseKdf.fresh(random);
        byte[] derived = kdf.derive(passphrase, 64);
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            kdf.writeTo(root.putObject("kdf"));
            root.put("cipher", CIPHER);
            root.put("check", Base64.getEncoder().encodeToString(check(derived)));
            byte[] header = (root.toString() + "\n").getBytes(StandardCharsets.UTF_8);
            return new BackupCipher(header, streamingAead(derived));
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Reads the header of a backup file from {@code in} (left at the start of the ciphertext) and
     * checks the passphrase against it.
     *
     * @param name the file, for the messages
     */
    static BackupCipher open(InputStream in, String passphrase, String name) throws IOException, BackupException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0 || line.size() >= MAX_HEADER) {
                throw notABackup(name);
            }
            line.write(b);
        }
        line.write('\n');
        byte[] header = line.toByteArray();
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (IOException e) {
            throw notABackup(name);
        }
        if (root == null || !root.isObject() || !root.path("format").asText().startsWith("adoption-kiosk-hub-backup/")) {
            throw notABackup(name);
        }
        if (!FORMAT.equals(root.path("format").asText()) || !CIPHER.equals(root.path("cipher").asText())) {
            throw new BackupException(name + " is a backup in the format " + root.path("format").asText()
                    + ", which this sync-hub cannot read: restore it with the version that made it, or a later one");
        }
        byte[] expected;
        PassphraseKdf kdf;
        try {
            kdf = PassphraseKdf.readFrom(root.path("kdf"), name);
            expected = Base64.getDecoder().decode(root.path("check").asText());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BackupException(name + " is damaged: its header cannot be read");
        }
        byte[] derived = kdf.derive(passphrase, 64);
        try {
            if (!MessageDigest.isEqual(expected, check(derived))) {
                throw new BackupException("wrong passphrase for " + name);
            }
            return new BackupCipher(header, streamingAead(derived));
        } catch (GeneralSecurityException e) {
            throw new BackupException("the backup cipher is not available: " + e.getMessage(), e);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /** Writes the header to {@code file}; what is written to the stream returned is encrypted after it. */
    OutputStream encrypt(OutputStream file) throws IOException, GeneralSecurityException {
        file.write(header);
        return aead.newEncryptingStream(file, header);
    }

    /**
     * The plain bytes of what follows the header in {@code file}; reading throws an IOException
     * where the file was changed or cut short.
     */
    InputStream decrypt(InputStream file) throws IOException, GeneralSecurityException {
        return aead.newDecryptingStream(file, header);
    }

    /**
     * The plain bytes of a file this cipher was {@link #open opened} from, read again from its start:
     * its header must be the same.
     */
    InputStream decryptAfterHeader(InputStream file) throws IOException, GeneralSecurityException {
        byte[] again = file.readNBytes(header.length);
        if (!Arrays.equals(again, header)) {
            throw new IOException("its header changed");
        }
        return decrypt(file);
    }

    private static BackupException notABackup(String name) {
        return new BackupException(name + " is not a hub backup (its first line is not a backup header)");
    }

    private static byte[] check(byte[] derived) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(CHECK_LABEL);
            sha.update(derived, 32, 32);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    private static StreamingAead streamingAead(byte[] derived) throws GeneralSecurityException {
        StreamingAeadConfig.register();
        byte[] keyBytes = Arrays.copyOf(derived, 32);
        try {
            AesGcmHkdfStreamingKey key = AesGcmHkdfStreamingKey.create(AesGcmHkdfStreamingParameters.builder()
                            .setKeySizeBytes(32)
                            .setDerivedAesGcmKeySizeBytes(32)
                            .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                            .setCiphertextSegmentSizeBytes(1 << 20)
                            .build(),
                    SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()));
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build()
                    .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }
}
