package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/** {@code --data DIR}: the hub's data folder, for the hub and every tool that works on its files. */
public final class DataOption {
    public static final String DEFAULT = "data/hub";

    @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the hub's data folder: its keys, the H2 store, broker.url (default: data/hub in the "
                    + "working folder)")
    String dir;

    /** The folder, absolute. */
    public Path dir() {
        return Cli.path("--data", Cli.given(dir) == null ? DEFAULT : dir);
    }
}
