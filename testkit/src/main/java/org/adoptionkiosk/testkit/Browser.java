package org.adoptionkiosk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for integration tests: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver} (never a downloaded one: Selenium Manager is not used), a fresh profile per
 * browser, and a viewport of exactly the requested size with touch emulation, as on the kiosk's
 * touchscreen.
 *
 * <p>System properties (failsafe passes them from the root pom; the defaults apply in an IDE):
 * {@code it.chromium.binary} (/usr/bin/chromium), {@code it.chromedriver} (/usr/bin/chromedriver),
 * {@code it.require.browser} ({@code true} turns a missing browser into a failure instead of a skip),
 * {@code it.screenshots.dir} ({@code target/screenshots} of the module under test).
 *
 * <p>Tests wait explicitly ({@code WebDriverWait}); the implicit wait is zero.
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM_PROPERTY = "it.chromium.binary";
    public static final String CHROMEDRIVER_PROPERTY = "it.chromedriver";
    public static final String REQUIRE_PROPERTY = "it.require.browser";
    public static final String SCREENSHOTS_PROPERTY = "it.screenshots.dir";

    private static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    private static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";

    /*
     * ChromeDriver looks for a selenium-devtools-vNNN module at start and warns "Unable to find CDP
     * implementation matching NNN" when none is on the classpath. The harness needs none (CDP commands
     * go through chromedriver's executeCdpCommand), so that warning is noise. Held here so the
     * level sticks (java.util.logging keeps loggers weakly).
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    private static final AtomicBoolean SKIP_NOTED = new AtomicBoolean();

    private final ChromeDriver driver;
    private final Path profile;
    private boolean closed;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts a headless Chromium whose viewport is exactly {@code width}×{@code height} CSS pixels
     * (device scale factor 1) with touch input emulated. When Chromium or chromedriver is missing,
     * the calling test is skipped, or fails when {@code -Dit.require.browser=true}.
     */
    public static Browser open(int width, int height) {
        Path chromium = Path.of(property(CHROMIUM_PROPERTY, DEFAULT_CHROMIUM));
        Path chromedriver = Path.of(property(CHROMEDRIVER_PROPERTY, DEFAULT_CHROMEDRIVER));
        requireExecutable(chromium, CHROMIUM_PROPERTY, "chromium");
        requireExecutable(chromedriver, CHROMEDRIVER_PROPERTY, "chromium-driver");

        Path profile;
        try {
            profile = Files.createTempDirectory("kiosk-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriver driver = null;
        try {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()) // given here, so Selenium Manager is never run
                    .usingAnyFreePort()
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--disable-sync",
                    "--disable-extensions",
                    "--force-device-scale-factor=1",
                    "--window-size=" + width + "," + height,
                    "--user-data-dir=" + profile);
            options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
            options.setImplicitWaitTimeout(Duration.ZERO);
            driver = new ChromeDriver(service, options);
            Browser browser = new Browser(driver, profile);
            browser.emulate(width, height);
            return browser;
        } catch (RuntimeException | Error e) {
            if (driver != null) {
                try {
                    driver.quit();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            deleteTree(profile);
            throw e;
        }
    }

    /** Changes the viewport to exactly {@code width}×{@code height}, as {@link #open} set it. */
    public void resize(int width, int height) {
        emulate(width, height);
    }

    private void emulate(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("viewport must be positive, got " + width + "x" + height);
        }
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width,
                "height", height,
                "deviceScaleFactor", 1,
                "mobile", false,
                "screenWidth", width,
                "screenHeight", height));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of(
                "enabled", true,
                "maxTouchPoints", 5));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Writes the viewport as {@code name.png} into {@code it.screenshots.dir} and returns the file. */
    public Path screenshot(String name) {
        Path dir = screenshotsDir();
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write screenshot " + name + " to " + dir, e);
        }
    }

    /** Quits the browser and chromedriver and removes the temporary profile. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    /** {@code it.screenshots.dir}, or else {@code target/screenshots} under the working directory (Maven's is the module's). */
    public static Path screenshotsDir() {
        String configured = System.getProperty(SCREENSHOTS_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of("target", "screenshots");
    }

    private static void requireExecutable(Path file, String property, String debianPackage) {
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
            return;
        }
        String problem = file + " (system property " + property + ", Debian package " + debianPackage
                + ") is missing or not executable";
        if (Boolean.parseBoolean(property(REQUIRE_PROPERTY, "false"))) {
            throw new AssertionError("Browser tests are required (-D" + REQUIRE_PROPERTY + "=true) but "
                    + problem + ". .ci/run installs Debian's chromium and chromium-driver packages "
                    + "(apt-get install chromium chromium-driver); or point -D" + property + "= at it.");
        }
        String note = "Browser test skipped: " + problem + ". Install Debian's chromium and "
                + "chromium-driver packages (as .ci/run does) to run it; -D" + REQUIRE_PROPERTY
                + "=true makes this a failure.";
        if (SKIP_NOTED.compareAndSet(false, true)) {
            // Failsafe's console shows only "Skipped: n"; say why once (the reports hold it for each test).
            System.err.println("NOTE: " + note);
        }
        Assumptions.abort(note);
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void deleteTree(Path root) {
        // Chromium may still be flushing its profile for a moment after quit: retry briefly.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Trees.delete(root);
                return;
            } catch (IOException | UncheckedIOException e) {
                // retried below
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
