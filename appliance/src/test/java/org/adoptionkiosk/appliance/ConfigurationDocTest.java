package org.adoptionkiosk.appliance;

import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.testkit.ConfigurationDoc;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The kiosk's section of docs/configuration.md is its usage (see {@link ConfigurationDoc}). */
class ConfigurationDocTest {
    @Test
    void theKiosksOptionsInTheDocsAreItsUsage() {
        ConfigurationDoc.check("kiosk", ConfigurationDoc.section("Kiosk: `appliance.jar`",
                        "The appliance on each Raspberry Pi (`appliance/target/appliance.jar`; on a Pi, "
                                + "`/etc/adoption-kiosk/kiosk.env` sets its `KIOSK_*` variables).",
                        Cli.tree(Main.commandLine(System.out, System.err, Map.of()))),
                "mvn -B -pl appliance -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-DskipITs");
    }
}
