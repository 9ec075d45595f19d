package org.adoptionkiosk.bench;

import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.protocol.options.HelpOption;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark settings from the command line ({@link Flags}).
 *
 * @param figuresRecords  records the figures phase stores on PostgreSQL; 0 skips the phase
 * @param figuresCalls    measured calls of each figures measure (after {@link #FIGURES_WARMUP} unmeasured ones)
 * @param figuresThreads  threads that store the figures phase's records
 * @param figuresKeep     leave the figures phase's schema in place (for EXPLAIN ANALYZE by hand)
 * @param figuresOnly     run the figures phase alone
 * @param syncWindow      the drain kiosks' {@code --sync-window}; 0 for the kiosk's default
 * @param captureOnly     run the capture phase alone (no wire, drain, naive, footprint, fan-in or figures)
 * @param footprint       the footprint phase's kiosk process ({@link FootprintRun})
 * @param fanin           the fan-in phase's settings
 */
record BenchOptions(int records, int batchSize, int naiveRecords, int captureRequests, Path out,
                    String figuresJdbcUrl, String figuresJdbcUser, String figuresJdbcPassword, int figuresRecords,
                    int figuresCalls, int figuresThreads, boolean figuresKeep, boolean figuresOnly, int syncWindow,
                    boolean captureOnly, FootprintRun.Settings footprint, Fanin fanin) {
    static final String FIGURES_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String FIGURES_JDBC_USER = "postgres";
    static final int FIGURES_RECORDS = 1_000_000;
    static final int FIGURES_WARMUP = 10;

    /**
     * The fan-in phase ({@link FaninRun}).
     *
     * @param kiosks  simulated kiosks draining at once; 0 skips the phase
     * @param records records each kiosk drains
     * @param only    run the fan-in phase alone
     * @param jfr     a folder for each hub's flight recording (and the hubs' and broker's logs), or null
     * @param ackTimeoutMillis how long a kiosk waits for an ack before it sends again (the kiosk's --ack-timeout-ms)
     * @param hubJavaOptions   more options for the hubs' JVMs (after -Xmx1g)
     */
    record Fanin(int kiosks, int records, boolean only, Path jfr, long ackTimeoutMillis, List<String> hubJavaOptions) {
    }

    /** Reads the command line; a wrong one is an IllegalArgumentException with a one-line message. */
    static BenchOptions parse(String[] args) {
        Flags flags = new Flags();
        Cli.parse(Cli.configure(new CommandLine(flags)), args);
        return flags.options();
    }

    /** The benchmark's options as given; {@link #options()} fills in the defaults. */
    static final class Flags {
        @Mixin
        HelpOption help = new HelpOption();

        @Option(names = "--records", paramLabel = "N", converter = Positive.class,
                description = "records each hub phase sends (default 50000)")
        int records = 50_000;

        @Option(names = "--batch-size", paramLabel = "N", converter = Positive.class,
                description = "records per batch in the drain (default 500)")
        int batchSize = 500;

        @Option(names = "--naive-records", paramLabel = "N", converter = Positive.class,
                description = "records of the one-record-per-ack run (default: --records, at most 2000)")
        Integer naiveRecords;

        @Option(names = "--capture-requests", paramLabel = "N", converter = Positive.class,
                description = "POST /api/records calls of the capture phase (default 4000)")
        int captureRequests = 4_000;

        @Option(names = "--out", paramLabel = "FILE", description = "where the results go (default bench/target/bench.json)")
        Path out = Path.of("bench", "target", "bench.json");

        @Option(names = "--figures-records", paramLabel = "N", converter = NotNegative.class,
                description = "records the figures phase stores on PostgreSQL (default 1000000; 0 skips the phase)")
        int figuresRecords = FIGURES_RECORDS;

        @Option(names = "--figures-jdbc-url", paramLabel = "URL",
                description = "the PostgreSQL database of the figures phase (default " + FIGURES_JDBC_URL + ")")
        String figuresJdbcUrl = FIGURES_JDBC_URL;

        @Option(names = "--figures-jdbc-user", paramLabel = "USER", description = "its user (default postgres)")
        String figuresJdbcUser = FIGURES_JDBC_USER;

        @Option(names = "--figures-jdbc-password", paramLabel = "PW", description = "its password (default: none)")
        String figuresJdbcPassword;

        @Option(names = "--figures-calls", paramLabel = "N", converter = Positive.class,
                description = "measured calls of each figures measure, after " + FIGURES_WARMUP + " unmeasured ones "
                        + "(default 50)")
        int figuresCalls = 50;

        @Option(names = "--figures-threads", paramLabel = "N", converter = Positive.class,
                description = "threads that store the figures phase's records (default 2)")
        int figuresThreads = 2;

        @Option(names = "--figures-keep-schema",
                description = "leave the figures phase's schema in place (for EXPLAIN ANALYZE by hand)")
        boolean figuresKeep;

        @Option(names = "--figures-only", description = "run the figures phase alone")
        boolean figuresOnly;

        @Option(names = "--sync-window", paramLabel = "N", converter = Positive.class,
                description = "batches in flight in the drain (default: the kiosk's default)")
        int syncWindow;

        @Option(names = "--capture-only", description = "run the capture phase alone")
        boolean captureOnly;

        @Option(names = "--appliance-jar", paramLabel = "JAR",
                description = "the kiosk jar the footprint phase runs (default appliance/target/appliance.jar; "
                        + "an older one measures a baseline)")
        Path applianceJar = Path.of("appliance", "target", "appliance.jar");

        @Option(names = "--footprint-jvm-options", paramLabel = "OPTS",
                description = "the footprint kiosk's JVM options, space-separated (default: those of "
                        + "adoption-kiosk.service, from provisioning/pi/etc/kiosk.jvm-options)")
        String footprintJvmOptions;

        @Option(names = "--footprint-captures", paramLabel = "N", converter = Positive.class,
                description = "POST /api/records calls to the footprint kiosk before its memory is read (default 1000)")
        int footprintCaptures = 1_000;

        @Option(names = "--footprint-only", description = "run the footprint phase alone")
        boolean footprintOnly;

        @Option(names = "--no-footprint", description = "skip the footprint phase")
        boolean noFootprint;

        @Option(names = "--fanin-kiosks", paramLabel = "N", converter = NotNegative.class,
                description = "simulated kiosks draining at once in the fan-in phase (default 200; 0 skips the phase)")
        int faninKiosks = 200;

        @Option(names = "--fanin-records", paramLabel = "N", converter = Positive.class,
                description = "records each fan-in kiosk drains (default 500)")
        int faninRecords = 500;

        @Option(names = "--fanin-only", description = "run the fan-in phase alone")
        boolean faninOnly;

        @Option(names = "--fanin-jfr", paramLabel = "DIR",
                description = "write a flight recording (JFR, profile settings) of each fan-in hub to DIR, with the "
                        + "hubs' and the broker's logs")
        Path faninJfr;

        @Option(names = "--fanin-ack-timeout-ms", paramLabel = "MS", converter = Positive.class,
                description = "how long a fan-in kiosk waits for an ack before it sends again (default: the kiosk's, "
                        + "10000)")
        int faninAckTimeoutMillis = (int) org.adoptionkiosk.appliance.ApplianceConfig.DEFAULT_ACK_TIMEOUT_MILLIS;

        @Option(names = "--fanin-hub-java-option", paramLabel = "OPT",
                description = "one more option for the fan-in hubs' JVMs, after -Xmx1g (may be given several times)")
        List<String> faninHubJavaOptions = new ArrayList<>();

        BenchOptions options() {
            if (faninOnly && (figuresOnly || captureOnly)) {
                throw new IllegalArgumentException("--fanin-only, --figures-only and --capture-only exclude each other");
            }
            if (captureOnly && figuresOnly) {
                throw new IllegalArgumentException("--capture-only and --figures-only exclude each other");
            }
            if (!figuresJdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--figures-jdbc-url must be a jdbc:postgresql: URL");
            }
            // One ack round trip per record: a sample is enough to know its rate, and the whole N
            // would take minutes.
            int naive = naiveRecords != null ? naiveRecords : Math.min(records, 2_000);
            if (footprintOnly && (figuresOnly || noFootprint || faninOnly || captureOnly)) {
                throw new IllegalArgumentException("--footprint-only cannot be given with --figures-only, --fanin-only, "
                        + "--capture-only or --no-footprint");
            }
            return new BenchOptions(records, batchSize, naive, captureRequests, out, figuresJdbcUrl, figuresJdbcUser,
                    figuresJdbcPassword, figuresRecords, figuresCalls, figuresThreads, figuresKeep, figuresOnly, syncWindow,
                    captureOnly, footprint(), new Fanin(faninKiosks, faninRecords, faninOnly, faninJfr,
                    faninAckTimeoutMillis, List.copyOf(faninHubJavaOptions)));
        }

        private FootprintRun.Settings footprint() {
            if (noFootprint) {
                return new FootprintRun.Settings(applianceJar, List.of(), footprintCaptures, false, false);
            }
            try {
                List<String> jvm = footprintJvmOptions != null ? FootprintRun.parseOptions(footprintJvmOptions)
                        : FootprintRun.unitOptions();
                return new FootprintRun.Settings(applianceJar, jvm, footprintCaptures, footprintOnly, true);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
    }

    /** A whole number of at least 1; 1_000_000 and 1,000,000 read as 1000000. */
    static final class Positive implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1, "a positive whole number");
        }
    }

    /** A whole number of at least 0; 1_000_000 and 1,000,000 read as 1000000. */
    static final class NotNegative implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0, "0 or a positive whole number");
        }
    }

    private static int atLeast(String value, int min, String what) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.TypeConversionException("must be " + what + ", not '" + value + "'");
    }
}
