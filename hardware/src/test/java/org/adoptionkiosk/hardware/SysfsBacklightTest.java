package org.adoptionkiosk.hardware;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class SysfsBacklightTest {
    @TempDir
    Path sys;

    @Test
    void withoutABacklightItSaysSoAndWakingDoesNothing() throws Exception {
        SysfsBacklight screen = new SysfsBacklight(sys);
        assertFalse(screen.available());
        screen.wake();
        assertTrue(screen.toString().startsWith("no writable backlight under "), screen.toString());
        try (var files = Files.walk(sys)) {
            assertEquals(1, files.count(), "nothing created");
        }
    }

    @Test
    void wakingPowersOnEveryBacklight() throws Exception {
        Path dsi = backlight("10-0045", "4\n");
        Path other = backlight("rpi_backlight", "0\n");
        Files.createDirectories(sys.resolve("class/backlight/no-power-control")); // ignored
        SysfsBacklight screen = new SysfsBacklight(sys);

        assertTrue(screen.available());
        assertEquals(List.of(dsi, other), screen.controls());
        screen.wake();
        assertEquals("0", Files.readString(dsi).trim());
        assertEquals("0", Files.readString(other).trim());
    }

    @Test
    void aBacklightItMayNotWriteDoesNotCount() throws Exception {
        Path control = backlight("10-0045", "4\n");
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("r--r--r--"));
        assumeFalse(Files.isWritable(control), "running as root: every file is writable");
        SysfsBacklight screen = new SysfsBacklight(sys);
        assertFalse(screen.available());
        screen.wake();
        assertEquals("4", Files.readString(control).trim());
    }

    @Test
    void noneIsNeverAvailable() {
        assertFalse(Screen.NONE.available());
        Screen.NONE.wake();
    }

    private Path backlight(String device, String power) throws Exception {
        Path dir = Files.createDirectories(sys.resolve("class/backlight").resolve(device));
        return Files.writeString(dir.resolve("bl_power"), power);
    }
}
