package org.adoptionkiosk.provisioning;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writing the tool's files: each is written whole to a temporary file beside it (a hidden, unique
 * name) with its final mode from the first byte (so a secret is never readable by others, even for
 * a moment), then moved into place with one rename, so a reader sees the old file or the new one,
 * never a part. A write that fails removes its temporary file. Folders are built the same way:
 * in a staging folder beside their place, moved into place when complete.
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
        Path tmp = stage(file, bytes, mode);
        try {
            publish(tmp, file);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Writes {@code bytes} whole (and synced) to a new temporary file beside {@code file}, with
     * {@code mode}; {@link #publish} puts it in place. Nothing is left when writing fails.
     *
     * @return the temporary file
     */
    static Path stage(Path file, byte[] bytes, String mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        Path tmp = POSIX ? Files.createTempFile(dir, prefix, ".tmp", permissions(mode))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
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
            return tmp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Puts a staged file in place: one rename within its folder, replacing the old file at once. */
    static void publish(Path staged, Path file) throws IOException {
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A copy of {@code from} at {@code to}, with the same mode, written as {@link #write} writes. */
    static void copy(Path from, Path to) throws IOException {
        String mode = POSIX ? PosixFilePermissions.toString(Files.getPosixFilePermissions(from)) : PRIVATE;
        write(to, Files.readAllBytes(from), mode);
    }

    /**
     * A new empty folder (mode rwx------) beside {@code target}, named {@code .NAME.tmp-…}, in which
     * {@code target} is built before {@link #moveInto} puts it in place. The parent must exist.
     */
    static Path stagingDirectory(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".tmp-";
        Path dir;
        try {
            dir = POSIX ? Files.createTempDirectory(parent, prefix, permissions(PRIVATE_DIR))
                    : Files.createTempDirectory(parent, prefix);
        } catch (FileSystemException e) {
            // Said of the folder the operator named, not of the staging folder's random name.
            FileSystemException f = new FileSystemException(String.valueOf(parent), null,
                    "no folder can be made in it");
            f.initCause(e);
            throw f;
        }
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(PRIVATE_DIR));
        }
        return dir;
    }

    /**
     * Moves a finished file or folder into place with one rename (from beside it, so on the same
     * file system): it appears whole or not at all. Never replaces anything.
     */
    static void moveInto(Path staged, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Makes {@code dir} and its missing parents, and adds to {@code undo} the removal of each one
     * made here (only those: a folder that was there before is never removed).
     */
    static void directories(Path dir, Undo undo) throws IOException {
        List<Path> missing = new ArrayList<>();
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            missing.add(p);
            p = p.getParent();
        }
        if (p != null && !Files.isDirectory(p)) {
            throw new NotDirectoryException(p.toString());
        }
        Collections.reverse(missing);
        for (Path m : missing) {
            Files.createDirectory(m);
            undo.add(() -> Files.deleteIfExists(m));
        }
    }

    /** Removes a file, or a folder with everything in it (links are removed, never followed). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the caller reports the failure that brought it here.
        }
    }

    private static FileAttribute<?> permissions(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
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
