package org.adoptionkiosk.appliance.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Readings from the machine for the status message; absent where the machine has none. */
public final class DeviceHealth {
    /** Where Linux (and so a Raspberry Pi) reports the CPU temperature, in millidegrees. */
    public static final Path PI_THERMAL_ZONE = Path.of("/sys/class/thermal/thermal_zone0/temp");

    private final Path dataDir;
    private final Path thermalZone;

    public DeviceHealth(Path dataDir, Path thermalZone) {
        this.dataDir = dataDir;
        this.thermalZone = thermalZone;
    }

    /** Degrees Celsius, or null when there is no sensor to read. */
    public Double temperatureC() {
        try {
            if (thermalZone == null || !Files.isReadable(thermalZone)) {
                return null;
            }
            String text = Files.readString(thermalZone).trim();
            return Long.parseLong(text) / 1000.0;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Bytes free to this process on the data directory's file system, or null if unknown. */
    public Long diskFreeBytes() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return null;
        }
    }
}
