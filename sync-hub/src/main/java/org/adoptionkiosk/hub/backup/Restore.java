package org.adoptionkiosk.hub.backup;

import org.adoptionkiosk.hub.keys.HubIdentity;
import org.adoptionkiosk.hub.keys.KeyFiles;
import org.adoptionkiosk.hub.store.DataDirectory;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Brings a hub back from a backup: its key files into the data folder and its dump into an empty
 * store of the same kind. The file is read twice: once whole before anything is changed (a wrong
 * passphrase, a damaged or cut-short file, a store or key files that would be overwritten: each
 * refused, nothing touched), then to load the dump. Afterwards the restored key files are checked
 * against the restored store as a hub's start would check them. The schema is left at the backup's
 * version: the hub's start migrates it (a rollback restores an older one on purpose).
 */
public final class Restore {
    private static final int MAX_KEY_FILE = 1 << 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * @param force replace a store that has tables, and key files that differ from the backup's (kept beside, renamed)
     */
    public record Request(Path from, String passphrase, StoreAddress store, Path dataDir, boolean force) {
        @Override
        public String toString() {
            return "Restore.Request[" + from + " -> " + store + ", " + dataDir + ", force=" + force + "]";
        }
    }

    /**
     * What was restored.
     *
     * @param setAside the key files that were in the data folder and were renamed aside (with --force)
     * @param replaced whether a store that had tables was replaced (with --force)
     */
    public record Restored(Manifest manifest, String store, List<String> setAside, boolean replaced) {
        public String summary() {
            return manifest.summary();
        }
    }

    /** What the first reading found: the manifest, and the key files by name. */
    private record Contents(Manifest manifest, Map<String, byte[]> keys) {
    }

    private Restore() {
    }

