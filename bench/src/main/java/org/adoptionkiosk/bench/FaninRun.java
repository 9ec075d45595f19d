package org.adoptionkiosk.bench;

import com.google.crypto.tink.PublicKeyVerify;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.KioskBundle;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.sealing.Sealer;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.protocol.BrokerTls;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.MosquittoProcess;

import javax.net.SocketFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fan-in phase: many kiosks draining at once into two hub instances on a real Mosquitto (the
 * configuration, password file and ACL that {@code provisioning.jar hub init} and {@code device
 * batch} write, TLS included) and PostgreSQL. The kiosks are {@link FaninKiosk}s in this process,
 * one Paho client each; the hubs are child JVMs as deployed. Timed from the first publish until
 * every batch has its signed ack; then the store must hold each record exactly once. Then the same
 * records' bytes, one per message at QoS 1, through the same broker to a raw subscriber (the wire
 * baseline).
 */
final class FaninRun {
    static final int HUBS = 2;
    private static final String[][] SITES = {{"north-wales", "north-wales-hub"},
            {"south-east-wales", "south-east-wales-hub"}, {"west-and-mid-wales", "west-and-mid-wales-hub"},
            {"western-bay", "western-bay-hub"}, {"vale-valleys-cardiff", "vale-valleys-cardiff-hub"}};
    private static final String[] MOSQUITTO = {"/usr/sbin/mosquitto", "/usr/bin/mosquitto"};
    /** Kiosks of an untimed warm-up drain first, so the hubs' JIT has compiled ingest before the clock starts. */
    private static final int WARMUP_KIOSKS = 2;
    private static final int WARMUP_RECORDS = 2_000;

    private FaninRun() {
    }

