package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.hub.backup.BackupException;
import org.adoptionkiosk.hub.backup.Restore;
import org.adoptionkiosk.hub.backup.StoreAddress;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar sync-hub.jar restore --from FILE}: a hub back from a backup, its key files into
 * {@code --data} and its store into an empty store of the same kind (see {@link Restore}). Exit 0
 * when done, 2 for a wrong command line, 1 otherwise, each failure one line on standard error.
 */
@Command(name = "restore", description = {
        "Brings a hub back from a file that `backup` wrote: its key files into --data (mode 600) and its store "
                + "into the store given (H2 in --data, or --jdbc-url: an empty PostgreSQL database, loaded by psql "
                + "in one transaction). Stop every hub on that store first.",
        "It refuses, changing nothing, a wrong passphrase, a damaged or cut-short file, a store that already has "
                + "tables and key files in --data other than the backup's; --force replaces the store's tables and "
                + "keeps such key files beside, renamed *.replaced-<time>."})
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "the backup file (.hubbak)")
    String from;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "the backup's passphrase, on the file's first line (or the passphrase itself in "
                    + BackupCommand.PASSPHRASE_ENV + ")")
    String passphraseFile;

    @Option(names = "--force", description = "replace a store that has tables, and key files other than the backup's")
    boolean force;

    @Option(names = "--pg-bin", paramLabel = "DIR",
            description = "the folder of psql, for a PostgreSQL store (default: found on the PATH)")
    String pgBin;

    private final StoreOptions store;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    /** @param store the hub's store options (given here or before the command) */
    public RestoreCommand(StoreOptions store, Map<String, String> env, PrintStream out, PrintStream err) {
        this.store = store;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Path file = Cli.orMisuse(spec, () -> Cli.path("--from", from));
        if (!Files.exists(file)) {
            throw Cli.misuse(spec, "--from " + file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw Cli.misuse(spec, "--from " + file + ": not a readable file");
        }
        String passphrase = Cli.orMisuse(spec, () -> Passphrases.read("--passphrase-file", passphraseFile,
                BackupCommand.PASSPHRASE_ENV, env));
        if (passphrase == null) {
            throw Cli.misuse(spec, "the backup's passphrase is needed: give --passphrase-file FILE or set "
                    + BackupCommand.PASSPHRASE_ENV);
        }
        StoreAddress address = Cli.orMisuse(spec, () -> BackupCommand.address(store, pgBin, env));
        Path dataDir = store.dataDir();
        try {
            Restore.Restored r = Restore.run(new Restore.Request(file, passphrase, address, dataDir, force),
                    Clock.systemUTC());
            out.println("restored " + file.getFileName() + " into " + r.store() + (r.replaced() ? " (its tables replaced)"
                    : "") + ", and its key files into " + dataDir);
            out.println("  " + r.summary());
            if (!r.setAside().isEmpty()) {
                out.println("  the key files that were there are kept beside: " + String.join(", ", r.setAside()));
            }
            if (r.manifest().keysEncrypted()) {
                out.println("  the private keys are encrypted: the hub needs the key passphrase they were made with"
                        + " (--key-passphrase-file or HUB_KEY_PASSPHRASE)");
            }
            out.println("  start the hub with --data " + dataDir + " and this store");
            return Cli.OK;
        } catch (BackupException e) {
            err.println("sync-hub: restore failed: " + Cli.firstLine(e.getMessage()));
            return Cli.FAILURE;
        }
    }
}