    public static Restored run(Request request, Clock clock) throws BackupException {
        Path from = request.from();
        String name = from.getFileName().toString();
        BackupCipher cipher;
        Contents contents;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(from), 1 << 16)) {
            cipher = BackupCipher.open(in, request.passphrase(), name);
            contents = verify(cipher, in, name);
        } catch (NoSuchFileException e) {
            throw new BackupException("--from " + from + ": no such file", e);
        } catch (IOException e) {
            throw new BackupException(from + " cannot be read: " + Backup.reason(e), e);
        }
        Manifest manifest = contents.manifest();
        HubStore store = HubStore.of(request.store());
        if (manifest.store() != store.kind()) {
            throw new BackupException(name + " is a backup of " + manifest.store().title() + ", and this is "
                    + store.kind().title() + ": restore it into " + manifest.store().title()
                    + (manifest.store() == StoreKind.H2 ? " (--data without --jdbc-url)" : " (--jdbc-url jdbc:postgresql:…)"));
        }
        store.checkPrograms(true);
        Path dataDir = request.dataDir();
        List<String> conflicts = keyConflicts(dataDir, contents.keys());
        if (!conflicts.isEmpty() && !request.force()) {
            throw new BackupException(dataDir + " already holds other key files (" + conflicts.get(0) + "): the"
                    + " restore would replace the keys that open what was sealed to them. Move them away first, or"
                    + " give --force, which keeps them beside, renamed *.replaced-<time>");
        }
        if (store.kind() == StoreKind.H2) {
            // Before H2 makes its file there, and the folder with it, open to all.
            makeDataDir(dataDir);
        }
        List<String> setAside;
        boolean replace;
        try (Connection c = store.open(true)) {
            String schema = store.schema(c);
            if (manifest.schema() != null && !manifest.schema().equals(schema)) {
                throw new BackupException(name + " is a backup of the schema " + manifest.schema() + ", and this"
                        + " store's tables go into the schema " + schema + ": give a --jdbc-url with currentSchema="
                        + manifest.schema());
            }
            long relations = store.relations(c, schema);
            if (relations > 0 && !request.force()) {
                throw new BackupException(store.describe() + " is not empty (" + relations + " tables):"
                        + " restore into an empty store, or give --force to replace what is there");
            }
            replace = relations > 0;
            makeDataDir(dataDir);
            setAside = writeKeys(dataDir, contents.keys(), conflicts, clock);
            load(cipher, from, name, store, c, schema, replace);
        } catch (SQLException e) {
            throw new BackupException(store.describe() + " could not be used: " + HubStore.safeMessage(e), e);
        }
        check(manifest, dataDir, store);
        return new Restored(manifest, store.describe(), setAside, replace);
    }

    private static void makeDataDir(Path dataDir) throws BackupException {
        try {
            DataDirectory.createPrivate(dataDir);
        } catch (IOException e) {
            throw new BackupException("cannot make the data folder " + dataDir + ": " + Backup.reason(e), e);
        }
    }

    /** The first reading: the whole file decrypts, and holds a manifest, its key files and a dump. */
    private static Contents verify(BackupCipher cipher, InputStream file, String name) throws BackupException {
        try (InputStream plain = cipher.decrypt(file); ZipInputStream zip = new ZipInputStream(plain)) {
            ZipEntry e = zip.getNextEntry();
            if (e == null || !e.getName().equals(Manifest.ENTRY)) {
                throw new BackupException(name + " is damaged: it does not start with its manifest");
            }
            Manifest manifest = Manifest.fromJson(zip.readNBytes(MAX_KEY_FILE), name);
            Map<String, byte[]> keys = new TreeMap<>();
            boolean dump = false;
            while ((e = zip.getNextEntry()) != null) {
                String entry = e.getName();
                if (entry.startsWith(Backup.KEYS) && Backup.KEY_FILE.matcher(entry.substring(Backup.KEYS.length()))
                        .matches()) {
                    keys.put(entry.substring(Backup.KEYS.length()), zip.readNBytes(MAX_KEY_FILE));
                } else if (entry.equals(manifest.store().dumpEntry()) && !dump) {
                    zip.transferTo(OutputStream.nullOutputStream());
                    dump = true;
                } else {
                    throw new BackupException(name + " holds " + entry + ", which this sync-hub does not know");
                }
            }
            // To the very end: the last segment's tag is what tells a whole file from a cut-short one.
            plain.transferTo(OutputStream.nullOutputStream());
            if (!dump || !keys.keySet().equals(new TreeSet<>(manifest.keyFiles()))) {
                throw new BackupException(name + " is damaged: it does not hold what its manifest lists");
            }
            return new Contents(manifest, keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupException(name + " is damaged or incomplete (it does not decrypt whole): use another"
                    + " backup", e);
        }
    }

    /** The data folder's key files that are not the backup's: other names, or other contents. */
    private static List<String> keyConflicts(Path dataDir, Map<String, byte[]> keys) throws BackupException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return out;
        }
        for (Path p : Backup.keyFiles(dataDir)) {
            String file = p.getFileName().toString();
            byte[] ours = keys.get(file);
            try {
                if (ours == null) {
                    out.add(file + " is not in the backup");
                } else if (!Arrays.equals(ours, Files.readAllBytes(p))) {
                    out.add(file + " differs from the backup's");
                }
            } catch (IOException e) {
                throw new BackupException(p + " cannot be read: " + Backup.reason(e), e);
            }
        }
        return out;
    }

    /** The backup's key files into the data folder, mode 600; what was in the way is renamed aside. */
    private static List<String> writeKeys(Path dataDir, Map<String, byte[]> keys, List<String> conflicts, Clock clock)
            throws BackupException {
        List<String> setAside = new ArrayList<>();
        String stamp = STAMP.format(clock.instant());
        try {
            if (!conflicts.isEmpty()) {
                for (Path p : Backup.keyFiles(dataDir)) {
                    byte[] ours = keys.get(p.getFileName().toString());
                    if (ours == null || !Arrays.equals(ours, Files.readAllBytes(p))) {
                        Path aside = p.resolveSibling(p.getFileName() + ".replaced-" + stamp);
                        Files.move(p, aside);
                        setAside.add(aside.getFileName().toString());
                    }
                }
            }
            for (Map.Entry<String, byte[]> k : keys.entrySet()) {
                Path p = dataDir.resolve(k.getKey());
                if (!Files.exists(p) || !Arrays.equals(k.getValue(), Files.readAllBytes(p))) {
                    KeyFiles.writePrivate(p, k.getValue());
                }
            }
        } catch (AccessDeniedException e) {
            throw new BackupException("cannot write the key files in " + dataDir + ": permission denied", e);
        } catch (IOException e) {
            throw new BackupException("cannot write the key files in " + dataDir + ": " + Backup.reason(e), e);
        }
        return setAside;
    }

    /** The second reading: the dump into the store. */
    private static void load(BackupCipher cipher, Path from, String name, HubStore store, Connection c, String schema,
                             boolean replace) throws BackupException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(from), 1 << 16);
             InputStream plain = cipher.decryptAfterHeader(file);
             ZipInputStream zip = new ZipInputStream(plain)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals(store.kind().dumpEntry())) {
                    store.load(c, schema, new FilterInputStream(zip) {
                        @Override
                        public void close() {
                            // The archive is closed with the file.
                        }
                    }, replace);
                    return;
                }
            }
            throw new BackupException(name + " changed while it was restored: it no longer holds its dump");
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupException(name + " could not be read a second time (" + e.getMessage() + "): "
                    + store.describe() + " may hold part of it; restore again with --force", e);
        }
    }

    /**
     * The restored store is at the backup's schema version (migrating it is the hub's start's
     * business: a rollback restores an older one on purpose), and the key files restored are the
     * ones it was made with.
     */
    private static void check(Manifest manifest, Path dataDir, HubStore store) throws BackupException {
        try (Connection c = store.open(true)) {
            String version = HubStore.schemaVersion(c);
            if (!manifest.schemaVersion().equals(version)) {
                throw new BackupException("the backup was loaded, but " + store.describe() + " is at schema version "
                        + version + ", not the backup's " + manifest.schemaVersion());
            }
            HubIdentity.checkFolder(c, dataDir);
        } catch (HubIdentity.KeysDoNotMatch e) {
            throw new BackupException("the backup was restored, but its key files do not match its store: "
                    + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupException("the backup was restored, but its key files cannot be read: "
                    + firstLine(String.valueOf(e.getMessage())), e);
        } catch (SQLException e) {
            throw new BackupException("the backup was restored, but " + store.describe() + " cannot be read: "
                    + HubStore.safeMessage(e), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
