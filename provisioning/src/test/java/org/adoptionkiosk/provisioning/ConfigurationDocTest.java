package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.testkit.ConfigurationDoc;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/** The provisioning tool's section of docs/configuration.md is its usage (see {@link ConfigurationDoc}). */
class ConfigurationDocTest {
    @Test
    void theToolsOptionsInTheDocsAreItsUsage() {
        Main main = new Main(System.out, System.err, Map.of(), new BufferedReader(new StringReader("")), false,
                new SecureRandom(), Clock.systemUTC());
        ConfigurationDoc.check("provisioning", ConfigurationDoc.section("Provisioning: `provisioning.jar`",
                        "The operator's tool (`provisioning/target/provisioning.jar`): the hub's keys, the "
                                + "certificate authority and the broker's files once, then a bundle for each kiosk.",
                        Cli.tree(main.commandLine(new Progress(System.err, false), line -> line))),
                "mvn -B -pl provisioning -am test -Dtest=ConfigurationDocTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -DskipITs");
    }
}
