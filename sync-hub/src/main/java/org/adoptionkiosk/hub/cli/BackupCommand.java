package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.hub.backup.Backup;
import org.adoptionkiosk.hub.backup.BackupException;
import org.adoptionkiosk.hub.backup.StoreAddress;
import org.adoptionkiosk.hub.web.BuildInfo;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar sync-hub.jar backup --to DIR}: one encrypted file holding the hub's store and
 * its key files (see {@link Backup}). Exit 0 when written, 2 for a wrong command line, 1 otherwise,
 * each failure one line on standard error; nothing of the store is ever printed.
 */
@Command(name = "backup", description = {
        "Writes one encrypted file that brings the hub back with `restore`: the store (H2: its SCRIPT; PostgreSQL: "
                + "pg_dump, in one snapshot, while the hub runs) and the key files of --data, without which no "
                + "enquiry in it could be opened again.",
        "The file is hub-backup-<UTC time>.hubbak in --to (mode 600), encrypted with a passphrase of 12 characters "
                + "or more from --passphrase-file or " + BackupCommand.PASSPHRASE_ENV + ": keep it apart from the "
                + "backups. With H2, stop the hub first: H2 lets one process open its store."})
public final class BackupCommand implements Callable<Integer> {
    /** The backup passphrase itself: an environment variable only, never an option. */
    public static final String PASSPHRASE_ENV = "HUB_BACKUP_PASSPHRASE";
    static final int MIN_PASSPHRASE = 12;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "DIR", required = true,
            description = "the folder the backup file is written into (it must exist)")
    String to;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "the backup passphrase, on the file's first line (or the passphrase itself in "
                    + PASSPHRASE_ENV + ")")
    String passphraseFile;

    @Option(names = "--pg-bin", paramLabel = "DIR",
            description = "the folder of pg_dump, for a PostgreSQL store (default: found on the PATH)")
    String pgBin;

    private final StoreOptions store;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    /** @param store the hub's store options (given here or before the command) */
    public BackupCommand(StoreOptions store, Map<String, String> env, PrintStream out, PrintStream err) {
        this.store = store;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Path toDir = Cli.orMisuse(spec, () -> Cli.path("--to", to));
        if (!Files.exists(toDir)) {
            throw Cli.misuse(spec, "--to " + toDir + ": no such folder");
        }
        if (!Files.isDirectory(toDir)) {
            throw Cli.misuse(spec, "--to " + toDir + " is not a folder");
        }
        String passphrase = Cli.orMisuse(spec, () -> Passphrases.read("--passphrase-file", passphraseFile,
                PASSPHRASE_ENV, env));
        if (passphrase == null) {
            throw Cli.misuse(spec, "a backup needs a passphrase: give --passphrase-file FILE or set " + PASSPHRASE_ENV);
        }
        if (passphrase.codePointCount(0, passphrase.length()) < MIN_PASSPHRASE) {
            throw Cli.misuse(spec, "the backup passphrase must be " + MIN_PASSPHRASE + " characters or more: it is all"
                    + " that keeps the store and the keys in the file from whoever has a copy");
        }
        StoreAddress address = Cli.orMisuse(spec, () -> address(store, pgBin, env));
        try {
            Backup.Written w = Backup.write(new Backup.Request(address, store.dataDir(), toDir, passphrase,
                    BuildInfo.load().version()), Clock.systemUTC(), new SecureRandom());
            out.println("backup written: " + w.file() + " (" + size(w.bytes()) + ")");
            out.println("  " + w.summary());
            out.println("  keep the passphrase apart from the backups: the file and the passphrase together open every"
                    + " enquiry in it");
            return Cli.OK;
        } catch (BackupException e) {
            err.println("sync-hub: backup failed: " + Cli.firstLine(e.getMessage()));
            return Cli.FAILURE;
        }
    }

    /** Where the store is, from the hub's store options; PostgreSQL's programs from --pg-bin or the PATH. */
    static StoreAddress address(StoreOptions store, String pgBin, Map<String, String> env) {
        return new StoreAddress(store.jdbcUrl(), store.jdbcUser(), store.jdbcPassword(), Cli.path("--pg-bin", pgBin),
                env.get("PATH"));
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
