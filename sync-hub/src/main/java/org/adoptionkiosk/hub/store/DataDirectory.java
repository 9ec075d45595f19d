package org.adoptionkiosk.hub.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The hub's data directory: keys, the H2 store, dead letters. */
public final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * A new data directory is made readable by the hub's user only: dead letters keep raw payloads,
     * which may hold personal data. An existing one is left as the operator set it.
     */
    public static void createPrivate(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

}
