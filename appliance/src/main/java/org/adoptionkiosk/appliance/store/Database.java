package org.adoptionkiosk.appliance.store;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kiosk's H2 database, reached only through one dedicated thread.
 *
 * <p>H2 closes its file when a thread using it is interrupted, and Jetty or an impatient caller
 * may interrupt theirs. So no caller ever touches JDBC: each submits its work here and waits for
 * the result. A caller that is interrupted stops waiting, but the database thread finishes the
 * work (and its commit or rollback) untouched. Nothing here ever interrupts that thread.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Work done on the database thread with its one connection, in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final ExecutorService thread;
    private Connection connection;
    private volatile boolean closed;

    private Database(String url) {
        this.url = url;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kiosk-db");
            t.setDaemon(false);
            return t;
        });
    }

    /**
     * The JDBC URL of the kiosk database in {@code dataDir}. WRITE_DELAY=0 makes H2 write each
     * commit at once; with its default delay a killed process loses up to half a second of
     * commits that visitors were already thanked for. REUSE_SPACE=FALSE makes H2 append every
     * commit instead of writing it into space freed earlier: the chaos suite and a plain H2
     * reproducer showed H2 2.5, on reopening after a kill, failing to find its newest chunks once
     * they had been written into reused space, and losing commits that were already forced to
     * disk. Appending costs file growth between starts; {@link #open} compacts the file first.
     */
    public static String urlFor(Path dataDir) {
        return urlFor("file", dataDir);
    }

    /** As {@link #urlFor(Path)} through one of H2's file systems (tests use one that simulates a power cut). */
    static String urlFor(String fileSystem, Path dataDir) {
        return "jdbc:h2:" + fileSystem + ":" + dataDir.toAbsolutePath().resolve("kiosk")
                // CACHE_SIZE (KiB) fixed at 4 MiB: H2 otherwise scales it with -Xmx (16 MiB at 256m); a kiosk's
                // working set (the outbox's unsynced tail and today's figures) is far smaller (docs/kiosk.md).
                + ";WRITE_DELAY=0;REUSE_SPACE=FALSE;CACHE_SIZE=4096";
    }

    /** Opens (creating if needed) the database in {@code dataDir} and brings its schema up to date. */
    public static Database open(Path dataDir) throws IOException {
        return open("file", dataDir);
    }

    static Database open(String fileSystem, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Database db = new Database(urlFor(fileSystem, dataDir));
        try {
            db.await(CompletableFuture.runAsync(db::connectAndMigrate, db.thread));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private void connectAndMigrate() {
        try {
            Flyway.configure()
                    .dataSource(url, "sa", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            compact();
            connection = DriverManager.getConnection(url, "sa", "");
            connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot open the kiosk database: " + rootReason(e), e);
        }
    }

    /**
     * Rewrites the file with only its live data (H2's SHUTDOWN COMPACT: a new file, then a rename,
     * so a kill in the middle leaves the old one): what appending added since the last start goes.
     */
    private void compact() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
    }

    /** The innermost cause's first line: Flyway wraps H2's plain reason (e.g. "already in use") in a banner. */
    private static String rootReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Runs {@code work} on the database thread and commits; rolls back if it throws.
     *
     * @throws StoreException when the work or the commit fails, the database is closed, or the
     *                        caller is interrupted while waiting (the work still completes)
     */
    public <T> T call(Work<T> work) {
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(() -> runInTransaction(work), thread);
        } catch (RejectedExecutionException e) {
            throw new StoreException("the kiosk database is closed");
        }
        return await(result);
    }

    /**
     * Queues {@code task} on the database thread and returns at once; the task may use
     * {@link #runInTransaction}. For work that gathers several callers' requests into one commit.
     */
    void runLater(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            throw new StoreException("the kiosk database is closed");
        }
    }

    <T> T await(CompletableFuture<T> result) {
        try {
            // CompletableFuture.get never interrupts the worker, unlike FutureTask.cancel(true).
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** True when the database answers within {@code timeoutMillis}. */
    public boolean isHealthy(long timeoutMillis) {
        if (closed) {
            return false;
        }
        try {
            CompletableFuture<Boolean> ok = CompletableFuture.supplyAsync(
                    () -> runInTransaction(c -> c.isValid(1)), thread);
            return ok.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Runs {@code work} in its own transaction, then forces the commit to the device; only on
     * the database thread. H2 writes a commit to the file at once (WRITE_DELAY=0) but never
     * forces it: until the operating system flushes its cache, a power cut loses it.
     * {@code CHECKPOINT SYNC} writes whatever is pending and calls fsync on the file.
     *
     * @throws StoreException also when the commit succeeded but the force failed: the caller
     *                        must not promise the work is safe (a retry with the same record id
     *                        finds it)
     */
    <T> T runDurably(Work<T> work) {
        T value = runInTransaction(work);
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw new StoreException("could not force the commit to disk: " + e.getMessage(), e);
        }
        return value;
    }

    /** Runs {@code work} in its own transaction; only on the database thread. */
    <T> T runInTransaction(Work<T> work) {
        if (connection == null) {
            throw new StoreException("the kiosk database is not open");
        }
        try {
            T value = work.run(connection);
            connection.commit();
            return value;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("database work failed: " + e.getMessage(), e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StoreException se) {
            return se;
        }
        return new StoreException("database work failed: " + cause, cause);
    }

    /** Closes the connection on the database thread, then lets the thread end. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CompletableFuture.runAsync(() -> {
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        log.warn("closing the kiosk database: {}", e.getMessage());
                    }
                    connection = null;
                }
            }, thread).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            log.warn("closing the kiosk database: {}", e.toString());
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the database thread did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
