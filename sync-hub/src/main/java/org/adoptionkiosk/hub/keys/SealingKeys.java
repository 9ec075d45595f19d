package org.adoptionkiosk.hub.keys;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * The hub's HPKE key pair. Kiosks seal a visitor's personal details to the public key at capture;
 * only the hub (holding the private keyset) can open them.
 */
public final class SealingKeys {
    public static final String PRIVATE_FILE = "hub-private.keyset.json";
    public static final String PUBLIC_FILE = "hub-public.keyset.json";

    private final Path publicKeyFile;
    private final HybridDecrypt decrypt;

    private SealingKeys(Path publicKeyFile, HybridDecrypt decrypt) {
        this.publicKeyFile = publicKeyFile;
        this.decrypt = decrypt;
    }

    /** Loads the key pair from {@code dir}, making it on first start. */
    public static SealingKeys loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        HybridConfig.register();
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        KeysetHandle privateKeys;
        if (Files.exists(privateFile)) {
            privateKeys = TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(privateFile, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
        } else {
            privateKeys = KeysetHandle.generateNew(HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build());
            writePrivate(privateFile,
                    TinkJsonProtoKeysetFormat.serializeKeyset(privateKeys, InsecureSecretKeyAccess.get()));
        }
        // Rewritten each start so the public file always matches the private keyset.
        String publicJson = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeys.getPublicKeysetHandle());
        if (!Files.exists(publicFile) || !Files.readString(publicFile, StandardCharsets.UTF_8).equals(publicJson)) {
            writeAtomically(publicFile, publicJson);
        }
        return new SealingKeys(publicFile,
                privateKeys.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class));
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /**
     * Opens what a kiosk sealed for record {@code recordId} (the record id is the HPKE context
     * info, so a sealed part cannot be moved to another record).
     */
    public byte[] open(String sealedBase64, UUID recordId) throws GeneralSecurityException {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(sealedBase64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("sealed part is not base64");
        }
        return decrypt.decrypt(ciphertext, recordId.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Created with mode 600 from the first byte, so the secret is never readable by others. */
    private static void writePrivate(Path file, String json) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs);
             Writer w = Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            w.write(json);
            w.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
