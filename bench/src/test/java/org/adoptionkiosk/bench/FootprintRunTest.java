package org.adoptionkiosk.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The footprint phase runs the kiosk with the systemd unit's own options file, read as java reads it. */
class FootprintRunTest {
    @Test
    void theDefaultOptionsAreTheUnitsFile() throws Exception {
        Path file = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."),
                "provisioning", "pi", "etc", FootprintRun.UNIT_OPTIONS);
        List<String> options = FootprintRun.unitOptions();
        assertEquals(FootprintRun.parseOptions(Files.readString(file)), options);
        assertTrue(options.contains("-Xmx64m"), options.toString());
        assertEquals(options, BenchOptions.parse(new String[0]).footprint().jvmOptions());
    }

    @Test
    void optionsAreReadAsTheJavaLauncherReadsAnArgumentFile() {
        assertEquals(List.of("-Xmx64m", "-XX:+UseSerialGC", "-Da=b"),
                FootprintRun.parseOptions("# a comment\n-Xmx64m   # trailing\n\n  -XX:+UseSerialGC -Da=b\n"));
        assertEquals(List.of("-Xmx32m", "-Xss256k"),
                BenchOptions.parse(new String[] {"--footprint-jvm-options", "-Xmx32m  -Xss256k"}).footprint().jvmOptions());
    }

    @Test
    void theKioskMetricsAreSummedByLabel() {
        List<String> text = List.of(
                "# HELP jvm_memory_used_bytes The amount of used memory",
                "jvm_memory_used_bytes{area=\"heap\",id=\"Tenured Gen\"} 1048576.0",
                "jvm_memory_used_bytes{area=\"heap\",id=\"Eden Space\"} 2097152.0",
                "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 4194304.0",
                "jvm_memory_used_bytes_other 9.0",
                "jvm_threads_live_threads 21.0");
        assertEquals(3 * 1048576.0, FootprintRun.sum(text, "jvm_memory_used_bytes", "area=\"heap\""));
        assertEquals(4194304.0, FootprintRun.sum(text, "jvm_memory_used_bytes", "id=\"Metaspace\""));
        assertEquals(21.0, FootprintRun.sum(text, "jvm_threads_live_threads", ""));
    }
}
