package org.adoptionkiosk.bench;

import org.adoptionkiosk.hub.Hub;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The kiosk's footprint as the Pi runs it: {@code appliance.jar} as a child process with the JVM
 * options of {@code adoption-kiosk.service} (the same {@code kiosk.jvm-options} file, see
 * {@link #UNIT_OPTIONS}) and a CDS archive trained as the package trains it. Times the cold start to
 * the first {@code /healthz} 200 (with and without the archive), captures records, waits until the
 * hub holds them all, then reads the process's resident memory and the JVM's own view from the
 * kiosk's {@code /metrics}.
 */
final class FootprintRun {
    /** The unit's options file, copied into the bench jar from {@code provisioning/pi/etc} at build. */
    static final String UNIT_OPTIONS = "kiosk.jvm-options";
    /** What the unit adds after the options file: the archive, and "start anyway" when it is missing or stale. */
    static final List<String> CDS = List.of("-XX:SharedArchiveFile=%s", "-Xshare:auto");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(3);

    /**
     * @param applianceJar the kiosk's runnable jar
     * @param jvmOptions   the options before {@code -jar}, without the archive's two
     * @param captures     POST /api/records calls before the memory is read
     * @param only         run this phase alone
     * @param enabled      false to skip it
     */
    record Settings(Path applianceJar, List<String> jvmOptions, int captures, boolean only, boolean enabled) {
    }

    private final Settings settings;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private FootprintRun(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /** The unit's JVM options: the lines of {@link #UNIT_OPTIONS} without comments. */
    static List<String> unitOptions() throws IOException {
        try (InputStream in = FootprintRun.class.getClassLoader().getResourceAsStream(UNIT_OPTIONS)) {
            if (in == null) {
                throw new IOException(UNIT_OPTIONS + " is not in the bench jar: build it with mvn package");
            }
            return parseOptions(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Options as the java launcher reads an {@code @file}: words, with {@code #} to the end of a line a comment. */
    static List<String> parseOptions(String text) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String kept = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!kept.isEmpty()) {
                options.addAll(List.of(kept.split("\\s+")));
            }
        }
        return options;
    }

    /** Measures into {@code result}, or says there why not (no appliance jar: not built). */
    static void run(Settings settings, Path work, Map<String, Object> result) throws Exception {
        if (!settings.enabled()) {
            return;
        }
        if (!Files.isRegularFile(settings.applianceJar())) {
            result.put("footprint_skipped", "no appliance jar at " + settings.applianceJar()
                    + " (build it: mvn -pl appliance -am package, or give --appliance-jar)");
            return;
        }
        System.out.println("footprint: appliance.jar as adoption-kiosk.service runs it, " + settings.captures()
                + " captures, drained…");
        new FootprintRun(settings, work).measure(result);
    }

    private void measure(Map<String, Object> result) throws Exception {
        Path dir = Files.createDirectories(work.resolve("footprint"));
        try (Hub hub = Hub.start(HubConfig.parse(new String[] {"--http-port", "0", "--mqtt-port", "0",
                "--data", dir.resolve("hub").toString()}, Map.of()))) {
            String device = "bench-footprint";
            Path passwordFile = dir.resolve(device + ".broker-password");
            Files.writeString(passwordFile, register(hub, device) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            List<String> kioskArgs = List.of("--broker", hub.brokerUrl(), "--device-id", device,
                    "--hub-key", hub.publicKeyFile().toString(), "--broker-password-file", passwordFile.toString());

            Path archive = dir.resolve("appliance.jsa");
            boolean trained = train(archive, dir.resolve("training.log"));
            result.put("kiosk_cds", trained ? "trained" : "none (the jar has no cds-training)");

            // Without the archive first (it also warms the page cache for the jar), then as the unit runs it.
            try (Kiosk plain = Kiosk.start(command(null, kioskArgs, dir.resolve("plain"), "plain"),
                    dir.resolve("plain.log"))) {
                result.put("kiosk_cold_start_no_cds_ms", plain.coldStartMillis());
            }
            try (Kiosk kiosk = Kiosk.start(command(trained ? archive : null, kioskArgs, dir.resolve("kiosk"), "kiosk"),
                    dir.resolve("kiosk.log"))) {
                int port = kiosk.port;
                result.put("kiosk_cold_start_ms", kiosk.coldStartMillis());
                if (trained && !kiosk.maps(archive)) {
                    // -Xshare:auto refuses quietly (a jar rebuilt since the training, say): say so, not "trained".
                    result.put("kiosk_cds", "refused by the JVM (see -Xlog:cds)");
                }
                capture(port, settings.captures());
                awaitDrain(hub, device, port, settings.captures());
                result.put("kiosk_captures", settings.captures());
                result.put("kiosk_rss_mb", Main.round3(kiosk.resident("VmRSS") / 1024.0));
                // Anonymous (heap, stacks, malloc, code) against file-backed (libjvm, the CDS archives): the
                // second is clean and shared, and the kernel can drop it under pressure.
                result.put("kiosk_rss_anon_mb", Main.round3(kiosk.resident("RssAnon") / 1024.0));
                result.put("kiosk_rss_file_mb", Main.round3(kiosk.resident("RssFile") / 1024.0));
                if (settings.jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
                    System.out.println(kiosk.nativeMemory());
                }
                List<String> metrics = get(port, "/metrics").lines().toList();
                result.put("kiosk_heap_mb", mb(sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"")));
                result.put("kiosk_heap_committed_mb", mb(sum(metrics, "jvm_memory_committed_bytes", "area=\"heap\"")));
                result.put("kiosk_metaspace_mb", mb(sum(metrics, "jvm_memory_used_bytes", "id=\"Metaspace\"")));
                result.put("kiosk_threads", (long) sum(metrics, "jvm_threads_live_threads", ""));
            }
            result.put("kiosk_jvm_options", String.join(" ", settings.jvmOptions()));
        }
    }

    /**
     * The package's training ({@code java … -XX:ArchiveClassesAtExit=F -jar appliance.jar cds-training});
     * false when the jar cannot train (an older appliance measured as the baseline).
     */
    private boolean train(Path archive, Path log) throws Exception {
        List<String> c = new ArrayList<>(List.of(java()));
        c.addAll(settings.jvmOptions());
        c.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", settings.applianceJar().toString(),
                "cds-training"));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the CDS training did not finish in 2 minutes; see " + log);
        }
        return p.exitValue() == 0 && Files.isRegularFile(archive);
    }

    private List<String> command(Path archive, List<String> kioskArgs, Path data, String name) throws IOException {
        List<String> c = new ArrayList<>(List.of(java()));
        c.addAll(settings.jvmOptions());
        if (archive != null) {
            for (String option : CDS) {
                c.add(String.format(option, archive));
            }
        }
        c.addAll(List.of("-jar", settings.applianceJar().toString(), "--http-port",
                String.valueOf(freePort()), "--data", data.toString()));
        c.addAll(kioskArgs);
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Mostly enquiries (three in four), from two clients: a busy stand, one screen and a retry or two. */
    private void capture(int port, int count) throws Exception {
        VisitorMix visitors = new VisitorMix();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < count; i += 2) {
                        // VisitorMix makes visitor n an enquiry when n is a multiple of 3.
                        int n = i % 4 == 3 ? 3 * i + 1 : 3 * i;
                        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/api/records"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(visitors.json(n))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (reply.statusCode() != 201) {
                            throw new IllegalStateException("capture answered " + reply.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void awaitDrain(Hub hub, String device, int port, int records) throws Exception {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (json.readTree(get(port, "/api/status")).get("backlog").asLong() > 0 || hubCount(hub, device) < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the footprint kiosk did not drain " + records + " records in "
                        + DRAIN_LIMIT.toMinutes() + " minutes");
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    private static String register(Hub hub, String deviceId) throws Exception {
        SecureRandom random = new SecureRandom();
        String password = BrokerAccess.newPassword(random);
        new DeviceRegistry(hub.dataSource()).register(deviceId, null, null, "bench", Instant.now(),
                new Passwords(random).hash(password));
        return password;
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

    /** The sum of the Prometheus text's samples of {@code name} whose labels contain {@code label}. */
    static double sum(List<String> metrics, String name, String label) {
        double total = 0;
        for (String line : metrics) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.substring(0, line.lastIndexOf(' ')).contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static double mb(double bytes) {
        return Main.round3(bytes / (1024.0 * 1024.0));
    }

    /** The kiosk JVM, its output in a log file; stopped with SIGTERM as systemd stops it. */
    private static final class Kiosk implements AutoCloseable {
        private final Process process;
        private final long startedAt;
        private final int port;
        private final Path log;

        private Kiosk(Process process, long startedAt, int port, Path log) {
            this.process = process;
            this.startedAt = startedAt;
            this.port = port;
            this.log = log;
        }

        static Kiosk start(List<String> command, Path log) throws IOException {
            int port = Integer.parseInt(command.get(command.indexOf("--http-port") + 1));
            long t = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Kiosk(p, t, port, log);
        }

        /** From the process's start to the first 200 from /healthz, polled every 5 ms. */
        double coldStartMillis() {
            URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
            long deadline = startedAt + START_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the kiosk exited with " + process.exitValue() + " while starting: "
                            + tail());
                }
                if (healthy(health)) {
                    return Main.round3((System.nanoTime() - startedAt) / 1e6);
                }
                LockSupport.parkNanos(5_000_000);
            }
            throw new IllegalStateException("the kiosk did not answer /healthz within " + START_LIMIT.toSeconds()
                    + " s: " + tail());
        }

        private static boolean healthy(URI uri) {
            try {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout(1_000);
                c.setReadTimeout(5_000);
                try {
                    return c.getResponseCode() == 200;
                } finally {
                    c.disconnect();
                }
            } catch (IOException notYet) {
                return false;
            }
        }

        /** {@code jcmd PID VM.native_memory summary}: where the memory goes, when tracking is on. */
        String nativeMemory() throws Exception {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        }

        /** Whether the process has {@code file} mapped: a CDS archive the JVM took. */
        boolean maps(Path file) throws IOException {
            String name = file.toAbsolutePath().toString();
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "maps")).stream()
                    .anyMatch(l -> l.endsWith(name));
        }

        /** A KiB figure of /proc/PID/status (VmRSS: what the process holds in memory now). */
        long resident(String field) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IOException("no " + field + " in /proc/" + process.pid() + "/status");
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
