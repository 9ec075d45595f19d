package org.adoptionkiosk.hub.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Scheduled work that one hub instance does for all of them (the retention erasure): every instance
 * checks whether a job is due, and one runs it. On PostgreSQL the one that runs it holds an advisory
 * lock for the run ({@code pg_try_advisory_xact_lock}, gone with its transaction or its connection,
 * so an instance killed mid-run holds nothing), and an instance checking meanwhile leaves the job to
 * it. The time of the last run ({@code job_runs}) keeps any instance from running it again before it
 * is due. On H2, which one process owns, the row lock on {@code job_runs} is enough.
 */
public final class JobRuns {
    /** The work itself: its own connections and transactions. */
    @FunctionalInterface
    public interface Job {
        void run() throws SQLException;
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final String instanceId;

    public JobRuns(DataSource dataSource, Clock clock, String instanceId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /**
     * Runs {@code job} unless another instance is running it now or it last ran less than
     * {@code every} ago. A run that fails counts as none: the next check tries again.
     *
     * @return whether it ran here
     */
    public boolean runIfDue(String job, Duration every, Job body) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean pg = Sql.isPostgres(c);
                if (pg && !tryLock(c, job)) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement(pg
                        ? "INSERT INTO job_runs (job) VALUES (?) ON CONFLICT DO NOTHING"
                        : "MERGE INTO job_runs t USING (VALUES (CAST(? AS VARCHAR(64)))) AS s(job) ON t.job = s.job"
                        + " WHEN NOT MATCHED THEN INSERT (job) VALUES (s.job)")) {
                    ps.setString(1, job);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    // H2's MERGE can lose a race to make the row; it is there either way.
                    if (pg || !Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                }
                Instant last;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT last_run_at FROM job_runs WHERE job = ? FOR UPDATE")) {
                    ps.setString(1, job);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        last = Sql.getInstant(rs, "last_run_at");
                    }
                }
                Instant now = clock.instant();
                if (last != null && now.isBefore(last.plus(every))) {
                    c.rollback();
                    return false;
                }
                body.run();
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE job_runs SET last_run_at = ?, instance_id = ? WHERE job = ?")) {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, instanceId);
                    ps.setString(3, job);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean tryLock(Connection c, String job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, lockId(job));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The job's advisory lock key: from its name, so no list of numbers needs keeping. */
    static long lockId(String job) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("adoption-kiosk hub job " + job).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
