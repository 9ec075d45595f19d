package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.testkit.Browser;
import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * One real kiosk and one headless Chromium at 800×480 for a whole test class, with a
 * {@link Visitor} on the kiosk's page. The browser starts first, so a machine without Chromium
 * skips the class before any kiosk starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KioskInBrowser {
    protected Path dir;
    protected HubKeys keys;
    protected Browser browser;
    protected TestKiosk kiosk;
    protected Visitor visitor;

    /** The kiosk's settings for the class; override for a staff PIN, short timings and the like. */
    protected ApplianceConfig config(Path dataDir, HubKeys hubKeys) {
        return TestKiosk.config(dataDir, hubKeys);
    }

    @BeforeAll
    void startKioskAndBrowser(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        browser = Browser.open(800, 480);
        keys = HubKeys.create(dir);
        kiosk = TestKiosk.start(config(dir.resolve("data"), keys));
        visitor = new Visitor(browser, kiosk.uri("/").toString());
    }

    @AfterAll
    void stopKioskAndBrowser() {
        if (kiosk != null) {
            kiosk.close();
        }
        if (browser != null) {
            browser.close();
        }
    }
}
