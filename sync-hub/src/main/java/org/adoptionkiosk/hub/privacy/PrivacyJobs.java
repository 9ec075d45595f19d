package org.adoptionkiosk.hub.privacy;

import org.adoptionkiosk.hub.store.JobRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background work on personal data: the person index a little at a time (so it never competes
 * with ingest for long; every instance takes its share), and the retention erasure, which one
 * instance runs for all about daily (see {@link JobRuns}).
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
    /** Checked at start and then hourly; run when a day has passed since any instance last ran it. */
    private static final long RETENTION_CHECK_MINUTES = 60;
    private static final Duration RETENTION_EVERY = Duration.ofDays(1);
    static final String RETENTION_JOB = "retention";

    private final ScheduledExecutorService executor;

    private PrivacyJobs(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static PrivacyJobs start(PersonIndex index, Erasure erasure, JobRuns jobs) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-privacy");
            t.setDaemon(true);
            return t;
        });
        ex.execute(() -> {
            try {
                index.retryUnreadable();
            } catch (SQLException | RuntimeException e) {
                log.warn("person index: could not requeue unreadable records: {}", e.getClass().getSimpleName());
            }
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
                jobs.runIfDue(RETENTION_JOB, RETENTION_EVERY, () -> {
                    Erasure.RetentionResult r = erasure.applyRetention();
                    if (r.records() > 0 || r.deadLetters() > 0) {
                        log.info("retention: erased the personal part of {} record(s) and {} dead letter payload(s)",
                                r.records(), r.deadLetters());
                    }
                });
            } catch (SQLException | RuntimeException e) {
                log.warn("retention run failed: {}", e.getClass().getSimpleName());
            }
        }, 0, RETENTION_CHECK_MINUTES, TimeUnit.MINUTES);
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
