package org.adoptionkiosk.hub.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background work on personal data: the person index a little at a time (so it never competes
 * with ingest for long), and the retention erasure at start and then daily.
 */
public final class PrivacyJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrivacyJobs.class);
    /**
     * About 20 records a second: far more than kiosks send in a day's events, yet little enough CPU
     * (each needs an HPKE open) that it never slows the ingest beside it. An erasure request catches
     * up on the spot anyway.
     */
    private static final int INDEX_STEP = 100;
    private static final long INDEX_EVERY_SECONDS = 5;
    private static final long RETENTION_EVERY_HOURS = 24;

    private final ScheduledExecutorService executor;

    private PrivacyJobs(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static PrivacyJobs start(PersonIndex index, Erasure erasure) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-privacy");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(() -> {
            try {
                index.indexPending(INDEX_STEP);
            } catch (SQLException | RuntimeException e) {
                log.warn("person index step failed: {}", e.getClass().getSimpleName());
            }
        }, INDEX_EVERY_SECONDS, INDEX_EVERY_SECONDS, TimeUnit.SECONDS);
        ex.scheduleWithFixedDelay(() -> {
            try {
                Erasure.RetentionResult r = erasure.applyRetention();
                if (r.records() > 0 || r.deadLetters() > 0) {
                    log.info("retention: erased the personal part of {} record(s) and {} dead letter payload(s)",
                            r.records(), r.deadLetters());
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("retention run failed: {}", e.getClass().getSimpleName());
            }
        }, 0, RETENTION_EVERY_HOURS, TimeUnit.HOURS);
        return new PrivacyJobs(ex);
    }

    /** Lets a step in progress finish: a thread inside H2 is never interrupted. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("a privacy job is still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
