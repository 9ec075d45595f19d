package org.adoptionkiosk.bench;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.ChildProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One sync-hub instance of the fan-in phase ({@code org.adoptionkiosk.hub.Main} of this jar) as a
 * child JVM, as a deployment runs it: its own heap and garbage collector, on the real Mosquitto
 * (so it ingests through the shared subscription) and the phase's PostgreSQL schema.
 */
final class FaninHub extends ChildProcess {
    private static final String READY = "sync-hub running";

    FaninHub(String name, Path log, List<String> jvmOptions, List<String> args) {
        super(name, log, javaCommand(jvmOptions, "org.adoptionkiosk.hub.Main", args));
    }

    @Override
    protected void awaitReady(Process p, long logOffset) throws Exception {
        Await.atMost(Duration.ofSeconds(120)).every(Duration.ofMillis(100)).showing(() -> tail(40))
                .until(name() + " to say '" + READY + "'", () -> {
                    requireAlive(p);
                    return logSince(logOffset).contains(READY);
                });
    }
}
