package org.adoptionkiosk.protocol;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * What both ends share stays a plain description of the wire: no package cycles, the wire types
 * (the top-level package) never use the shared command-line options, and the MQTT client library
 * only behind the one callback adapter.
 */
@AnalyzeClasses(packages = "org.adoptionkiosk.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.adoptionkiosk.protocol.(*)..").should()
            .beFreeOfCycles().allowEmptyShould(true);

    /** The wire knows nothing of command lines: the options use the wire types, never the other way. */
    @ArchTest
    static final ArchRule theWireDoesNotUseTheOptions = noClasses()
            .that().resideInAPackage("org.adoptionkiosk.protocol")
            .should().dependOnClassesThat().resideInAPackage("org.adoptionkiosk.protocol.options..");

    /** The wire types are the top-level package; a package of shared start-up options may need more. */
    @ArchTest
    static final ArchRule pahoOnlyBehindTheAdapter = noClasses()
            .that().resideInAPackage("org.adoptionkiosk.protocol")
            .and().doNotHaveFullyQualifiedName(MqttCallbackAdapter.class.getName())
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.paho..");
}
