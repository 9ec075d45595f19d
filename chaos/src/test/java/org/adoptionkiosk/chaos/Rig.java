package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.Trees;
import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.MosquittoProcess;
import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.Visitors;
import org.adoptionkiosk.testkit.Http;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RealServices;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Everything one run needs, as real processes: a private Mosquitto, a fresh PostgreSQL schema, hub
 * instances sharing the ingest and one identity, and kiosks; the capture-id probe; and the checks
 * at the end (the kiosks stopped cleanly and their H2 files read, the hub's tables read, every file
 * and log searched for visitors' emails).
 */
final class Rig implements AutoCloseable {
    final String name;
    final long seed;
    final Path dir;
    final Timeline timeline = new Timeline();
    final MosquittoProcess broker;
    final HubStore store;
    final List<HubProcess> hubs = new ArrayList<>();
    final List<KioskProcess> kiosks = new ArrayList<>();
    private final Http http = new Http();
    private boolean keepFiles = Boolean.getBoolean("chaos.keep");

    private Rig(String name, long seed, Path dir, MosquittoProcess broker, HubStore store) {
        this.name = name;
        this.seed = seed;
        this.dir = dir;
        this.broker = broker;
        this.store = store;
    }

    /**
     * Skips the test with a note on the console (or, with -Dit.require.services=true, fails it) when
     * Mosquitto or PostgreSQL is missing.
     */
    static void requireServices() {
        try {
            MosquittoProcess.binary();
            RealServices.postgresUrl();
        } catch (org.opentest4j.TestAbortedException skipped) {
            System.out.println("[chaos] SKIPPED: " + skipped.getMessage());
            throw skipped;
        }
    }

    static Rig start(String name, long seed, int hubCount, int kioskCount, long ackTimeoutMs) throws Exception {
        Path work = Path.of(System.getProperty("chaos.work", "target/chaos-work"));
        Path dir = work.resolve(name + "-" + seed + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        System.out.println("[chaos] " + name + ": work directory " + dir);
        MosquittoProcess broker = MosquittoProcess.open(dir.resolve("mosquitto"));
        HubStore store;
        try {
            store = new HubStore(RealServices.postgresUrl(), RealServices.postgresUser(),
                    "chaos_" + name + "_" + UUID.randomUUID().toString().substring(0, 8), Boolean.getBoolean("chaos.keep"));
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        Rig rig = new Rig(name, seed, dir, broker, store);
        try {
            rig.timeline.add("note", "rig", "mosquitto on " + broker.url() + ", PostgreSQL schema " + store.schema);
            // The first hub makes the keys; then the other hubs (with copies of its key files) and the kiosks
            // (with its public key) start together.
            HubProcess first = HubProcess.create(dir, "chaos-hub-1", broker.url(), store.hubJdbcUrl(), store.user, null);
            rig.hubs.add(first);
            first.start();
            for (int i = 2; i <= hubCount; i++) {
                rig.hubs.add(HubProcess.create(dir, "chaos-hub-" + i, broker.url(), store.hubJdbcUrl(), store.user, first));
            }
            for (int i = 1; i <= kioskCount; i++) {
                String id = "chaos-kiosk-" + i;
                rig.kiosks.add(KioskProcess.create(dir.resolve(id), id, broker.url(), first.publicKey(), List.of(
                        "--hardware", "simulated",
                        "--ack-timeout-ms", String.valueOf(ackTimeoutMs),
                        "--status-interval-ms", "5000")));
            }
            List<ChildProcess> rest = new ArrayList<>(rig.hubs.subList(1, rig.hubs.size()));
            rest.addAll(rig.kiosks);
            startAll(rest);
            rig.timeline.add("note", "rig", rig.hubs.size() + " hub(s) and " + rig.kiosks.size() + " kiosk(s) up");
            return rig;
        } catch (Exception | Error e) {
            rig.keepFiles = true;
            rig.close();
            throw e;
        }
    }

    private static void startAll(List<? extends ChildProcess> processes) throws Exception {
        if (processes.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(processes.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (ChildProcess p : processes) {
                started.add(pool.submit(() -> {
                    p.start();
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    List<String> kioskIds() {
        return kiosks.stream().map(k -> k.deviceId()).toList();
    }

    List<String> hubIds() {
        return hubs.stream().map(h -> h.instanceId).toList();
    }

    /**
     * Whether the kiosk takes a client-made {@code id} (idempotent capture). Today's kiosk refuses the
     * unknown member with 400; then the clients send none, and unanswered requests stay unknown.
     * When it does take one, the probe's repeat must answer 200 with the same seq.
     */
    boolean probeClientIds(KioskProcess kiosk, Ledger ledger) throws Exception {
        Visitors.Capture c = Visitors.next(true);
        ledger.sent(c.email());
        Http.Reply first = http.post(kiosk.httpPort(), "/api/records", c.body(), Duration.ofSeconds(20));
        if (first.status() == 400 && "id".equals(first.body().path("field").asText())) {
            timeline.add("note", kiosk.deviceId(),
                    "the kiosk refuses a client-made id (400 " + first.body().path("error").asText()
                    + "): captures are sent without one, and a request whose reply was lost stays unknown");
            return false;
        }
        if (first.status() != 201) {
            throw new AssertionError("the id probe's capture answered " + first.status() + ": " + first.text());
        }
        UUID id = UUID.fromString(first.body().get("id").asText());
        long seq = first.body().get("seq").asLong();
        ledger.answered(new Ledger.Answered(kiosk.deviceId(), id, seq, Instant.now(), kiosk.incarnation(), c.email(),
                201, 1));
        if (!c.id().equals(id)) {
            ledger.refused(new Ledger.Refused(kiosk.deviceId(), Instant.now(), 201, "took the capture but answered id "
                    + id + " instead of the client's " + c.id()));
        }
        Http.Reply again = http.post(kiosk.httpPort(), "/api/records", c.body(), Duration.ofSeconds(20));
        if (again.status() != 200 || again.body().path("seq").asLong() != seq
                || !id.toString().equals(again.body().path("id").asText())) {
            ledger.refused(new Ledger.Refused(kiosk.deviceId(), Instant.now(), again.status(),
                    "a repeat of the capture with id " + c.id() + " (seq " + seq + ") must answer 200 with the same id and"
                            + " seq, but answered: " + again.text()));
        }
        timeline.add("note", kiosk.deviceId(),
                "the kiosk takes a client-made id: unanswered captures are sent again with it");
        return true;
    }

    /** Polls every kiosk's backlog until all are 0; false if some still have one after {@code max}. */
    boolean awaitDrained(Duration max) throws InterruptedException {
        return Await.atMost(max).every(Duration.ofMillis(500)).holds(() -> {
            for (KioskProcess k : kiosks) {
                if (k.backlog() != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Each kiosk's backlog and the hub's count, for a failure message. */
    String drainState() {
        StringBuilder b = new StringBuilder();
        for (KioskProcess k : kiosks) {
            b.append("\n    ").append(k.deviceId()).append(": ");
            try {
                var s = k.status();
                b.append("backlog ").append(s.path("backlog").asLong()).append(", broker ")
                        .append(s.path("brokerConnected").asBoolean() ? "connected" : "NOT connected")
                        .append(", last ack ").append(s.path("lastAckAt").asText());
            } catch (Exception e) {
                b.append("status unreadable (").append(e.getMessage()).append(")");
            }
            try {
                b.append(", at the hub ").append(store.count(k.deviceId()));
            } catch (Exception e) {
                b.append(", hub unreadable");
            }
            b.append("\n      log tail: ").append(k.tail(5).replace("\n", "\n      "));
        }
        for (HubProcess h : hubs) {
            b.append("\n    ").append(h.instanceId).append(h.alive() ? " running" : " NOT running")
                    .append("; log tail: ").append(h.tail(5).replace("\n", "\n      "));
        }
        return b.toString();
    }

    /**
     * The checks after the run. Stops the kiosks cleanly first (their files are read then), then the
     * hubs and the broker, then searches every file of the run for visitors' emails.
     */
    Findings verify(Ledger ledger, boolean idsSent, ObjectNode report) throws Exception {
        Findings findings = new Findings(timeline);
        Set<String> devices = Set.copyOf(kioskIds());
        // Dead letters: a good batch must never be one.
        ArrayNode dead = report.putArray("deadLetters");
        for (HubStore.DeadLetter d : store.deadLetters()) {
            ObjectNode j = dead.addObject();
            j.put("receivedAt", String.valueOf(d.receivedAt()));
            j.put("deviceId", d.deviceId());
            j.put("batchId", String.valueOf(d.batchId()));
            j.put("recordId", String.valueOf(d.recordId()));
            j.put("reason", d.reason());
            if (d.deviceId() == null || devices.contains(d.deviceId())) {
                StringBuilder b = new StringBuilder((d.receivedAt() == null ? "?" : timeline.describe(d.receivedAt())) + " "
                        + d.deviceId() + " batch " + d.batchId() + (d.recordId() == null ? "" : " record " + d.recordId())
                        + ": " + d.reason());
                if (d.receivedAt() != null) {
                    b.append("\n      faults in the 20 s before:");
                    List<Timeline.Entry> before = timeline.between(d.receivedAt().minusSeconds(20), d.receivedAt());
                    if (before.isEmpty()) {
                        b.append(" none");
                    }
                    for (String line : Timeline.lines(timeline, before)) {
                        b.append("\n        ").append(line);
                    }
                }
                findings.problem("dead letters", b.toString());
            }
        }
        Map<String, KioskFile> files = new HashMap<>();
        for (KioskProcess k : kiosks) {
            try {
                k.stopCleanly();
            } catch (Exception e) {
                findings.problem("kiosk did not stop cleanly", k.deviceId() + ": " + e.getMessage());
            }
            try {
                files.put(k.deviceId(), KioskFile.read(k.dataDir()));
            } catch (Exception e) {
                findings.problem("kiosk file unreadable", k.deviceId() + ": " + e);
            }
        }
        for (KioskProcess k : kiosks) {
            findings.checkDevice(k.deviceId(), ledger.answered(k.deviceId()), ledger.unknown(k.deviceId()).size(),
                    store.device(k.deviceId()), files.get(k.deviceId()), idsSent);
        }
        for (Ledger.Refused r : ledger.refused()) {
            findings.problem("unexpected answers", r.deviceId() + " at " + timeline.describe(r.at()) + ": " + r.status()
                    + " " + r.body());
        }
        for (HubProcess h : hubs) {
            h.stop(30);
        }
        broker.stop(15);

        // No visitor's email in clear anywhere: the kiosks' and hubs' data, every log, the hub's tables.
        Path canary = dir.resolve("canary");
        Files.createDirectories(canary);
        String canaryEmail = "v-" + UUID.randomUUID() + Visitors.EMAIL_DOMAIN;
        Files.writeString(canary.resolve("canary.txt"), "x" + canaryEmail + "y");
        EmailScan.Result control = EmailScan.scan(List.of(canary), Set.of(canaryEmail));
        if (control.found().isEmpty()) {
            throw new AssertionError("the email scan did not find the canary email it was given: the scan is broken");
        }
        Trees.delete(canary);
        EmailScan.Result scan = EmailScan.scan(List.of(dir), ledger.emails());
        report.put("emailScan", scan.files() + " files, " + scan.bytes() + " bytes, " + ledger.emails().size()
                + " emails looked for");
        scan.found().forEach((file, hits) -> findings.problem("visitor emails in clear on disk",
                dir.relativize(file) + ": " + hits.size() + " email(s), e.g. " + hits.get(0)));
        long rows = store.rowsContaining(Visitors.EMAIL_DOMAIN);
        if (rows > 0) {
            findings.problem("visitor emails in clear on disk", rows + " row(s) of the hub's PostgreSQL tables hold "
                    + Visitors.EMAIL_DOMAIN + " in clear");
        }
        return findings;
    }

    /** The run's figures common to both tests. */
    void describe(ObjectNode report, Ledger ledger, List<String> schedule) {
        report.put("seed", seed);
        report.put("replay", "-Dchaos.seed=" + seed);
        report.put("workDirectory", dir.toString());
        report.put("postgresSchema", store.schema);
        ArrayNode s = report.putArray("schedule");
        schedule.forEach(s::add);
        ArrayNode t = report.putArray("timeline");
        for (Timeline.Entry e : timeline.entries()) {
            ObjectNode j = t.addObject();
            j.put("at", e.at().toString());
            j.put("offset", timeline.offset(e.at()));
            j.put("kind", e.kind());
            j.put("target", e.target());
            j.put("detail", e.detail());
        }
        report.put("faultsDone", timeline.faults().size());
        report.set("logs", logSummary());
        report.put("capturesAnswered", ledger.answeredCount());
        report.put("capturesUnknown", ledger.unknown().size());
        report.put("unexpectedAnswers", ledger.refused().size());
        ObjectNode per = report.putObject("answeredPerKiosk");
        for (KioskProcess k : kiosks) {
            per.put(k.deviceId(), ledger.answered(k.deviceId()).size());
        }
    }

    /**
     * Per process log: how many lines warn or report an error, and the distinct kinds (times and
     * ids taken out), for a look at what the faults did that the checks do not assert.
     */
    ObjectNode logSummary() {
        ObjectNode out = ChaosReport.mapper().createObjectNode();
        List<ChildProcess> all = new ArrayList<>(hubs);
        all.addAll(kiosks);
        for (ChildProcess p : all) {
            ObjectNode o = out.putObject(p.name());
            java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
            int lines = 0;
            try {
                for (String line : Files.readAllLines(p.log())) {
                    if (line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("SEVERE")) {
                        lines++;
                        String kind = line.replaceFirst("^\\S+ \\[[^]]*\\] ", "")
                                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                                .replaceAll("\\d+", "N");
                        kinds.merge(kind.length() > 200 ? kind.substring(0, 200) : kind, 1, Integer::sum);
                    }
                }
            } catch (IOException e) {
                o.put("unreadable", e.toString());
            }
            o.put("warningsAndErrors", lines);
            ObjectNode k = o.putObject("kinds");
            kinds.forEach(k::put);
        }
        return out;
    }

    /** Keeps the run's files (data, logs) for a look: on failure, or with -Dchaos.keep=true. */
    void keepFiles() {
        keepFiles = true;
    }

    @Override
    public void close() throws Exception {
        for (KioskProcess k : kiosks) {
            k.stop(20);
        }
        for (HubProcess h : hubs) {
            h.stop(20);
        }
        broker.close();
        store.close();
        if (keepFiles) {
            System.out.println("[chaos] " + name + ": files kept in " + dir);
        } else {
            Trees.delete(dir);
        }
    }
}
