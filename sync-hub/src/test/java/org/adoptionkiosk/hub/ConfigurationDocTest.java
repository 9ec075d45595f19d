package org.adoptionkiosk.hub;

import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.testkit.ConfigurationDoc;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The hub's section of docs/configuration.md is its usage (see {@link ConfigurationDoc}). */
class ConfigurationDocTest {
    @Test
    void theHubsOptionsInTheDocsAreItsUsage() {
        ConfigurationDoc.check("hub", ConfigurationDoc.section("Sync hub: `sync-hub.jar`",
                        "The central hub (`sync-hub/target/sync-hub.jar`), and its commands (`user`, `device`, "
                                + "`signing-key`, `backup`, `restore`), which work on the hub's own store and keys.",
                        Cli.tree(Main.commandLine(System.out, System.err, Map.of(), null, null))),
                "mvn -B -pl sync-hub -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-DskipITs");
    }
}
