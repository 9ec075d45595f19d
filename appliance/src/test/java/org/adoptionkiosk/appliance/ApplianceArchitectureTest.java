package org.adoptionkiosk.appliance;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The kiosk's packages and which may use which, as docs/architecture.md draws them: the screen
 * (web) calls the visitor's and staff's desks (capture, staff), they reach the hub's config, the
 * outbox and sync, and everything ends at the store. Nothing calls back up, and no two packages
 * need each other.
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
            .layer("Web").definedBy(ROOT + ".web..")
            .layer("Desks").definedBy(ROOT + ".capture..", ROOT + ".staff..")
            .layer("Config").definedBy(ROOT + ".config..")
            .layer("Sync").definedBy(ROOT + ".sync..", ROOT + ".outbox..", ROOT + ".retention..")
            .layer("Domain").definedBy(ROOT + ".event..", ROOT + ".figures..", ROOT + ".device..", ROOT + ".sealing..")
            .layer("Store").definedBy(ROOT + ".store..")
            .whereLayer("Composition").mayNotBeAccessedByAnyLayer()
            .whereLayer("Web").mayOnlyAccessLayers("Desks", "Config", "Sync", "Domain", "Store")
            .whereLayer("Desks").mayOnlyAccessLayers("Config", "Sync", "Domain", "Store")
            .whereLayer("Config").mayOnlyAccessLayers("Sync", "Domain", "Store")
            .whereLayer("Sync").mayOnlyAccessLayers("Store")
            .whereLayer("Domain").mayOnlyAccessLayers("Store")
            .whereLayer("Store").mayNotAccessAnyLayer();
}
