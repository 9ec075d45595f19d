package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.Await;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A power cut: one kiosk syncing to a hub, 1,000 captures from 8 visitors at once, and a SIGKILL of
 * the kiosk at a seeded point among them; it starts again on its data directory and the rest are
 * captured. Every capture answered 201 must survive in the kiosk's own file (and reach the hub),
 * and no seq may be answered twice.
 *
 * <p>The visitors take their time (about 80 s for the 1,000) and the kill comes after 60–95% of
 * them: by then the hub's acks have been settling on the kiosk for longer than H2's 45 s retention,
 * so H2 writes new captures into space those settlements freed, which is where a kill loses them.
 */
class PowerCutIT {
    private static final int CAPTURES = 1_000;
    private static final int VISITORS = 8;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyCaptureAnsweredBeforeThePowerCutSurvivesIt() throws Exception {
        Rig.requireServices();
        long seed = FaultSchedule.seed();
        int killAfter = FaultSchedule.powerCutPoint(seed, CAPTURES);
        double down = Math.round((0.5 + new Random(seed ^ 0x5DEECE66DL).nextDouble() * 1.5) * 10) / 10.0;
        String plan = "kiosk SIGKILL once " + killAfter + " of " + CAPTURES + " captures were answered, down " + down + "s";
        System.out.println("[chaos] PowerCutIT seed " + seed + " (replay: -Dchaos.seed=" + seed + "): " + plan);

        try (Rig rig = Rig.start("powercut", seed, 1, 1, 5_000)) {
            KioskProcess kiosk = rig.kiosks.get(0);
            Ledger ledger = new Ledger();
            boolean ids = rig.probeClientIds(kiosk, ledger);
            CaptureLoad load = new CaptureLoad(rig.kiosks, VISITORS, 400, 900, ids, ledger, CAPTURES - 1);
            rig.timeline.add("note", "visitors", "start");
            load.start();
            Await.atMost(Duration.ofSeconds(120)).every(Duration.ofMillis(2))
                    .until(killAfter + " captures answered", ledger::answeredCount, n -> n >= killAfter);
            rig.timeline.add("kiosk-kill", kiosk.deviceId(), "SIGKILL after " + ledger.answeredCount() + " answered");
            kiosk.kill();
            Thread.sleep((long) (down * 1000));
            kiosk.start();
            rig.timeline.add("kiosk-start", kiosk.deviceId(), "start " + kiosk.incarnation());
            boolean clientsDone = load.join(Duration.ofSeconds(100));
            Instant capturesEnded = Instant.now();
            rig.timeline.add("note", "visitors", "done: " + ledger.answeredCount() + " answered");

            Instant lastFault = rig.timeline.lastFault().at();
            boolean drained = rig.awaitDrained(Duration.ofSeconds(30));
            Instant drainedAt = Instant.now();
            String drainState = drained ? "" : rig.drainState();

            ObjectNode report = ChaosReport.mapper().createObjectNode();
            rig.describe(report, ledger, List.of(plan));
            report.put("clientIdsSent", ids);
            report.put("captureAttempts", load.attempts() + 1);
            report.put("killAfterAnswered", killAfter);
            report.put("drainSecondsAfterLastFault", drained
                    ? Duration.between(lastFault, drainedAt).toMillis() / 1000.0 : null);
            report.put("drainSecondsAfterCapturesEnded", drained
                    ? Duration.between(capturesEnded, drainedAt).toMillis() / 1000.0 : null);
            Findings findings = rig.verify(ledger, ids, report);
            if (!drained) {
                findings.problem("drain incomplete", "the kiosk's outbox was not empty 30 s after the captures ended:" + drainState);
            }
            if (!clientsDone) {
                findings.problem("capture clients stuck", "some capture clients were still waiting for answers");
            }
            report.setAll(findings.toJson());
            report.put("passed", findings.ok());
            Path file = ChaosReport.write("powerCut", report);
            ChaosIT.summary(rig, ledger, findings, drained ? Duration.between(lastFault, drainedAt) : null, file);
            if (!findings.ok()) {
                rig.keepFiles();
                fail(findings.message("PowerCutIT", seed) + "\n  report: " + file + "\n  files: " + rig.dir);
            }
        }
    }
}
