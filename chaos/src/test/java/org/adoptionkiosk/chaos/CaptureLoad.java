package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.KioskProcess;
import org.adoptionkiosk.testkit.Visitors;
import org.adoptionkiosk.testkit.Http;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Visitors at several kiosks at once: a few client threads per kiosk, each posting one capture
 * after another with a short random pause. Every answer goes into the {@link Ledger}.
 *
 * <p>A request whose reply never came (the kiosk was killed under it) is "unknown". When the kiosk
 * takes a client-made {@code id}, the client sends that same request again once the kiosk is back,
 * until it hears an answer: a repeat of a stored record answers 200 with the original seq, so even
 * these captures end up known. Otherwise the unknown one is left unasserted and the client moves on.
 */
final class CaptureLoad {
    /** A request may take this long before it counts as unanswered (a killed kiosk's socket may hang). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** A capture still unanswered after this, retries and all, is given up on as unknown. */
    static final Duration CAPTURE_DEADLINE = Duration.ofSeconds(120);

    private final List<KioskProcess> kiosks;
    private final int threadsPerKiosk;
    private final long pauseMinMs;
    private final long pauseMaxMs;
    private final boolean sendIds;
    private final Ledger ledger;
    /** Captures still to start, shared by every thread; null for "until stopped". */
    private final AtomicInteger budget;
    private final Http http = new Http();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean stopping;

    CaptureLoad(List<KioskProcess> kiosks, int threadsPerKiosk, long pauseMinMs, long pauseMaxMs, boolean sendIds,
                Ledger ledger, Integer budget) {
        this.kiosks = kiosks;
        this.threadsPerKiosk = threadsPerKiosk;
        this.pauseMinMs = pauseMinMs;
        this.pauseMaxMs = pauseMaxMs;
        this.sendIds = sendIds;
        this.ledger = ledger;
        this.budget = budget == null ? null : new AtomicInteger(budget);
    }

    void start() {
        for (KioskProcess k : kiosks) {
            for (int i = 0; i < threadsPerKiosk; i++) {
                Thread t = new Thread(() -> run(k), "visitor-" + k.deviceId() + "-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }
    }

    /** Captures started so far (retries of the same capture not counted). */
    int attempts() {
        return attempts.get();
    }

    /** No new captures; those in hand are finished (retried until answered when ids are sent). */
    void stop() {
        stopping = true;
    }

    /** Waits for every client thread to finish; false if some are still at it after {@code max}. */
    boolean join(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        for (Thread t : threads) {
            long left = end - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private void run(KioskProcess kiosk) {
        try {
            while (!stopping && (budget == null || budget.getAndDecrement() > 0)) {
                attempts.incrementAndGet();
                capture(kiosk, Visitors.next(sendIds));
                long pause = ThreadLocalRandom.current().nextLong(pauseMinMs, pauseMaxMs + 1);
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one capture until it is answered, or gives it up as unknown. */
    void capture(KioskProcess kiosk, Visitors.Capture c) throws InterruptedException {
        ledger.sent(c.email());
        long deadline = System.nanoTime() + CAPTURE_DEADLINE.toNanos();
        int tries = 0;
        String lastUnknown = null;
        int lastIncarnation = 0;
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                ledger.unknown(new Ledger.Unknown(kiosk.deviceId(), c.id(), c.email(), Instant.now(), lastIncarnation,
                        "no answer within " + CAPTURE_DEADLINE + (lastUnknown == null ? "" : "; last: " + lastUnknown)));
                return;
            }
            if (!kiosk.awaitUp(Duration.ofSeconds(5))) {
                continue;
            }
            int incarnation = kiosk.incarnation();
            lastIncarnation = incarnation;
            Http.Reply reply;
            tries++;
            try {
                reply = http.post(kiosk.httpPort(), "/api/records", c.body(), REQUEST_TIMEOUT);
            } catch (IOException e) {
                if (isConnectRefused(e)) {
                    // Never reached the kiosk (it is down and not yet marked so): try again shortly.
                    tries--;
                    Thread.sleep(50);
                    continue;
                }
                lastUnknown = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (sendIds) {
                    Thread.sleep(50);
                    continue; // the same id again once the kiosk answers
                }
                ledger.unknown(new Ledger.Unknown(kiosk.deviceId(), null, c.email(), Instant.now(), incarnation,
                        lastUnknown));
                return;
            }
            Instant at = Instant.now();
            if (reply.status() == 201 || (reply.status() == 200 && sendIds)) {
                UUID id = UUID.fromString(reply.body().get("id").asText());
                long seq = reply.body().get("seq").asLong();
                if (c.id() != null && !c.id().equals(id)) {
                    ledger.refused(new Ledger.Refused(kiosk.deviceId(), at, reply.status(),
                            "answered id " + id + " for a capture sent with id " + c.id() + ": " + reply.text()));
                }
                ledger.answered(new Ledger.Answered(kiosk.deviceId(), id, seq, at, incarnation, c.email(),
                        reply.status(), tries));
                return;
            }
            if (reply.status() == 503 && sendIds) {
                Thread.sleep(100);
                continue;
            }
            if (reply.status() == 503) {
                ledger.unknown(new Ledger.Unknown(kiosk.deviceId(), null, c.email(), at, incarnation,
                        "503 " + reply.text()));
                return;
            }
            ledger.refused(new Ledger.Refused(kiosk.deviceId(), at, reply.status(), reply.text()));
            return;
        }
    }

    private static boolean isConnectRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
