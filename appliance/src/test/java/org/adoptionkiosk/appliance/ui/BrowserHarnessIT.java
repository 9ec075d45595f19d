package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.testkit.Browser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Proves the browser harness on a real kiosk: exact viewport, touch emulation, a loaded page and a
 * screenshot. Deliberately knows nothing of the page beyond it having a title.
 */
class BrowserHarnessIT {
    @TempDir
    Path dir;

    @Test
    void opensTheKioskPageAtTheTouchscreensSize() throws Exception {
        // The browser first: on a machine without Chromium the test is skipped before a kiosk starts.
        try (Browser browser = Browser.open(800, 480);
             TestKiosk kiosk = TestKiosk.start(dir.resolve("data"), HubKeys.create(dir))) {
            WebDriver driver = browser.driver();
            driver.get("http://127.0.0.1:" + kiosk.appliance.httpPort() + "/");
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    "complete".equals(js(d, "return document.readyState")));

            assertEquals(List.of(800L, 480L), js(driver, "return [window.innerWidth, window.innerHeight]"));
            assertTrue(((Number) js(driver, "return navigator.maxTouchPoints")).intValue() > 0,
                    "touch emulation: navigator.maxTouchPoints");
            assertFalse(driver.getTitle().isBlank(), "the page has a title");

            Path shot = browser.screenshot("harness-800x480");
            BufferedImage image = ImageIO.read(shot.toFile());
            assertEquals(List.of(800, 480), List.of(image.getWidth(), image.getHeight()), shot.toString());

            browser.resize(1280, 800);
            assertEquals(List.of(1280L, 800L), js(driver, "return [window.innerWidth, window.innerHeight]"));
        }
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
