package org.adoptionkiosk.bench;

import org.adoptionkiosk.protocol.options.Cli;
import org.adoptionkiosk.testkit.ConfigurationDoc;
import org.junit.jupiter.api.Test;

/** The benchmark's section of docs/configuration.md is its usage (see {@link ConfigurationDoc}). */
class ConfigurationDocTest {
    @Test
    void theBenchmarksOptionsInTheDocsAreItsUsage() {
        ConfigurationDoc.check("bench", ConfigurationDoc.section("Benchmark: `bench.jar`",
                        "The benchmark (`bench/target/bench.jar`); it reads no environment variables.",
                        Cli.tree(Main.commandLine(System.out, System.err))),
                "mvn -B -pl bench -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-DskipITs");
    }
}
