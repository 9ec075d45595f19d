package org.adoptionkiosk.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark itself works end to end on a small N (its numbers are not judged here). */
class BenchRunIT {
    @Test
    void smallRunDrainsEveryRecordAndReportsEveryKey(@TempDir Path dir) throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--records", "600", "--batch-size", "100",
                "--naive-records", "30", "--capture-requests", "80", "--figures-records", "3000", "--figures-calls", "3",
                "--fanin-kiosks", "3", "--fanin-records", "150", "--out", dir.resolve("bench.json").toString()});
        Map<String, Object> result = Main.run(options, dir);
        for (String key : new String[] {"records", "drain_rps", "drain_seconds", "wire_rps", "naive_rps",
                "capture_p50_ms", "capture_p99_ms", "drain_over_wire", "drain_over_naive", "wire_lost"}) {
            assertTrue(result.containsKey(key), key);
        }
        assertEquals(600, result.get("records"));
        // The figures phase runs small here when PostgreSQL answers (its own check that the figures and
        // the naive GROUP BY agree would have thrown); without PostgreSQL it says it was skipped.
        assertTrue(result.containsKey("figures_p50_ms") || result.containsKey("figures_skipped"), result::toString);
        assertTrue(((Number) result.get("drain_rps")).doubleValue() > 0);
        assertTrue(((Number) result.get("capture_p99_ms")).doubleValue()
                >= ((Number) result.get("capture_p50_ms")).doubleValue());
        // The fan-in phase runs small when Mosquitto and PostgreSQL are here (it throws itself when a
        // record is missing or stored twice), or says why it was skipped.
        assertTrue(result.containsKey("fanin_skipped") || (result.get("fanin_records").equals(450L)
                && result.containsKey("fanin_wire_rps")), result::toString);
        String table = Report.table(result);
        assertTrue(table.contains("drain / naive"), table);
    }

    @Test
    void badOptionsAreRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--records", "many"}));
        assertEquals("--records must be a positive whole number, not 'many'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--fast"}));
    }
}