    static void run(BenchOptions o, Path work, Map<String, Object> result) throws Exception {
        BenchOptions.Fanin f = o.fanin();
        result.put("fanin_kiosks", f.kiosks());
        result.put("fanin_hubs", HUBS);
        if (f.kiosks() == 0) {
            skip(result, "--fanin-kiosks 0");
            return;
        }
        if (Stream.of(MOSQUITTO).map(Path::of).noneMatch(Files::isExecutable)) {
            skip(result, "mosquitto is not installed (looked for " + String.join(", ", MOSQUITTO) + ")");
            return;
        }
        Properties login = login(o);
        String schema = "bench_" + HexFormat.of().formatHex(tag());
        try (Connection admin = DriverManager.getConnection(o.figuresJdbcUrl(), login);
             Statement st = admin.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")) {
                skip(result, "no usable PostgreSQL at " + o.figuresJdbcUrl() + " (" + e.getMessage() + ")");
                return;
            }
            throw e;
        }
        String url = o.figuresJdbcUrl() + (o.figuresJdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        System.out.println("fanin: schema " + schema + " (dropped afterwards)");
        try {
            measure(o, work.resolve("fanin"), url, login, result);
        } finally {
            try (Connection admin = DriverManager.getConnection(o.figuresJdbcUrl(), login);
                 Statement st = admin.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void measure(BenchOptions o, Path dir, String jdbcUrl, Properties login,
                                Map<String, Object> result) throws Exception {
        BenchOptions.Fanin f = o.fanin();
        Path prov = dir.resolve("provisioning");
        List<Path> hubData = new ArrayList<>();
        for (int i = 1; i <= HUBS; i++) {
            hubData.add(dir.resolve("hub-" + i));
        }
        Files.createDirectories(dir);
        int port = ChildProcess.freePort();
        System.out.println("fanin: provisioning.jar hub init and device batch for " + f.kiosks() + " kiosks…");
        provisioning(dir, "hub", "init", "--broker-host", "localhost,127.0.0.1", "--broker-port",
                String.valueOf(port), "--broker-bind", "127.0.0.1", "--broker-user", System.getProperty("user.name"),
                "--dir", prov.toString(), "--data", hubData.get(0).toString());
        Path csv = dir.resolve("kiosks.csv");
        StringBuilder lines = new StringBuilder("region,site,name\n");
        for (int k = 0; k < f.kiosks() + WARMUP_KIOSKS; k++) {
            String[] site = SITES[k % SITES.length];
            lines.append(site[0]).append(',').append(site[1]).append(",Fan-in kiosk ").append(k + 1).append('\n');
        }
        Files.writeString(csv, lines);
        List<String> batch = new ArrayList<>(List.of("device", "batch", csv.toString(), "--dir", prov.toString(),
                "--data", hubData.get(0).toString(), "--jdbc-url", jdbcUrl));
        jdbcLogin(o, batch);
        provisioning(dir, batch.toArray(String[]::new));
        List<String> devices;
        try (Stream<Path> d = Files.list(prov.resolve("devices"))) {
            devices = d.filter(p -> Files.isRegularFile(p.resolve(KioskBundle.PASSWORD)))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (devices.size() != f.kiosks() + WARMUP_KIOSKS) {
            throw new IllegalStateException("device batch made " + devices.size() + " kiosks, not "
                    + (f.kiosks() + WARMUP_KIOSKS));
        }

        String hubPassword = env(prov.resolve("hub/hub.env"), "HUB_BROKER_PASSWORD");
        Path ca = prov.resolve("broker/ca.pem");
        Path hubPasswordFile = dir.resolve("hub-broker-password");
        Files.writeString(hubPasswordFile, hubPassword + "\n");
        String brokerUrl = "ssl://localhost:" + port;
        SocketFactory sockets = new BrokerTls(ca, null, null).socketFactory(brokerUrl);
        try (MosquittoProcess broker = MosquittoProcess.quietWithConfig(prov.resolve("broker/adoption-kiosk.conf"),
                port)) {
            result.put("fanin_hub_java_options", String.join(" ", o.fanin().hubJavaOptions()));
            result.put("fanin_broker", "Mosquitto " + mosquittoVersion() + ", TLS, password file and ACL from "
                    + "provisioning");
            List<FaninHub> hubs = new ArrayList<>();
            List<byte[]> wirePayloads;
            try {
                for (int i = 0; i < HUBS; i++) {
                    if (i > 0) {
                        copyKeys(hubData.get(0), hubData.get(i));
                    }
                    FaninHub hub = hub(o, dir, i + 1, hubData.get(i), brokerUrl, ca, hubPasswordFile, jdbcUrl);
                    hubs.add(hub);
                    System.out.println("fanin: " + hub.name() + " running (pid " + hub.pid() + ")");
                }
                Drain drain = new Drain(o, prov, hubData.get(0), brokerUrl, sockets);
                // At most a tenth of the measured records, so a small run (a test's) stays small.
                int warmup = Math.max(1, (int) Math.min(WARMUP_RECORDS, (long) f.kiosks() * f.records() / 10));
                System.out.println("fanin: warm-up, " + WARMUP_KIOSKS + " kiosks × " + Main.format(warmup)
                        + " records (not measured)…");
                drain.run(devices.subList(f.kiosks(), devices.size()), warmup, new ArrayList<>());
                List<String> measured = devices.subList(0, f.kiosks());
                wirePayloads = new ArrayList<>(f.kiosks() * f.records());
                // CPU time each side used while the clock ran: on a shared machine the rate says as
                // much about the neighbours as about the hub; the CPU seconds per record do not.
                double[] cpuBefore = {cpuSeconds(hubs.stream().map(ChildProcess::pid).toList()),
                        cpuSeconds(List.of(broker.pid())), cpuSeconds(List.of(ProcessHandle.current().pid()))};
                Drained d = drain.run(measured, f.records(), wirePayloads, () -> {
                    result.put("fanin_hub_cpu_seconds", Main.round3(
                            cpuSeconds(hubs.stream().map(ChildProcess::pid).toList()) - cpuBefore[0]));
                    result.put("fanin_broker_cpu_seconds", Main.round3(cpuSeconds(List.of(broker.pid())) - cpuBefore[1]));
                    result.put("fanin_kiosks_cpu_seconds", Main.round3(
                            cpuSeconds(List.of(ProcessHandle.current().pid())) - cpuBefore[2]));
                });
                long expected = (long) measured.size() * f.records();
                long[] stored = stored(jdbcUrl, login, measured);
                if (stored[0] != expected || stored[1] != expected) {
                    throw new IllegalStateException("fanin: every batch was acked but the hub holds " + stored[0]
                            + " records (" + stored[1] + " distinct) of " + expected);
                }
                FaninKiosk.Counters c = d.counters();
                if (c.rejected.get() > 0 || c.forgedAcks.get() > 0) {
                    throw new IllegalStateException("fanin: " + c.rejected.get() + " records rejected, "
                            + c.forgedAcks.get() + " acks failed the signature check");
                }
                result.put("fanin_records", expected);
                result.put("fanin_seconds", Main.round3(d.seconds()));
                result.put("fanin_rps", Main.round(expected / d.seconds()));
                result.put("fanin_batches", (long) measured.size() * ((f.records() + o.batchSize() - 1) / o.batchSize()));
                result.put("fanin_acks", c.acks.get());
                result.put("fanin_resends", c.resends.get());
                result.put("fanin_stray_acks", c.strayAcks.get());
                result.put("fanin_connections_lost", c.connectionsLost.get());
                result.put("fanin_publish_failures", c.publishFailures.get());
            } finally {
                for (FaninHub h : hubs) {
                    h.stop(30);
                }
                keepLogs(o, hubs);
            }
            // The hubs are stopped: on this broker they would take the raw records for batches.
            System.out.println("fanin wire: " + Main.format(wirePayloads.size()) + " records, one per message, QoS 1, "
                    + "through the same Mosquitto…");
            String device = devices.get(0);
            WireRun.Result wire = WireRun.run(brokerUrl, sockets, Topics.records(device),
                    new WireRun.Login(device, password(prov, device)), new WireRun.Login("hub", hubPassword),
                    wirePayloads);
            double wireRps = wire.delivered() / wire.seconds();
            result.put("fanin_wire_rps", Main.round(wireRps));
            result.put("fanin_wire_lost", wirePayloads.size() - wire.delivered());
            result.put("fanin_over_wire", Main.round3(((Number) result.get("fanin_rps")).doubleValue() / wireRps));
        } finally {
            keepLogs(o, List.of(prov.resolve("broker/mosquitto.log")));
        }
    }

    /** How long a drain took, from the first publish to the last ack, and what its kiosks counted. */
    private record Drained(double seconds, FaninKiosk.Counters counters) {
    }

    /** Drains kiosks at once into the running hubs. */
    private record Drain(BenchOptions o, Path prov, Path hubData, String brokerUrl, SocketFactory sockets) {
        /** @param wirePayloads gets each record's bytes, for the wire baseline */
        Drained run(List<String> devices, int perKiosk, List<byte[]> wirePayloads) throws Exception {
            return run(devices, perKiosk, wirePayloads, () -> { });
        }

        /** @param stopped run as soon as the last ack is in, before anything is closed */
        Drained run(List<String> devices, int perKiosk, List<byte[]> wirePayloads, Runnable stopped)
                throws Exception {
            WireCodec codec = new WireCodec();
            System.out.println("fanin: sealing " + Main.format((double) devices.size() * perKiosk)
                    + " records' enquiries with the hub's key (not timed)…");
            List<List<KioskRecord>> records = records(devices.size(), perKiosk,
                    Sealer.fromFile(hubData.resolve(SealingKeys.PUBLIC_FILE)));
            for (List<KioskRecord> kiosk : records) {
                for (KioskRecord r : kiosk) {
                    wirePayloads.add(codec.encode(r));
                }
            }
            PublicKeyVerify verifier = HubSignature.verifier(
                    Files.readString(hubData.resolve(SigningKeys.PUBLIC_FILE), StandardCharsets.UTF_8));
            int window = o.syncWindow() > 0 ? o.syncWindow() : ApplianceConfig.DEFAULT_SYNC_WINDOW;
            CountDownLatch allAcked = new CountDownLatch(devices.size());
            FaninKiosk.Counters counters = new FaninKiosk.Counters();
            // Paho keeps three long-lived tasks per client (receiver, sender, callback) on the pool it
            // is given, so a shared pool cannot be smaller than that; timers and pings share the rest.
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(3 * devices.size() + 8);
            ExecutorService sender = Executors.newFixedThreadPool(2);
            ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor();
            List<FaninKiosk> kiosks = new ArrayList<>();
            try {
                System.out.println("fanin: " + devices.size() + " kiosks log in over TLS (not timed)…");
                for (int k = 0; k < devices.size(); k++) {
                    FaninKiosk kiosk = new FaninKiosk(devices.get(k), records.get(k), o.batchSize(), window,
                            o.fanin().ackTimeoutMillis(), codec, verifier, sender, allAcked, counters);
                    kiosk.connect(brokerUrl, password(prov, devices.get(k)), sockets, pool);
                    kiosks.add(kiosk);
                }
                System.out.println("fanin: " + devices.size() + " kiosks × " + perKiosk + " records, batches of "
                        + o.batchSize() + ", window " + window + ", " + HUBS + " hubs…");
                long start = System.nanoTime();
                timeouts.scheduleWithFixedDelay(() -> {
                    long now = System.nanoTime();
                    kiosks.forEach(k -> k.checkTimeout(now));
                }, 500, 500, TimeUnit.MILLISECONDS);
                for (FaninKiosk k : kiosks) {
                    k.start();
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (!allAcked.await(5, TimeUnit.SECONDS)) {
                    System.out.println("fanin: " + (devices.size() - allAcked.getCount()) + " of " + devices.size()
                            + " kiosks drained, " + counters.acks.get() + " acks, " + counters.resends.get()
                            + " resends");
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("fanin: not drained after 10 minutes: "
                                + allAcked.getCount() + " kiosks still waiting");
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                stopped.run();
                return new Drained(seconds, counters);
            } finally {
                timeouts.shutdownNow();
                for (FaninKiosk k : kiosks) {
                    k.close();
                }
                sender.shutdown();
                pool.shutdownNow();
            }
        }
    }

    /** Each kiosk's records, seq from 1, the bench's visitor mix, enquiries sealed as the kiosk seals them. */
    private static List<List<KioskRecord>> records(int kiosks, int perKiosk, Sealer sealer) throws Exception {
        VisitorMix visitors = new VisitorMix();
        WireCodec codec = new WireCodec();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<List<KioskRecord>>> parts = new ArrayList<>();
            for (int k = 0; k < kiosks; k++) {
                int kiosk = k;
                parts.add(pool.submit(() -> {
                    UUID boot = UUID.randomUUID();
                    Instant now = Instant.now();
                    List<KioskRecord> list = new ArrayList<>(perKiosk);
                    for (int n = 0; n < perKiosk; n++) {
                        CaptureRequest r = visitors.request(kiosk * perKiosk + n);
                        UUID id = UUID.randomUUID();
                        @SuppressWarnings("unchecked")
                        Map<String, Object> fields = (Map<String, Object>) r.fields();
                        String sealed = r.personal() == null ? null : sealer.seal(codec.encode(r.personal()), id);
                        list.add(new KioskRecord(id, n + 1L, "signin".equals(r.type()) ? RecordType.SIGNIN
                                : RecordType.ENQUIRY, now.minusSeconds(perKiosk - n), boot, n * 1000L, null,
                                Lang.fromCode((String) r.lang()), WireCodec.SCHEMA, fields, sealed));
                    }
                    return list;
                }));
            }
            List<List<KioskRecord>> all = new ArrayList<>();
            for (Future<List<KioskRecord>> p : parts) {
                all.add(p.get());
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    private static FaninHub hub(BenchOptions o, Path dir, int n, Path data, String brokerUrl, Path ca,
                                Path passwordFile, String jdbcUrl) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        jvm.addAll(o.fanin().hubJavaOptions());
        if (o.fanin().jfr() != null) {
            Files.createDirectories(o.fanin().jfr());
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + o.fanin().jfr().toAbsolutePath().resolve("fanin-hub-" + n + ".jfr"));
        }
        List<String> args = new ArrayList<>(List.of("--http-port", String.valueOf(ChildProcess.freePort()),
                "--data", data.toString(), "--broker", brokerUrl, "--broker-username", "hub",
                "--broker-password-file", passwordFile.toString(), "--broker-ca", ca.toString(),
                "--instance-id", "fanin-hub-" + n, "--jdbc-url", jdbcUrl));
        jdbcLogin(o, args);
        FaninHub hub = new FaninHub("fanin hub " + n, dir.resolve("hub-" + n + ".log"), jvm, args);
        hub.start();
        return hub;
    }

    private static void jdbcLogin(BenchOptions o, List<String> args) {
        if (o.figuresJdbcUser() != null) {
            args.addAll(List.of("--jdbc-user", o.figuresJdbcUser()));
        }
        if (o.figuresJdbcPassword() != null) {
            args.addAll(List.of("--jdbc-password", o.figuresJdbcPassword()));
        }
    }

    /** The provisioning tool's command line in a JVM of its own, as an operator runs it; fails on a non-zero exit. */
    private static void provisioning(Path dir, String... args) throws Exception {
        Path log = dir.resolve("provisioning.log");
        ProcessBuilder pb = new ProcessBuilder(ChildProcess.javaCommand(List.of("-Xmx512m"),
                "org.adoptionkiosk.provisioning.Main", List.of(args)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HUB_"));
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("provisioning " + args[0] + " " + args[1] + " took over 5 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("provisioning " + args[0] + " " + args[1] + " failed (exit "
                    + p.exitValue() + "):\n" + Files.readString(log));
        }
    }

    /** With --fanin-jfr, the hubs' and the broker's logs go beside the recordings (the work folder is deleted). */
    private static void keepLogs(BenchOptions o, List<?> logs) throws IOException {
        if (o.fanin().jfr() == null) {
            return;
        }
        for (Object l : logs) {
            Path log = l instanceof ChildProcess c ? c.log() : (Path) l;
            if (Files.exists(log)) {
                Files.copy(log, o.fanin().jfr().resolve("fanin-" + log.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The second instance's copy of the first one's key files (sealing, signing, index), as an operator copies them. */
    private static void copyKeys(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path key : files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Files.copy(key, to.resolve(key.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The measured kiosks' records at the hub, and how many distinct (device, id) among them. */
    private static long[] stored(String jdbcUrl, Properties login, List<String> devices) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, login);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*), COUNT(DISTINCT (device_id, id)) FROM records WHERE device_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", devices.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** CPU time (user and system) the processes have used so far, in seconds. */
    private static double cpuSeconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
                    .map(d -> d.toNanos() / 1e9).orElse(0.0);
        }
        return total;
    }

    private static String password(Path prov, String device) throws IOException {
        return Files.readString(prov.resolve("devices").resolve(device).resolve(KioskBundle.PASSWORD)).strip();
    }

    private static String env(Path file, String name) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " has no " + name))
                .substring(name.length() + 1);
    }

    private static String mosquittoVersion() {
        for (String m : MOSQUITTO) {
            if (Files.isExecutable(Path.of(m))) {
                try {
                    Process p = new ProcessBuilder(m, "-h").redirectErrorStream(true).start();
                    String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                            .findFirst().orElse("");
                    p.waitFor();
                    return first.replaceAll("(?i).*version\\s+", "").trim();
                } catch (IOException | InterruptedException e) {
                    return "?";
                }
            }
        }
        return "?";
    }

    private static Properties login(BenchOptions o) {
        Properties login = new Properties();
        if (o.figuresJdbcUser() != null) {
            login.setProperty("user", o.figuresJdbcUser());
        }
        if (o.figuresJdbcPassword() != null) {
            login.setProperty("password", o.figuresJdbcPassword());
        }
        return login;
    }

    private static byte[] tag() {
        byte[] tag = new byte[4];
        new SecureRandom().nextBytes(tag);
        return tag;
    }

    private static void skip(Map<String, Object> result, String why) {
        System.out.println("fanin: SKIPPED: " + why);
        result.put("fanin_skipped", why);
    }
}
