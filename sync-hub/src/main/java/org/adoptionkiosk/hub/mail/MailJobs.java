package org.adoptionkiosk.hub.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The mail's background work on each instance: the sender every few seconds (an arrival email
 * leaves within seconds of the ack), the day's scheduler every minute. Both go by the hub's clock
 * (backoff, the hour, the working day), so a test moves time rather than waiting; {@link #nudge()}
 * runs both at once.
 */
public final class MailJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailJobs.class);
    static final long SEND_EVERY_MS = 1_000;
    static final long SCHEDULE_EVERY_MS = 60_000;

    private final ScheduledExecutorService executor;
    private final MailSender sender;
    private final MailScheduler scheduler;

    private MailJobs(ScheduledExecutorService executor, MailSender sender, MailScheduler scheduler) {
        this.executor = executor;
        this.sender = sender;
        this.scheduler = scheduler;
    }

    public static MailJobs start(MailSender sender, MailScheduler scheduler) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-mail");
            t.setDaemon(true);
            return t;
        });
        MailJobs jobs = new MailJobs(ex, sender, scheduler);
        ex.scheduleWithFixedDelay(jobs::schedule, 0, SCHEDULE_EVERY_MS, TimeUnit.MILLISECONDS);
        ex.scheduleWithFixedDelay(jobs::send, SEND_EVERY_MS, SEND_EVERY_MS, TimeUnit.MILLISECONDS);
        return jobs;
    }

    /** Runs the scheduler and then the sender now, on the mail thread, without waiting for them. */
    public void nudge() {
        executor.execute(() -> {
            schedule();
            send();
        });
    }

    private void schedule() {
        try {
            MailScheduler.Run run = scheduler.runIfDue();
            if (run.reminders() + run.escalations() + run.digests() > 0) {
                log.info("mail for {}: {} reminder(s), {} escalation(s), {} digest(s) written", run.day(),
                        run.reminders(), run.escalations(), run.digests());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("mail scheduler run failed: {}", e.getClass().getSimpleName());
        }
    }

    private void send() {
        try {
            sender.sendDue();
        } catch (SQLException | RuntimeException e) {
            log.warn("mail sender round failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Lets a round in progress finish: a thread inside H2 is never interrupted. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("a mail round is still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
