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
        StringBuilder t = new StringBuilder();
        t.append("| measure | result | goal | met |\n|---|---|---|---|\n");
        if (r.containsKey("drain_rps")) {
            hubRows(t, r);
        } else if (r.containsKey("capture_p99_ms")) {
            captureRow(t, r);
        }
        footprintRows(t, r);
        faninRows(t, r);
        figuresRows(t, r);
        t.append("\nmachine: ").append(r.get("machine"));
        t.append("\nload average (1, 5, 15 min) before: ").append(r.get("load_average_before"))
                .append("; after: ").append(r.get("load_average_after"));
        return t.toString();
    }

    private static void hubRows(StringBuilder t, Map<String, Object> r) {
        double drain = num(r, "drain_rps");
        double wire = num(r, "wire_rps");
        double naive = num(r, "naive_rps");
        double seconds = num(r, "drain_seconds");
        double overWire = num(r, "drain_over_wire");
        double overNaive = num(r, "drain_over_naive");
        long records = (long) num(r, "records");
        row(t, "drain: " + Main.format(records) + " records, outbox → hub commit → ack → synced",
                Main.format(drain) + " records/s (" + fmt(seconds) + " s)",
                records >= 50_000 ? "50,000 in < 2.5 s" : "—",
                records >= 50_000 ? yes(seconds < 2.5) : "n/a");
        long lost = (long) num(r, "wire_lost");
        row(t, "wire: raw Paho, one record per message, QoS 1, no storage", Main.format(wire) + " records/s"
                + (lost > 0 ? " (the broker lost " + lost + " QoS 1 messages)" : ""), "—", "");
        row(t, "naive: one record per message, hub commits each, kiosk waits for each ack ("
                + Main.format(num(r, "naive_records")) + " records)", Main.format(naive) + " records/s", "—", "");
        row(t, "drain / wire", fmt(overWire) + "×", "≥ 2.0×", yes(overWire >= 2.0));
        row(t, "drain / naive", fmt(overNaive) + "×", "≥ 40×", yes(overNaive >= 40.0));
        captureRow(t, r);
    }

    private static void captureRow(StringBuilder t, Map<String, Object> r) {
        double p50 = num(r, "capture_p50_ms");
        double p99 = num(r, "capture_p99_ms");
        row(t, "capture: POST /api/records, 8 concurrent clients (" + Main.format(num(r, "capture_requests"))
                + " requests)", "p50 " + fmt(p50) + " ms, p99 " + fmt(p99) + " ms", "p99 < 10 ms", yes(p99 < 10.0));
    }

    /** The fan-in rows: many kiosks at once into two hubs on Mosquitto and PostgreSQL, against the wire. */
    private static void faninRows(StringBuilder t, Map<String, Object> r) {
        String what = "fanin: " + r.get("fanin_kiosks") + " kiosks draining at once → " + r.get("fanin_hubs")
                + " hubs (Mosquitto, PostgreSQL), commit → signed ack";
        if (r.containsKey("fanin_skipped")) {
            row(t, what, "**skipped**: " + r.get("fanin_skipped"), "≥ 20,000 records/s", "not measured");
            return;
        }
        if (!r.containsKey("fanin_rps")) {
            return;
        }
        double rps = num(r, "fanin_rps");
        row(t, what + " (" + Main.format(num(r, "fanin_records")) + " records)",
                Main.format(rps) + " records/s (" + fmt(num(r, "fanin_seconds")) + " s, "
                        + Main.format(num(r, "fanin_resends")) + " resends on ack timeout)", "≥ 20,000 records/s",
                yes(rps >= 20_000));
        if (r.containsKey("fanin_hub_cpu_seconds")) {
            double k = num(r, "fanin_records") / 1000.0;
            row(t, "fanin CPU while timed, per 1,000 records: hubs / Mosquitto / kiosks (this process)",
                    fmt(num(r, "fanin_hub_cpu_seconds") / k) + " s / " + fmt(num(r, "fanin_broker_cpu_seconds") / k)
                            + " s / " + fmt(num(r, "fanin_kiosks_cpu_seconds") / k) + " s", "—", "");
        }
        if (r.containsKey("fanin_wire_rps")) {
            long lost = (long) num(r, "fanin_wire_lost");
            row(t, "fanin wire: the same records, one per message, QoS 1, raw Paho through the same Mosquitto",
                    Main.format(num(r, "fanin_wire_rps")) + " records/s"
                            + (lost > 0 ? " (the broker dropped " + lost + " QoS 1 messages)" : ""), "—", "");
            row(t, "fanin / wire", fmt(num(r, "fanin_over_wire")) + "×", "—", "");
        }
    }

    /**
     * The figures rows. The goal ("answers in under 50 ms") is judged on the median of the route
     * over HTTP, or of FiguresService when the route was not measured; p99 is shown beside it.
     */
    private static void figuresRows(StringBuilder t, Map<String, Object> r) {
        if (r.containsKey("figures_skipped")) {
            row(t, "figures: GET /api/figures for a business year on PostgreSQL",
                    "**skipped**: " + r.get("figures_skipped"), "< 50 ms", "not measured");
            return;
        }
        if (!r.containsKey("figures_p50_ms")) {
            return;
        }
        String records = Main.format(num(r, "figures_records"));
        String year = Main.format(num(r, "figures_year_records"));
        double p50 = num(r, "figures_p50_ms");
        boolean http = r.containsKey("figures_http_p50_ms");
        double judged = http ? num(r, "figures_http_p50_ms") : p50;
        if (http) {
            row(t, "figures: GET /api/figures for a business year over " + records + " records on PostgreSQL"
                            + " (HTTP, signed in; " + year + " records in the year)",
                    "p50 " + fmt(num(r, "figures_http_p50_ms")) + " ms, p99 " + fmt(num(r, "figures_http_p99_ms"))
                            + " ms", "< 50 ms (p50)", yes(judged < 50.0));
        }
        row(t, "figures: FiguresService.figures(business year), in-process: the route's work after parsing ("
                        + Main.format(num(r, "figures_year_month_rows")) + " figure_months rows in the year)",
                "p50 " + fmt(p50) + " ms, p99 " + fmt(num(r, "figures_p99_ms")) + " ms",
                http ? "—" : "< 50 ms (p50)", http ? "" : yes(judged < 50.0));
        row(t, "figures naive: the same counts by GROUP BY over the records table (" + year + " records in the year)",
                "p50 " + fmt(num(r, "figures_naive_p50_ms")) + " ms, p99 " + fmt(num(r, "figures_naive_p99_ms"))
                        + " ms", "—", "");
        if (r.containsKey("report_ms")) {
            row(t, "report: the board's report on the business year built and rendered as a PDF (p50 of "
                            + FiguresRun.REPORT_CALLS + " calls)", fmt(num(r, "report_ms")) + " ms (building it "
                            + fmt(num(r, "report_build_ms")) + " ms)",
                    "< 2000 ms (p50)", yes(num(r, "report_ms") < 2000.0));
        }
        row(t, "figures speedup: naive / FiguresService (p50)", fmt(num(r, "figures_speedup")) + "×", "—", "");
        row(t, "figures fill: " + records + " records through RecordStore (batches of "
                        + Main.format(FiguresRun.BATCH) + ", figure_counts and enquiry routes in the same transaction)",
                fmt(num(r, "figures_fill_seconds")) + " s (" + Main.format(num(r, "figures_fill_rps"))
                        + " records/s)", "—", "");
    }

    /** The kiosk process as adoption-kiosk.service runs it ({@link FootprintRun}); goals from issue 15. */
    private static void footprintRows(StringBuilder t, Map<String, Object> r) {
        if (r.containsKey("footprint_skipped")) {
            row(t, "footprint: the kiosk process", "**skipped**: " + r.get("footprint_skipped"), "", "not measured");
            return;
        }
        if (!r.containsKey("kiosk_rss_mb")) {
            return;
        }
        double start = num(r, "kiosk_cold_start_ms");
        double rss = num(r, "kiosk_rss_mb");
        row(t, "footprint: kiosk cold start, process start → first /healthz 200 (CDS archive: " + r.get("kiosk_cds")
                + "; without it " + fmt(num(r, "kiosk_cold_start_no_cds_ms")) + " ms)",
                fmt(start) + " ms", "< 1000 ms", yes(start < 1000.0));
        row(t, "footprint: kiosk resident memory (VmRSS) after " + Main.format(num(r, "kiosk_captures"))
                + " captures, all synced", fmt(rss) + " MB (anonymous " + fmt(num(r, "kiosk_rss_anon_mb")) + ", files "
                + fmt(num(r, "kiosk_rss_file_mb")) + ")", "< 110 MB", yes(rss < 110.0));
        row(t, "footprint: the kiosk JVM's view (heap used of committed, metaspace, live threads)",
                fmt(num(r, "kiosk_heap_mb")) + " of " + fmt(num(r, "kiosk_heap_committed_mb")) + " MB, "
                        + fmt(num(r, "kiosk_metaspace_mb")) + " MB, " + Main.format(num(r, "kiosk_threads")),
                "—", "");
    }

    /** /proc/loadavg's first three numbers, or "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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
