package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.testkit.Browser;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.TestKiosk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real kiosk and one headless Chromium at 800×480 for a whole test class, with a
 * {@link Visitor} on the kiosk's page. The browser starts first, so a machine without Chromium
 * skips the class before any kiosk starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KioskInBrowser {
    @RegisterExtension
    @Order(1)
    final Started<Browser> browser = Started.perClass(dir -> Browser.open(800, 480));
    @RegisterExtension
    @Order(2)
    final Started<TestKiosk> kiosk = Started.perClass(dir -> TestKiosk.in(dir, this::settings));
    protected Visitor visitor;

    /** The kiosk's settings for the class; override for a staff PIN, short timings and the like. */
    protected ApplianceConfig settings(ApplianceConfig defaults) {
        return defaults;
    }

    @BeforeAll
    void aVisitorAtTheKiosk() {
        visitor = new Visitor(browser.get(), kiosk.get().uri("/").toString());
    }
}
