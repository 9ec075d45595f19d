package org.adoptionkiosk.bench;

import java.nio.file.Path;

/** Benchmark settings from the command line. */
record BenchOptions(int records, int batchSize, int naiveRecords, int captureRequests, Path out) {

    static BenchOptions parse(String[] args) {
        int records = 50_000;
        int batchSize = 500;
        Integer naive = null;
        int capture = 4_000;
        Path out = Path.of("bench", "target", "bench.json");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--records" -> records = positive(arg, value(args, ++i, arg));
                case "--batch-size" -> batchSize = positive(arg, value(args, ++i, arg));
                case "--naive-records" -> naive = positive(arg, value(args, ++i, arg));
                case "--capture-requests" -> capture = positive(arg, value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        // One ack round trip per record: a sample is enough to know its rate, and the whole N
        // would take minutes.
        int naiveRecords = naive != null ? naive : Math.min(records, 2_000);
        return new BenchOptions(records, batchSize, naiveRecords, capture, out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, not '" + value + "'");
    }

    static String usage() {
        return "usage: java -jar bench/target/bench.jar [--records N (50000)] [--batch-size N (500)]"
                + " [--naive-records N (min(N, 2000))] [--capture-requests N (4000)] [--out FILE (bench/target/bench.json)]";
    }
}
