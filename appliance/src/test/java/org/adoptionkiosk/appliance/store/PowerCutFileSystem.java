package org.adoptionkiosk.appliance.store;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An H2 file system ({@code jdbc:h2:powercut:…}) that keeps, beside each file, the image a power
 * cut would leave: what the file held at its last {@code force}. Writes reach the real file (the
 * operating system's cache, which a killed process keeps) at once; the image ({@code NAME.forced})
 * moves only when H2 forces the file to the device.
 */
public final class PowerCutFileSystem extends FilePathWrapper {
    static final String SCHEME = "powercut";
    private static final Object IMAGES = new Object();

    /** H2 makes a new one for each path, by reflection. */
    public PowerCutFileSystem() {
    }

    static void register() {
        FilePath.register(new PowerCutFileSystem());
    }

    /** The file as a power cut now would leave it, copied to {@code to}; an empty file if never forced. */
    static void powerCutImage(Path file, Path to) throws IOException {
        synchronized (IMAGES) {
            Path image = imageOf(file);
            if (Files.exists(image)) {
                Files.copy(image, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.write(to, new byte[0]);
            }
        }
    }

    private static Path imageOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".forced");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        String name = getBase().toString();
        return new Forcing(getBase().open(mode), Path.of(name.startsWith("file:") ? name.substring(5) : name));
    }

    private static final class Forcing extends FileBase {
        private final FileChannel channel;
        private final Path file;

        Forcing(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            channel.force(metaData);
            synchronized (IMAGES) {
                Files.copy(file, imageOf(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
