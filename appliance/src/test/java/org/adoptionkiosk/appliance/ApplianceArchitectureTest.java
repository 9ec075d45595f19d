package org.adoptionkiosk.appliance;

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
 * The kiosk's packages and which may use which, as docs/architecture.md draws them: the screen
 * (web) calls the visitor's and staff's desks (capture, staff), they reach the hub's config, the
 * outbox and sync, and everything ends at the store. Nothing calls back up, and no two packages
 * need each other. The metrics read the sync agent from above and only the wiring knows them; no
 * class but the metrics package's touches Micrometer.
 */
@AnalyzeClasses(packages = "org.adoptionkiosk.appliance", importOptions = ImportOption.DoNotIncludeTests.class)
class ApplianceArchitectureTest {
    private static final String ROOT = "org.adoptionkiosk.appliance";

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dataFlowsOneWay = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            // Main, Appliance and the start-up options wire everything together; a cli package would too.
            .layer("Composition").definedBy(or(resideInAPackage(ROOT), resideInAPackage(ROOT + ".cli..")))
            .layer("Metrics").definedBy(ROOT + ".metrics..")
            .layer("Web").definedBy(ROOT + ".web..")
            .layer("Desks").definedBy(ROOT + ".capture..", ROOT + ".staff..")
            .layer("Config").definedBy(ROOT + ".config..")
            .layer("Sync").definedBy(ROOT + ".sync..", ROOT + ".outbox..", ROOT + ".retention..")
            .layer("Domain").definedBy(ROOT + ".event..", ROOT + ".figures..", ROOT + ".device..", ROOT + ".sealing..")
            .layer("Store").definedBy(ROOT + ".store..")
            .whereLayer("Composition").mayNotBeAccessedByAnyLayer()
            .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Composition")
            .whereLayer("Metrics").mayOnlyAccessLayers("Sync", "Store")
            .whereLayer("Web").mayOnlyAccessLayers("Desks", "Config", "Sync", "Domain", "Store")
            .whereLayer("Desks").mayOnlyAccessLayers("Config", "Sync", "Domain", "Store")
            .whereLayer("Config").mayOnlyAccessLayers("Sync", "Domain", "Store")
            .whereLayer("Sync").mayOnlyAccessLayers("Store")
            .whereLayer("Domain").mayOnlyAccessLayers("Store")
            .whereLayer("Store").mayNotAccessAnyLayer();

    /** The meter names and their wiring live in one package. */
    @ArchTest
    static final ArchRule onlyTheMetricsPackageUsesMicrometer = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..");

    /** One registry, made by the kiosk and passed in: never Micrometer's static global one. */
    @ArchTest
    static final ArchRule noGlobalRegistry = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("io.micrometer.core.instrument.Metrics");
}
