package org.adoptionkiosk.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Nothing a visitor was thanked for is ever lost", under a seeded random fault schedule against
 * real processes: a private Mosquitto restarted with SIGTERM and SIGKILL, two hub instances on
 * PostgreSQL sharing the ingest (one killed -9 now and then), and four kiosks capturing from several
 * client threads each, killed -9 too, mostly within seconds after they reconnect to a restarted
 * broker with a backlog and a batch waiting for its ack (where the field run lost records).
 *
 * <p>After the last fault every kiosk must drain, and then every capture answered 201 must be at
 * the hub exactly once and in the kiosk's own file with its seq, seqs gap-free at both ends and
 * never answered twice, no dead letters, empty outboxes, and no visitor's email in clear anywhere.
 *
 * <p>Knobs (system properties): {@code chaos.seed} replays a run; {@code chaos.kiosks} (4),
 * {@code chaos.threads} per kiosk (4), {@code chaos.captureSeconds} (150), {@code chaos.drainSeconds}
 * (100), {@code chaos.keep} keeps the files and schema.
 */
class ChaosIT {
    private static final int HUBS = 2;

    @Test
    @Timeout(value = 330, unit = TimeUnit.SECONDS)
    void nothingAVisitorWasThankedForIsLost() throws Exception {
        Rig.requireServices();
        long seed = FaultSchedule.seed();
        int kiosks = Integer.getInteger("chaos.kiosks", 4);
        int threads = Integer.getInteger("chaos.threads", 4);
        int captureSeconds = Integer.getInteger("chaos.captureSeconds", 150);
        int drainSeconds = Integer.getInteger("chaos.drainSeconds", 100);
        FaultSchedule schedule = FaultSchedule.chaos(seed, kiosks, HUBS, captureSeconds, 3);
        System.out.println("[chaos] ChaosIT seed " + seed + " (replay: -Dchaos.seed=" + seed + "); " + kiosks
                + " kiosks x " + threads + " visitors, " + HUBS + " hubs, " + captureSeconds + " s of captures; faults:");

        try (Rig rig = Rig.start("chaos", seed, HUBS, kiosks, 5_000)) {
            List<String> planned = schedule.describe(rig.kioskIds(), rig.hubIds());
            planned.forEach(line -> System.out.println("[chaos]   " + line));
            Ledger ledger = new Ledger();
            boolean ids = rig.probeClientIds(rig.kiosks.get(0), ledger);
            CaptureLoad load = new CaptureLoad(rig.kiosks, threads, 20, 220, ids, ledger, null);
            FaultRunner faults = new FaultRunner(schedule, rig.broker, rig.hubs, rig.kiosks, rig.timeline);

            Instant t0 = Instant.now();
            rig.timeline.add("note", "visitors", "start: t0");
            load.start();
            faults.start(t0);
            Instant end = t0.plusSeconds(captureSeconds);
            while (Instant.now().isBefore(end)) {
                Thread.sleep(Math.min(10_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
                System.out.println("[chaos " + rig.timeline.offset(Instant.now()) + "] answered " + ledger.answeredCount()
                        + ", unknown " + ledger.unknown().size() + ", faults done " + faults.done() + " of "
                        + schedule.faults.size());
            }
            load.stop();
            Instant capturesEnded = Instant.now();
            rig.timeline.add("note", "visitors", "stop: " + ledger.answeredCount() + " answered");
            faults.join(Duration.ofSeconds(150));
            boolean clientsDone = load.join(CaptureLoad.CAPTURE_DEADLINE.plusSeconds(10));

            // The drain: every kiosk's outbox empty. Then nothing more is on its way to the hub.
            Instant lastFault = rig.timeline.lastFault().at();
            Instant lastRestart = rig.timeline.lastRestart().at();
            boolean drained = rig.awaitDrained(Duration.ofSeconds(drainSeconds));
            Instant drainedAt = Instant.now();
            String drainState = drained ? "" : rig.drainState();
            rig.timeline.add("note", "drain", drained ? "every outbox empty" : "NOT drained after " + drainSeconds + " s");

            ObjectNode report = ChaosReport.mapper().createObjectNode();
            rig.describe(report, ledger, planned);
            report.put("kiosks", kiosks);
            report.put("hubs", HUBS);
            report.put("visitorsPerKiosk", threads);
            report.put("captureSeconds", captureSeconds);
            report.put("clientIdsSent", ids);
            report.put("captureAttempts", load.attempts());
            report.put("drainSecondsAfterLastFault", drained
                    ? Duration.between(lastFault, drainedAt).toMillis() / 1000.0 : null);
            report.put("drainSecondsAfterCapturesEnded", drained
                    ? Duration.between(capturesEnded, drainedAt).toMillis() / 1000.0 : null);
            report.put("drainSecondsAfterLastRestart", drained
                    ? Duration.between(lastRestart, drainedAt).toMillis() / 1000.0 : null);
            Findings findings = rig.verify(ledger, ids, report);
            if (!drained) {
                findings.problem("drain incomplete", "the kiosks' outboxes were not empty " + drainSeconds
                        + " s after the last fault:" + drainState);
            }
            if (!clientsDone) {
                findings.problem("capture clients stuck", "some capture clients were still waiting for answers");
            }
            report.setAll(findings.toJson());
            report.put("passed", findings.ok());
            Path file = ChaosReport.write("chaos", report);
            summary(rig, ledger, findings, drained ? Duration.between(lastFault, drainedAt) : null, file);
            if (!findings.ok()) {
                rig.keepFiles();
                fail(findings.message("ChaosIT", seed) + "\n  report: " + file + "\n  files: " + rig.dir);
            }
        }
    }

    static void summary(Rig rig, Ledger ledger, Findings findings, Duration drain, Path file) {
        System.out.println("[chaos] ===== " + rig.name + " seed " + seed(rig) + " =====");
        System.out.println("[chaos] faults done: " + rig.timeline.faults().size() + "; answered " + ledger.answeredCount()
                + ", unknown " + ledger.unknown().size() + ", unexpected answers " + ledger.refused().size());
        System.out.println("[chaos] drain after the last fault: " + (drain == null ? "INCOMPLETE" : drain.toMillis() / 1000.0 + " s"));
        long gone = findings.lost.stream().filter(l -> !l.inKiosk()).count();
        long refused = findings.lost.stream().filter(l -> l.inKiosk() && !l.atHub()).count();
        System.out.println("[chaos] lost: " + findings.lost.size() + " answered capture(s) (gone from the kiosk's file: "
                + gone + ", in the kiosk but not at the hub: " + refused + ")" + (findings.ok() ? "; all checks passed"
                : "; problems: " + findings.message(rig.name, rig.seed).lines().filter(l -> l.startsWith("  == ")).toList()));
        System.out.println("[chaos] report: " + file);
    }

    private static long seed(Rig rig) {
        return rig.seed;
    }
}
