package org.adoptionkiosk.provisioning;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Writing the tool's files: each is written whole to a temporary file with its final mode from the
 * first byte (so a secret is never readable by others, even for a moment), then moved into place.
 */
final class FileModes {
    static final String PRIVATE = "rw-------";
    static final String GROUP_READ = "rw-r-----";
    static final String PUBLIC = "rw-r--r--";
    static final String PRIVATE_DIR = "rwx------";
    static final String GROUP_DIR = "rwxr-x---";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private FileModes() {
    }

    static void write(Path file, String text, String mode) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    static void write(Path file, byte[] bytes, String mode) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attrs)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        if (POSIX) {
            // The umask may have taken bits away from the mode asked for.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void directory(Path dir, String mode) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        }
    }

    /**
     * Gives the file to {@code group} (the broker's user's group, so Mosquitto can read it after it
     * drops root). Only root may do that for another group; otherwise the file keeps its group and
     * the caller says so.
     *
     * @return false when the group could not be set
     */
    static boolean group(Path file, String group) {
        if (!POSIX || group == null) {
            return false;
        }
        try {
            GroupPrincipal g = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(g);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
