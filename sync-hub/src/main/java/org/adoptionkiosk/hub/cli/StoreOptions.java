package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The hub's store and regions map: the options of the hub itself, of its {@code user} and
 * {@code device} commands and of provisioning's device commands, which work on the same store.
 */
public final class StoreOptions {
    @Mixin
    DataOption data = new DataOption();

    @Option(names = "--jdbc-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "the store: a jdbc:postgresql: or jdbc:h2: URL (default: the H2 file in --data)")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", scope = ScopeType.INHERIT, description = "the database user")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PW", scope = ScopeType.INHERIT,
            description = "the database password (better: the environment variable, which keeps it out of ps)")
    String jdbcPassword;

    @Option(names = "--regions", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the regions map JSON: regions, councils, agencies, offices (default: Wales)")
    String regions;

    public Path dataDir() {
        return data.dir();
    }

    /** The JDBC URL: the one given, or the H2 file in the data folder. */
    public String jdbcUrl() {
        String url = Cli.given(jdbcUrl);
        if (url == null) {
            return HubDatabase.h2Url(dataDir());
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        return url;
    }

    public String jdbcUser() {
        return Cli.given(jdbcUser);
    }

    public String jdbcPassword() {
        return Cli.given(jdbcPassword);
    }

    /** The regions map file, absolute; null for the Wales map shipped with the protocol. */
    public Path regionsFile() {
        return Cli.path("--regions", regions);
    }

    /** The regions map, read; what cannot be read is said in one line. */
    public RegionMap regions() {
        Path file = regionsFile();
        try {
            WireCodec codec = new WireCodec();
            return file == null ? RegionMap.wales(codec.mapper()) : RegionMap.load(file, codec.mapper());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the regions file could not be read: "
                    + Cli.firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
