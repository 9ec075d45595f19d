package org.adoptionkiosk.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.adoptionkiosk.appliance.Appliance;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.hub.Hub;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.broker.EmbeddedBroker;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.options.Cli;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The benchmark: in one process, on one embedded broker, measures how fast a kiosk's outbox
 * drains to the hub against the raw wire limit and against the naive one-record-per-ack design,
 * and the kiosk's capture latency; then, on PostgreSQL, the national figures over a million stored
 * records against the naive GROUP BY (see {@link FiguresRun}). Prints a table and writes bench.json.
 */
@Command(name = "java -jar bench.jar", description = {"The benchmark: in one process, on one embedded broker, how fast "
        + "a kiosk's outbox drains to the hub against the raw wire limit and the naive one-record-per-ack design, and "
        + "the kiosk's capture latency; then, on PostgreSQL, the national figures over many stored records against "
        + "the naive GROUP BY. Prints a table and writes --out."})
public final class Main implements Callable<Integer> {
    @Mixin
    BenchOptions.Flags flags = new BenchOptions.Flags();
    @Spec
    CommandSpec spec;

    private Main() {
    }

    public static void main(String[] args) {
        Cli.useLogConfiguration("bench-logback.xml");
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The benchmark's command line. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = Cli.configure(new CommandLine(new Main()));
        return Cli.report(cl, "bench", out, err, line -> line);
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = Cli.orMisuse(spec, flags::options);
        Path work = Files.createTempDirectory("kiosk-bench");
        try {
            Map<String, Object> result = run(options, work);
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().toFile(), result);
            System.out.println(Report.table(result));
            System.out.println("written: " + options.out());
            return Cli.OK;
        } finally {
            deleteTree(work);
        }
    }

    static Map<String, Object> run(BenchOptions options, Path work) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", options.records());
        result.put("batch_size", options.batchSize());
        result.put("sync_window", options.syncWindow() > 0 ? options.syncWindow() : ApplianceConfig.DEFAULT_SYNC_WINDOW);
        result.put("machine", Report.machine());
        result.put("load_average_before", Report.loadAverage());
        if (options.captureOnly()) {
            capturePhaseAlone(options, work, result);
            result.put("load_average_after", Report.loadAverage());
            return result;
        }
        boolean faninOnly = options.fanin().only();
        boolean footprintOnly = options.footprint().only();
        if (!options.figuresOnly() && !faninOnly && !footprintOnly) {
            hubPhases(options, work, result);
        }
        if (!options.figuresOnly() && !faninOnly) {
            FootprintRun.run(options.footprint(), work, result);
        }
        if (!options.figuresOnly() && !footprintOnly) {
            System.out.println("fanin: " + options.fanin().kiosks() + " kiosks × " + options.fanin().records()
                    + " records into " + FaninRun.HUBS + " hubs on Mosquitto and PostgreSQL…");
            FaninRun.run(options, work, result);
        }
        if (!faninOnly && !footprintOnly) {
            System.out.println("figures: GET /api/figures over " + Main.format(options.figuresRecords())
                    + " records on PostgreSQL…");
            FiguresRun.run(options, work, result);
        }
        result.put("load_average_after", Report.loadAverage());
        return result;
    }

    /** drain, wire, naive and capture: one embedded broker, a hub on H2, kiosks in this process. */
    private static void hubPhases(BenchOptions options, Path work, Map<String, Object> result) throws Exception {
        try (Hub hub = Hub.start(HubConfig.parse(new String[] {"--http-port", "0", "--mqtt-port", "0",
                "--data", work.resolve("hub").toString()}, Map.of()))) {
            VisitorMix visitors = new VisitorMix();

            System.out.println("wire: " + options.records() + " records, one per message, QoS 1…");
            List<byte[]> payloads = visitors.wirePayloads(options.records(), hub.publicKeyFile());
            WireRun.Result wire = wire(work, payloads);
            result.put("wire_rps", round(wire.delivered() / wire.seconds()));
            result.put("wire_lost", options.records() - wire.delivered());

            // Untimed warm-up of the same path, so the JIT has compiled it before the clock starts.
            int warmup = Math.max(1, Math.min(5_000, options.records() / 5));
            System.out.println("warm-up: draining " + warmup + " records (not measured)…");
            drain(hub, work, "bench-warmup", warmup, options.batchSize(), options.syncWindow(), visitors);

            System.out.println("drain: filling the outbox with " + options.records() + " records…");
            double drainSeconds = drain(hub, work, "bench-drain", options.records(), options.batchSize(),
                    options.syncWindow(), visitors);
            result.put("drain_rps", round(options.records() / drainSeconds));
            result.put("drain_seconds", round3(drainSeconds));

            System.out.println("naive: " + options.naiveRecords() + " records, one per batch, one ack each…");
            double naiveSeconds = drain(hub, work, "bench-naive", options.naiveRecords(), 1, 1,
                    visitors); // one record per message, each waiting for its ack: no window
            result.put("naive_records", options.naiveRecords());
            result.put("naive_rps", round(options.naiveRecords() / naiveSeconds));

            capturePhase(options, hub, work, visitors, result);
        }
        double drain = ((Number) result.get("drain_rps")).doubleValue();
        result.put("drain_over_wire", round3(drain / ((Number) result.get("wire_rps")).doubleValue()));
        result.put("drain_over_naive", round3(drain / ((Number) result.get("naive_rps")).doubleValue()));
    }

    /** The capture phase on a hub of its own (--capture-only): what a capture's latency is tuned with. */
    private static void capturePhaseAlone(BenchOptions options, Path work, Map<String, Object> result)
            throws Exception {
        try (Hub hub = Hub.start(HubConfig.parse(new String[] {"--http-port", "0", "--mqtt-port", "0",
                "--data", work.resolve("hub").toString()}, Map.of()))) {
            capturePhase(options, hub, work, new VisitorMix(), result);
        }
    }

    private static void capturePhase(BenchOptions options, Hub hub, Path work, VisitorMix visitors,
                                     Map<String, Object> result) throws Exception {
        System.out.println("capture: " + options.captureRequests() + " POST /api/records, 8 clients…");
        try (Appliance kiosk = kiosk(hub, work, "bench-capture", options.batchSize(), 0, false, null)) {
            CaptureRun.Latency latency = CaptureRun.run(kiosk.httpPort(), options.captureRequests(), 8, visitors);
            result.put("capture_p50_ms", round3(latency.p50Millis()));
            result.put("capture_p99_ms", round3(latency.p99Millis()));
            result.put("capture_requests", options.captureRequests());
        }
    }

    /**
     * The wire phase's broker: the embedded broker as the hub runs it (same settings, same closed
     * access: a device with its bcrypt-hashed password, the ACL checked on every publish), but its
     * own, because on the hub's broker a device may write only its records, which the hub would
     * ingest. The publisher is the device {@code bench-wire} writing its records topic; the
     * subscriber is the broker's hub user reading it, as the hub does.
     */
    private static WireRun.Result wire(Path work, List<byte[]> payloads) throws Exception {
        SecureRandom random = new SecureRandom();
        String device = "bench-wire";
        String devicePassword = BrokerAccess.newPassword(random);
        String hash = new Passwords(random).hash(devicePassword);
        String hubPassword = BrokerAccess.newPassword(random);
        BrokerAccess access = new BrokerAccess(hubPassword,
                d -> d.equals(device) ? Optional.of(hash) : Optional.empty());
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, work.resolve("wire-broker"), access)) {
            return WireRun.run("tcp://127.0.0.1:" + broker.port(), Topics.records(device),
                    new WireRun.Login(device, devicePassword), new WireRun.Login(BrokerAccess.HUB_USER, hubPassword),
                    payloads);
        }
    }

    /**
     * Registers a bench kiosk with the hub, as {@code sync-hub.jar device add} does, and answers its
     * broker password.
     */
    private static String register(Hub hub, String deviceId) throws Exception {
        SecureRandom random = new SecureRandom();
        String password = BrokerAccess.newPassword(random);
        new DeviceRegistry(hub.dataSource()).register(deviceId, null, null, "bench", Instant.now(),
                new Passwords(random).hash(password));
        return password;
    }

    /**
     * Logs in once as the device before the clock starts. The broker remembers a verified password
     * for a while (as for any kiosk that reconnects), so the drain times the sync, not one bcrypt
     * check of about a quarter of a second that no drain before the broker was closed paid.
     */
    private static void logInOnce(String brokerUrl, String deviceId, String password) throws Exception {
        MqttClient client = new MqttClient(brokerUrl, deviceId + ":log-in", new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(deviceId);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            client.connect(options);
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /** Fills a fresh kiosk's outbox with sync off, then times the drain until hub and kiosk agree. */
    private static double drain(Hub hub, Path work, String deviceId, int records, int batchSize, int syncWindow,
                               VisitorMix visitors)
            throws Exception {
        String password = register(hub, deviceId);
        try (Appliance kiosk = kiosk(hub, work, deviceId, batchSize, syncWindow, false, password)) {
            fill(kiosk, records, visitors);
            logInOnce(hub.brokerUrl(), deviceId, password);
            long start = System.nanoTime();
            kiosk.startSync();
            while (kiosk.backlog() > 0) {
                LockSupport.parkNanos(2_000_000);
            }
            long stored = hubCount(hub, deviceId);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (stored != records) {
                throw new IllegalStateException(deviceId + ": the kiosk saw every record acked but the hub holds "
                        + stored + " of " + records);
            }
            return seconds;
        }
    }

    /** Captures from 4 threads at once, so group commit and parallel sealing make the set-up quick. */
    private static void fill(Appliance kiosk, int records, VisitorMix visitors) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int n = first; n < records; n += 4) {
                        kiosk.capture(visitors.request(n));
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** @param password its broker password, or null for a kiosk that never syncs */
    private static Appliance kiosk(Hub hub, Path work, String deviceId, int batchSize, int syncWindow, boolean sync,
                                   String password)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--http-port", "0", "--data", work.resolve(deviceId).toString(),
                "--broker", hub.brokerUrl(), "--device-id", deviceId, "--hub-key", hub.publicKeyFile().toString(),
                "--batch-size", String.valueOf(batchSize)));
        if (syncWindow > 0) {
            args.addAll(List.of("--sync-window", String.valueOf(syncWindow)));
        }
        if (!sync) {
            args.add("--no-sync");
        }
        return Appliance.start(ApplianceConfig.parse(args.toArray(String[]::new),
                password == null ? Map.of() : Map.of("KIOSK_BROKER_PASSWORD", password)));
    }

    private static long hubCount(Hub hub, String deviceId) throws Exception {
        try (Connection c = hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM records WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static double round(double v) {
        return Math.round(v);
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
