package org.adoptionkiosk.hub;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The hub's packages and which may use which, as docs/architecture.md draws them: ingest writes
 * into the store; figures, follow-up, the follow-up mail, the fleet and privacy read and change it (and
 * backup copies it whole, with the keys); the web pages call those. The shared parts below them (accounts,
 * audit, keys, routing, the registry, the broker, the
 * calendar and the MQTT client) call nothing above themselves, the store calls nothing at all, and
 * no two packages need each other. The metrics watch ingest, the services and the store from above,
 * and only the wiring knows them: nothing reports to a meter but through an interface of its own
 * package (ingest's {@code IngestEvents}), and no class but the metrics package's touches Micrometer.
 */
@AnalyzeClasses(packages = "org.adoptionkiosk.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class HubArchitectureTest {
    private static final String ROOT = "org.adoptionkiosk.hub";

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dataFlowsOneWay = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            // Main, Hub and the start-up options wire everything together; a cli package would too.
            .layer("Composition").definedBy(or(resideInAPackage(ROOT), resideInAPackage(ROOT + ".cli..")))
            .layer("Metrics").definedBy(ROOT + ".metrics..")
            .layer("Web").definedBy(ROOT + ".web..")
            .layer("Ingest").definedBy(ROOT + ".ingest..")
            .layer("Services").definedBy(ROOT + ".figures..", ROOT + ".followup..", ROOT + ".fleet..",
                    ROOT + ".mail..", ROOT + ".privacy..", ROOT + ".backup..")
            .layer("Shared").definedBy(ROOT + ".accounts..", ROOT + ".audit..", ROOT + ".broker..",
                    ROOT + ".calendar..", ROOT + ".keys..", ROOT + ".mqtt..", ROOT + ".registry..",
                    ROOT + ".routing..", ROOT + ".history..")
            .layer("Store").definedBy(ROOT + ".store..")
            .whereLayer("Composition").mayNotBeAccessedByAnyLayer()
            .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Composition")
            .whereLayer("Metrics").mayOnlyAccessLayers("Ingest", "Services", "Shared", "Store")
            .whereLayer("Web").mayOnlyAccessLayers("Services", "Shared", "Store")
            .whereLayer("Ingest").mayOnlyAccessLayers("Shared", "Store")
            .whereLayer("Services").mayOnlyAccessLayers("Shared", "Store")
            .whereLayer("Shared").mayOnlyAccessLayers("Store")
            .whereLayer("Store").mayNotAccessAnyLayer();

    /** The meter names and their wiring live in one package. */
    @ArchTest
    static final ArchRule onlyTheMetricsPackageUsesMicrometer = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..");

    /** One registry, made by the hub and passed in: never Micrometer's static global one. */
    @ArchTest
    static final ArchRule noGlobalRegistry = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("io.micrometer.core.instrument.Metrics");
}
