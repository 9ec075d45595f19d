package org.adoptionkiosk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The benchmark's table, with each goal and whether this run met it. */
final class Report {
    private Report() {
    }

    static String table(Map<String, Object> r) {
        double drain = num(r, "drain_rps");
        double wire = num(r, "wire_rps");
        double naive = num(r, "naive_rps");
        double seconds = num(r, "drain_seconds");
        double overWire = num(r, "drain_over_wire");
        double overNaive = num(r, "drain_over_naive");
        double p50 = num(r, "capture_p50_ms");
        double p99 = num(r, "capture_p99_ms");
        long records = (long) num(r, "records");
        StringBuilder t = new StringBuilder();
        t.append("| measure | result | goal | met |\n|---|---|---|---|\n");
        row(t, "drain: " + Main.format(records) + " records, outbox → hub commit → ack → synced",
                Main.format(drain) + " records/s (" + fmt(seconds) + " s)",
                records >= 50_000 ? "50,000 in < 5 s" : "—",
                records >= 50_000 ? yes(seconds < 5.0) : "n/a");
        long lost = (long) num(r, "wire_lost");
        row(t, "wire: raw Paho, one record per message, QoS 1, no storage", Main.format(wire) + " records/s"
                + (lost > 0 ? " (the broker lost " + lost + " QoS 1 messages)" : ""), "—", "");
        row(t, "naive: one record per message, hub commits each, kiosk waits for each ack ("
                + Main.format(num(r, "naive_records")) + " records)", Main.format(naive) + " records/s", "—", "");
        row(t, "drain / wire", fmt(overWire) + "×", "≥ 1.0×", yes(overWire >= 1.0));
        row(t, "drain / naive", fmt(overNaive) + "×", "≥ 20×", yes(overNaive >= 20.0));
        row(t, "capture: POST /api/records, 8 concurrent clients (" + Main.format(num(r, "capture_requests"))
                + " requests)", "p50 " + fmt(p50) + " ms, p99 " + fmt(p99) + " ms", "p99 < 15 ms", yes(p99 < 15.0));
        t.append("\nmachine: ").append(r.get("machine"));
        return t.toString();
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux: the JVM's own description below is enough
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private static void row(StringBuilder t, String measure, String result, String goal, String met) {
        t.append("| ").append(measure).append(" | ").append(result).append(" | ").append(goal).append(" | ")
                .append(met).append(" |\n");
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static double num(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
