package org.adoptionkiosk.hub.backup;

import org.adoptionkiosk.hub.keys.HubIdentity;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes a backup: one file, {@code hub-backup-<UTC time>.hubbak} in the folder given, holding (as a
 * zip, encrypted as {@link BackupCipher} says) the manifest, every key file of the data folder and
 * the store's dump. It is written to a hidden file beside it, mode 600 from the first byte and
 * encrypted as it is written, and renamed once whole: the folder never holds a part of it under
 * its name, nor anything in clear. The key files must be the store's own ({@link
 * HubIdentity#checkFolder}): a backup whose keys cannot open its enquiries would be no backup.
 */
public final class Backup {
    public static final String SUFFIX = ".hubbak";
    static final String KEYS = "keys/";
    /** The key files' names, as HubIdentity.KEY_FILES globs them: nothing else from the data folder. */
    static final Pattern KEY_FILE = Pattern.compile("hub-[a-z0-9-]+\\.keyset(\\.enc)?\\.json");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * @param dataDir    the hub's data folder, where its key files are
     * @param toDir      the folder the backup goes into; it must be there
     * @param passphrase what the backup is encrypted with
     * @param hubVersion this sync-hub's version, for the manifest
     */
    public record Request(StoreAddress store, Path dataDir, Path toDir, String passphrase, String hubVersion) {
        @Override
        public String toString() {
            return "Backup.Request[" + store + ", " + dataDir + " -> " + toDir + "]";
        }
    }

    /** The backup written: its file, its size, what it holds. */
    public record Written(Path file, long bytes, Manifest manifest) {
        public String summary() {
            return manifest.summary();
        }
    }

    private Backup() {
    }

    public static Written write(Request request, Clock clock, SecureRandom random) throws BackupException {
        HubStore store = HubStore.of(request.store());
        store.checkPrograms(false);
        Path toDir = request.toDir();
        if (!Files.isDirectory(toDir)) {
            throw new BackupException("--to " + toDir + ": no such folder");
        }
        try (Connection c = store.open(false)) {
            String version = HubStore.schemaVersion(c);
            if (version == null) {
                throw new BackupException(store.describe() + " holds no hub tables: nothing to back up");
            }
            String schema = store.schema(c);
            HubIdentity.Fingerprints keys;
            try {
                keys = HubIdentity.checkFolder(c, request.dataDir());
            } catch (HubIdentity.KeysDoNotMatch e) {
                throw new BackupException("the key files are not this store's, and a backup without them could open"
                        + " no enquiry: " + e.getMessage());
            } catch (IOException | GeneralSecurityException e) {
                throw new BackupException("the key files in " + request.dataDir() + " cannot be read: "
                        + e.getMessage(), e);
            }
            List<Path> keyFiles = keyFiles(request.dataDir());
            Instant now = clock.instant();
            Manifest manifest = new Manifest(now, request.hubVersion(), store.kind(), schema, version,
                    HubStore.count(c, "records"), HubStore.count(c, "enquiries"), keys,
                    keyFiles.stream().map(p -> p.getFileName().toString()).toList(),
                    keyFiles.stream().anyMatch(p -> p.getFileName().toString().endsWith(".enc.json")));
            BackupCipher cipher;
            try {
                cipher = BackupCipher.create(request.passphrase(), random);
            } catch (GeneralSecurityException e) {
                throw new BackupException("the backup cipher is not available: " + e.getMessage(), e);
            }
            String stamp = STAMP.format(now);
            Path partial = toDir.resolve(".hub-backup-" + stamp + SUFFIX + ".partial");
            FileChannel ch = create(partial, toDir);
            try {
                long bytes = writeFile(ch, cipher, manifest, keyFiles, store, c, schema, now);
                Path file = freeName(toDir, "hub-backup-" + stamp);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                return new Written(file, bytes, manifest);
            } catch (IOException e) {
                throw new BackupException("the backup could not be written in " + toDir + ": " + reason(e), e);
            } finally {
                deleteQuietly(partial);
            }
        } catch (SQLException e) {
            throw new BackupException(store.describe() + " could not be read: " + HubStore.safeMessage(e), e);
        }
    }

    /** The key files of the data folder, by name. */
    static List<Path> keyFiles(Path dataDir) throws BackupException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir)) {
            for (Path p : files) {
                if (KEY_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new BackupException("the data folder " + dataDir + " cannot be read: " + reason(e), e);
        }
        out.sort(null);
        return out;
    }

    /** The hidden file the backup is written to: mode 600 from the first byte, and new. */
    private static FileChannel create(Path partial, Path toDir) throws BackupException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            return FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs);
        } catch (AccessDeniedException e) {
            throw new BackupException("cannot write in " + toDir + ": permission denied", e);
        } catch (IOException e) {
            throw new BackupException("cannot write in " + toDir + ": " + reason(e), e);
        }
    }

    private static long writeFile(FileChannel ch, BackupCipher cipher, Manifest manifest, List<Path> keyFiles,
                                  HubStore store, Connection c, String schema, Instant now)
            throws IOException, BackupException {
        try (ch) {
            // Closing the archive ends the ciphertext; the channel stays open to be forced to disk.
            OutputStream file = keptOpen(Channels.newOutputStream(ch));
            try (ZipOutputStream zip = new ZipOutputStream(cipher.encrypt(new BufferedOutputStream(file, 1 << 16)))) {
                entry(zip, Manifest.ENTRY, now);
                zip.write(manifest.toJson());
                zip.closeEntry();
                for (Path key : keyFiles) {
                    entry(zip, KEYS + key.getFileName(), now);
                    zip.write(Files.readAllBytes(key));
                    zip.closeEntry();
                }
                entry(zip, store.kind().dumpEntry(), now);
                store.dump(c, schema, keptOpen(zip));
                zip.closeEntry();
            } catch (GeneralSecurityException e) {
                throw new BackupException("the backup cipher is not available: " + e.getMessage(), e);
            }
            ch.force(true);
            return ch.size();
        }
    }

    /** {@code out}, which its user may close without closing {@code out}. */
    private static OutputStream keptOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void entry(ZipOutputStream zip, String name, Instant at) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(FileTime.from(at));
        zip.putNextEntry(e);
    }

    /** {@code base}.hubbak, or with -2, -3, … when a backup of the same second is there. */
    private static Path freeName(Path dir, String base) throws BackupException {
        for (int i = 1; i < 100; i++) {
            Path p = dir.resolve(base + (i == 1 ? "" : "-" + i) + SUFFIX);
            if (!Files.exists(p)) {
                return p;
            }
        }
        throw new BackupException("too many backups named " + base + SUFFIX + " in " + dir);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Encrypted, and hidden: left for the operator.
        }
    }

    /** An I/O failure in a few words: the system's reason where it gives one ("No space left on device"). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
