package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar sync-hub.jar signing-key add-next|promote|retire-old}: the three steps of rotating
 * the key the hub signs acks and configs with, on the key files in {@code --data} (plain or
 * passphrase-encrypted), run while the hub is stopped. Each step says what to do next.
 */
@Command(name = "signing-key", description = {
        "Rotates the hub's signing key, in three steps.",
        "The signing key is the one kiosks check every ack and config against. Run each step while every hub "
                + "instance is stopped:",
        "  add-next    adds a new key beside the current one; copy the new public file to every kiosk",
        "  promote     the new key signs from the next start on (a kiosk without the new public file",
        "              counts its acks as forged, and keeps its records until it gets the file)",
        "  retire-old  removes the old key; copy the public file to every kiosk again",
        "With several hub instances, copy the key files to each of them after every step."})
public final class SigningKeyCommand implements Callable<Integer> {
    /** One rotation step on the key files of a data folder. */
    @FunctionalInterface
    private interface Step {
        void run(Path dir, String passphrase) throws IOException, GeneralSecurityException;
    }

    @Spec
    CommandSpec spec;
    @Mixin
    KeyOptions key = new KeyOptions();

    private final StoreOptions store;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    /** @param store the hub's options, for {@code --data} (given here or before the command) */
    public SigningKeyCommand(StoreOptions store, Map<String, String> env, PrintStream out, PrintStream err) {
        this.store = store;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        throw Cli.needsCommand(spec);
    }

    @Command(name = "add-next", description = "Adds a new signing key beside the current one, not yet used.")
    int addNext() {
        return run(SigningKeys::addNextKey, "added a next signing key; now copy %s to every kiosk (beside its hub"
                + " key), restart the hub, and once every kiosk has it run: signing-key promote");
    }

    @Command(name = "promote", description = "Makes the next key the one that signs, from the hub's next start.")
    int promote() {
        return run(SigningKeys::promoteNextKey, "the next key signs from the hub's next start; restart the hub."
                + " Later, run: signing-key retire-old, and copy %s to every kiosk");
    }

    @Command(name = "retire-old", description = "Removes every signing key but the one that signs.")
    int retireOld() {
        return run(SigningKeys::retireOldKeys, "the old signing key is gone; copy %s to every kiosk and restart"
                + " the hub");
    }

    private int run(Step step, String done) {
        Path dir;
        String passphrase;
        try {
            dir = store.dataDir();
            passphrase = key.passphrase(env);
        } catch (IllegalArgumentException e) {
            throw Cli.misuse(spec, e.getMessage());
        }
        try {
            step.run(dir, passphrase);
        } catch (IOException | GeneralSecurityException e) {
            err.println("sync-hub: signing key in " + dir + ": " + e.getMessage());
            return Cli.FAILURE;
        }
        out.println(String.format(done, dir.resolve(SigningKeys.PUBLIC_FILE)));
        return 0;
    }
}
