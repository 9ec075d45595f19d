package org.adoptionkiosk.bench;

import java.nio.file.Path;

/**
 * Benchmark settings from the command line.
 *
 * @param figuresRecords  records the figures phase stores on PostgreSQL; 0 skips the phase
 * @param figuresCalls    measured calls of each figures measure (after {@link #FIGURES_WARMUP} unmeasured ones)
 * @param figuresThreads  threads that store the figures phase's records
 * @param figuresKeep     leave the figures phase's schema in place (for EXPLAIN ANALYZE by hand)
 * @param figuresOnly     run the figures phase alone
 */
record BenchOptions(int records, int batchSize, int naiveRecords, int captureRequests, Path out,
                    String figuresJdbcUrl, String figuresJdbcUser, String figuresJdbcPassword, int figuresRecords,
                    int figuresCalls, int figuresThreads, boolean figuresKeep, boolean figuresOnly) {
    static final String FIGURES_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String FIGURES_JDBC_USER = "postgres";
    static final int FIGURES_RECORDS = 1_000_000;
    static final int FIGURES_WARMUP = 10;

    static BenchOptions parse(String[] args) {
        int records = 50_000;
        int batchSize = 500;
        Integer naive = null;
        int capture = 4_000;
        Path out = Path.of("bench", "target", "bench.json");
        String figuresUrl = FIGURES_JDBC_URL;
        String figuresUser = FIGURES_JDBC_USER;
        String figuresPassword = null;
        int figuresRecords = FIGURES_RECORDS;
        int figuresCalls = 50;
        int figuresThreads = 2;
        boolean figuresKeep = false;
        boolean figuresOnly = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--records" -> records = positive(arg, value(args, ++i, arg));
                case "--batch-size" -> batchSize = positive(arg, value(args, ++i, arg));
                case "--naive-records" -> naive = positive(arg, value(args, ++i, arg));
                case "--capture-requests" -> capture = positive(arg, value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--figures-jdbc-url" -> figuresUrl = postgresUrl(arg, value(args, ++i, arg));
                case "--figures-jdbc-user" -> figuresUser = value(args, ++i, arg);
                case "--figures-jdbc-password" -> figuresPassword = value(args, ++i, arg);
                case "--figures-records" -> figuresRecords = notNegative(arg, value(args, ++i, arg));
                case "--figures-calls" -> figuresCalls = positive(arg, value(args, ++i, arg));
                case "--figures-threads" -> figuresThreads = positive(arg, value(args, ++i, arg));
                case "--figures-keep-schema" -> figuresKeep = true;
                case "--figures-only" -> figuresOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        // One ack round trip per record: a sample is enough to know its rate, and the whole N
        // would take minutes.
        int naiveRecords = naive != null ? naive : Math.min(records, 2_000);
        return new BenchOptions(records, batchSize, naiveRecords, capture, out, figuresUrl, figuresUser,
                figuresPassword, figuresRecords, figuresCalls, figuresThreads, figuresKeep, figuresOnly);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value) {
        return atLeast(option, value, 1, "a positive whole number");
    }

    private static int notNegative(String option, String value) {
        return atLeast(option, value, 0, "0 or a positive whole number");
    }

    /** A whole number (1_000_000 and 1,000,000 read as 1000000) of at least {@code min}. */
    private static int atLeast(String option, String value, int min, String what) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be " + what + ", not '" + value + "'");
    }

    private static String postgresUrl(String option, String value) {
        if (!value.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(option + " must be a jdbc:postgresql: URL");
        }
        return value;
    }

    static String usage() {
        return "usage: java -jar bench/target/bench.jar [--records N (50000)] [--batch-size N (500)]"
                + " [--naive-records N (min(N, 2000))] [--capture-requests N (4000)] [--out FILE (bench/target/bench.json)]"
                + "\n       [--figures-records N (1000000; 0 skips)] [--figures-jdbc-url URL (" + FIGURES_JDBC_URL + ")]"
                + " [--figures-jdbc-user USER (postgres)] [--figures-jdbc-password PASSWORD]"
                + "\n       [--figures-calls N (50)] [--figures-threads N (2)] [--figures-keep-schema] [--figures-only]";
    }
}
