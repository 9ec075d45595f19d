package org.adoptionkiosk.hardware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Wakes the display through Linux's backlight class: writes {@code 0} (powered on) to every
 * writable {@code class/backlight/*}{@code /bl_power} under the sysfs root. The official
 * Raspberry Pi touchscreens (DSI) have one; HDMI screens do not, and then this does nothing and
 * {@link #available()} says so.
 *
 * <p>The files are looked up on every call rather than once: a display can appear after the
 * kiosk starts (a late driver, a permission fixed by udev), and a listing is cheap next to a
 * person walking past.
 */
public final class SysfsBacklight implements Screen {
    private static final Logger log = LoggerFactory.getLogger(SysfsBacklight.class);
    private static final String POWER_ON = "0";

    private final Path backlights;
    // A failing write repeats on every motion; say so once, not hundreds of times a day.
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param sysfsRoot {@code /sys} on a real machine, a temporary directory in tests */
    public SysfsBacklight(Path sysfsRoot) {
        this.backlights = sysfsRoot.resolve("class").resolve("backlight");
    }

    /** The machine's own {@code /sys}. */
    public static SysfsBacklight system() {
        return new SysfsBacklight(Path.of("/sys"));
    }

    /** The {@code bl_power} files this kiosk may write, in name order; empty when there are none. */
    public List<Path> controls() {
        if (!Files.isDirectory(backlights)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(backlights)) {
            return entries.map(device -> device.resolve("bl_power"))
                    .filter(file -> Files.isRegularFile(file) && Files.isWritable(file))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public boolean available() {
        return !controls().isEmpty();
    }

    @Override
    public void wake() {
        for (Path control : controls()) {
            try {
                // Skip the write when already on: some drivers redo the panel's power sequence on every write.
                if (!POWER_ON.equals(Files.readString(control, StandardCharsets.US_ASCII).trim())) {
                    Files.writeString(control, POWER_ON, StandardCharsets.US_ASCII,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                if (warned.compareAndSet(false, true)) {
                    log.warn("Could not wake the display through {}: {}", control, e.toString());
                }
            }
        }
    }

    @Override
    public String toString() {
        List<Path> controls = controls();
        return controls.isEmpty() ? "no writable backlight under " + backlights : "backlight " + controls;
    }
}
