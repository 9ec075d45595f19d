package org.adoptionkiosk.appliance.retention;

import org.adoptionkiosk.appliance.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The kiosk's local retention: a record the hub acknowledged more than the retention period ago
 * loses its sealed personal part here (the hub holds it), at start and then once a day. The
 * non-personal fields stay for the kiosk's own figures, and a record the hub has not yet
 * acknowledged keeps everything, however old. The same wipe as staff's button, with a cut-off.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final Duration EVERY = Duration.ofDays(1);

    private final Outbox outbox;
    private final Clock clock;
    private final IntSupplier days;
    private final ScheduledExecutorService timer;
    private boolean closed;

    /** @param days the retention period in days now (the hub may change it) */
    public Retention(Outbox outbox, Clock clock, IntSupplier days) {
        this.outbox = outbox;
        this.clock = clock;
        this.days = days;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiosk-retention");
            t.setDaemon(true);
            return t;
        });
    }

    /** Wipes what is due now, then every day. */
    public void start() {
        timer.scheduleWithFixedDelay(this::runQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Wipes the sealed part of every record the hub acknowledged more than the retention period ago.
     *
     * @return how many records lost theirs
     */
    public int wipeExpired() {
        int period = days.getAsInt();
        Instant cutoff = clock.instant().minus(Duration.ofDays(period));
        int wiped = outbox.wipeSyncedPersonalData(cutoff);
        if (wiped > 0) {
            log.info("retention: wiped the personal part of {} record(s) the hub acknowledged over {} days ago",
                    wiped, period);
        }
        return wiped;
    }

    private void runQuietly() {
        try {
            wipeExpired();
        } catch (RuntimeException e) {
            // The database is closing or failing; tomorrow's run tries again.
            log.warn("retention: could not wipe expired personal data: {}", e.getMessage());
        }
    }

    /** Stops the daily run; one in progress finishes (nothing here interrupts a database caller). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
