package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.ChildProcess;
import org.adoptionkiosk.testkit.MosquittoProcess;
import org.adoptionkiosk.testkit.KioskProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Carries out a {@link FaultSchedule} on its own thread, each fault at its offset from {@code t0}
 * (later, if the one before is still being carried out), writing each to the {@link Timeline}.
 * A killed hub or kiosk is started again on a thread of its own, so a slow JVM start does not push
 * the rest of the schedule back. A fault that cannot be carried out stops the schedule and is reported.
 */
final class FaultRunner {
    private final FaultSchedule schedule;
    private final MosquittoProcess broker;
    private final List<HubProcess> hubs;
    private final List<KioskProcess> kiosks;
    private final Timeline timeline;
    private final Thread thread;
    /** The restart in progress of each process, if any. */
    private final Map<ChildProcess, Thread> restarts = new HashMap<>();
    private volatile Instant t0;
    private volatile Throwable failure;
    private volatile int done;

    FaultRunner(FaultSchedule schedule, MosquittoProcess broker, List<HubProcess> hubs, List<KioskProcess> kiosks,
                Timeline timeline) {
        this.schedule = schedule;
        this.broker = broker;
        this.hubs = hubs;
        this.kiosks = kiosks;
        this.timeline = timeline;
        this.thread = new Thread(this::run, "chaos-faults");
        this.thread.setDaemon(true);
    }

    void start(Instant t0) {
        this.t0 = t0;
        thread.start();
    }

    /** Waits for the last fault and every restart; throws what went wrong carrying them out. */
    void join(Duration max) throws InterruptedException {
        thread.join(max.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the fault schedule was still running after " + max + " (" + done + " of "
                    + schedule.faults.size() + " faults done)");
        }
        if (failure != null) {
            throw new AssertionError("a fault could not be carried out: " + failure, failure);
        }
    }

    int done() {
        return done;
    }

    private void run() {
        try {
            for (FaultSchedule.Fault f : schedule.faults) {
                long wait = Duration.between(Instant.now(), t0.plusMillis((long) (f.at() * 1000))).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                execute(f);
                done++;
            }
            for (ChildProcess p : List.copyOf(restarts.keySet())) {
                awaitRestart(p);
            }
        } catch (Throwable e) {
            failure = e;
            timeline.add("note", "faults", "stopped: " + e);
        }
    }

    private void execute(FaultSchedule.Fault f) throws Exception {
        switch (f.kind()) {
            case BROKER_RESTART -> {
                timeline.add("broker-stop", "mosquitto", (f.sigkill() ? "SIGKILL" : "SIGTERM")
                        + String.format(Locale.ROOT, ", down %.1fs", f.down()));
                if (f.sigkill()) {
                    broker.kill();
                } else {
                    broker.stop(15);
                }
                Thread.sleep((long) (f.down() * 1000));
                broker.start();
                timeline.add("broker-start", "mosquitto", "");
                if (f.thenKiosk() >= 0) {
                    KioskProcess k = kiosks.get(f.thenKiosk());
                    awaitRestart(k);
                    Thread.sleep((long) (f.thenDelay() * 1000));
                    kill(k, String.format(Locale.ROOT, "%.1fs after the broker was back", f.thenDelay()), f.thenDown());
                }
            }
            case HUB_KILL -> {
                HubProcess h = hubs.get(f.target());
                awaitRestart(h);
                timeline.add("hub-kill", h.instanceId, String.format(Locale.ROOT, "SIGKILL, down %.1fs", f.down()));
                h.kill();
                restartLater(h, f.down(), "hub-start", h.instanceId);
            }
            case KIOSK_KILL -> {
                KioskProcess k = kiosks.get(f.target());
                awaitRestart(k);
                kill(k, "", f.down());
            }
        }
    }

    private void kill(KioskProcess k, String why, double down) throws Exception {
        String state;
        try {
            var status = k.status();
            state = "backlog " + status.path("backlog").asLong() + ", broker "
                    + (status.path("brokerConnected").asBoolean() ? "connected" : "not connected");
        } catch (Exception e) {
            state = "status unreadable";
        }
        timeline.add("kiosk-kill", k.deviceId(), "SIGKILL" + (why.isEmpty() ? "" : " " + why) + "; " + state
                + String.format(Locale.ROOT, "; down %.1fs", down));
        k.kill();
        restartLater(k, down, "kiosk-start", k.deviceId());
    }

    private void restartLater(ChildProcess p, double down, String kind, String target) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((long) (down * 1000));
                p.start();
                timeline.add(kind, target, "start " + p.starts());
            } catch (Throwable e) {
                failure = e;
                timeline.add("note", target, "could not start again: " + e);
            }
        }, "chaos-restart-" + target);
        t.setDaemon(true);
        restarts.put(p, t);
        t.start();
    }

    /** Waits until a restart of {@code p} in progress is done (a slow start holds the schedule back here). */
    private void awaitRestart(ChildProcess p) throws InterruptedException {
        Thread t = restarts.remove(p);
        if (t != null) {
            t.join(Duration.ofSeconds(120).toMillis());
            if (t.isAlive()) {
                throw new IllegalStateException(p.name() + " did not start again within 120 s");
            }
        }
        if (failure != null) {
            throw new IllegalStateException("a restart failed", failure);
        }
    }
}
