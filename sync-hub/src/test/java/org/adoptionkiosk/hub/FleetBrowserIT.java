package org.adoptionkiosk.hub;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fleet pages in real headless Chromium, signed in through the real login form: sorting by a
 * clicked header, the flag on a silent kiosk, pushing a config from a kiosk's page (a mistake first,
 * then the fix), and a dead letter whose payload is a script, shown as text. Screenshots land in
 * sync-hub/target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetBrowserIT {
    private static final Texts TEXTS = new Texts();

    final TestClock clock = TestClock.running();
    // The browser first: without Chromium the class is skipped (or fails when required) before a hub starts.
    @RegisterExtension
    @Order(1)
    final Started<Browser> browser = Started.perClass(dir -> Browser.open(1280, 800));
    @RegisterExtension
    @Order(2)
    final Started<HubFixture> hub = Started.perClass(dir -> {
        HubFixture f = new HubFixture(dir, Map.of(), clock);
        f.addUser("central-browser", org.adoptionkiosk.hub.accounts.Role.CENTRAL, null, null);
        return f;
    });
    WebDriver driver;
    String base;

    @BeforeAll
    void signedIn() {
        driver = browser.get().driver();
        base = "http://127.0.0.1:" + hub.get().hub.httpPort();
        signIn("central-browser");
    }

    /** Through the sign-in form, as a person would; then English, whatever the browser's language. */
    private void signIn(String username) {
        driver.get(base + "/fleet");
        waitUntil(d -> d.getCurrentUrl().contains("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(HubFixture.PASSWORD);
        driver.findElement(By.cssSelector("form.login button[type=submit]")).click();
        waitUntil(d -> d.getCurrentUrl().endsWith("/fleet"));
        language("en");
    }

    private void language(String lang) {
        driver.findElement(By.cssSelector(".lang-toggle button[value='" + lang + "']")).click();
        waitUntil(d -> lang.equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
    }

    /** Waits; an element found on the page before it reloaded counts as "not yet", not as a failure. */
    private <V> V waitUntil(Function<WebDriver, V> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static String en(String key) {
        return TEXTS.get(key).en();
    }

    private static String cy(String key) {
        return TEXTS.get(key).cy();
    }

    /** Publishes a retained status and waits until the hub has stored it. */
    private void status(Statuses s) throws Exception {
        java.time.Instant before = FleetTest.statusAt(hub.get(), s.deviceId);
        hub.get().as(s.deviceId).publishRetained(Topics.status(s.deviceId), hub.get().codec.encode(s.build()));
        Await.until("the status of " + s.deviceId, () -> FleetTest.statusAt(hub.get(), s.deviceId),
                t -> t != null && !t.equals(before));
    }

    private List<String> rows() {
        return driver.findElements(By.cssSelector("#fleet tbody th[scope=row] a")).stream()
                .map(WebElement::getText).filter(id -> id.startsWith("br-")).toList();
    }

    @Test
    void theFleetSortsByAClickedHeaderAndFlagsASilentKiosk() throws Exception {
        clock.advance(Duration.ofDays(-2));
        try {
            Statuses old = Statuses.of("br-old");
            old.backlog = 0L;
            old.version = "0.9.0";
            status(old);
        } finally {
            clock.advance(Duration.ofDays(2));
        }
        for (Object[] k : new Object[][] {{"br-a", 30L}, {"br-b", 3L}, {"br-c", 300L}}) {
            Statuses s = Statuses.of((String) k[0]);
            s.backlog = (Long) k[1];
            status(s);
        }

        driver.get(base + "/fleet");
        assertEquals(List.of("br-a", "br-b", "br-c", "br-old"), rows(), "by kiosk id at first");

        driver.findElement(By.cssSelector("#fleet thead a[href*='sort=backlog']")).click();
        waitUntil(d -> d.getCurrentUrl().contains("sort=backlog&dir=asc"));
        assertEquals(List.of("br-old", "br-b", "br-a", "br-c"), rows(), "fewest waiting first");
        WebElement header = driver.findElement(By.xpath("//table[@id='fleet']//th[.//a[contains(@href,'sort=backlog')]]"));
        assertEquals("ascending", header.getDomAttribute("aria-sort"));

        driver.findElement(By.cssSelector("#fleet thead a[href*='sort=backlog']")).click();
        waitUntil(d -> d.getCurrentUrl().contains("sort=backlog&dir=desc"));
        assertEquals(List.of("br-c", "br-a", "br-b", "br-old"), rows(), "clicked again: most waiting first");

        WebElement silent = driver.findElement(By.xpath("//table[@id='fleet']//tr[.//a[text()='br-old']]"));
        assertEquals("flagged", silent.getDomAttribute("class"));
        assertTrue(silent.getText().contains(en("fleet.silent")), silent.getText());
        WebElement lively = driver.findElement(By.xpath("//table[@id='fleet']//tr[.//a[text()='br-a']]"));
        assertNull(lively.getDomAttribute("class"));
        assertFalse(lively.getText().contains(en("fleet.silent")));
        browser.get().screenshot("hub-fleet-en-sorted-by-backlog");

        language("cy");
        assertTrue(driver.getCurrentUrl().contains("sort=backlog&dir=desc"), "the toggle keeps the sort");
        silent = driver.findElement(By.xpath("//table[@id='fleet']//tr[.//a[text()='br-old']]"));
        assertTrue(silent.getText().contains(cy("fleet.silent")), silent.getText());
        browser.get().screenshot("hub-fleet-cy-sorted-by-backlog");
        language("en");
    }

    @Test
    void aConfigIsPushedFromTheKioskPageAfterAMistakeIsPutRight() throws Exception {
        String d = "br-push";
        status(Statuses.of(d));
        try (RawMqtt sub = hub.get().connect(d)) {
            sub.subscribe(Topics.config(d));

            driver.get(base + "/fleet");
            driver.findElement(By.linkText(d)).click();
            waitUntil(dr -> dr.getCurrentUrl().endsWith("/fleet/" + d));
            driver.findElement(By.id("mode-event")).click();
            WebElement name = driver.findElement(By.id("eventName"));
            name.clear();
            name.sendKeys("Eisteddfod Genedlaethol Rhondda Cynon Taf 2026");
            WebElement venue = driver.findElement(By.id("eventVenue"));
            venue.clear();
            venue.sendKeys("Parc Ynysangharad");
            // Date inputs type in the browser's locale; their value is always YYYY-MM-DD.
            js("arguments[0].value = '2026-08-01'; arguments[1].value = '2026-07-25';",
                    driver.findElement(By.id("startsOn")), driver.findElement(By.id("endsOn")));
            driver.findElement(By.id("newsletter")).click(); // off
            driver.findElement(By.id("retentionDays")).sendKeys("30");
            driver.findElement(By.id("config-submit")).click();

            WebElement errors = waitUntil(dr -> dr.findElement(By.id("config-errors")));
            assertTrue(errors.getText().contains(en("config.error.ends_before")), errors.getText());
            assertEquals(en("config.error.ends_before"), driver.findElement(By.id("err-endsOn")).getText());
            assertEquals("true", driver.findElement(By.id("endsOn")).getDomAttribute("aria-invalid"));
            assertEquals("Eisteddfod Genedlaethol Rhondda Cynon Taf 2026",
                    driver.findElement(By.id("eventName")).getDomProperty("value"), "what was typed stays");
            assertFalse(driver.findElement(By.id("newsletter")).isSelected(), "the boxes stay as they were");
            assertEquals(0, hub.get().count("SELECT COUNT(*) FROM device_configs WHERE device_id = ?", d));
            browser.get().screenshot("hub-kiosk-config-mistake-en");

            js("arguments[0].value = '2026-08-08';", driver.findElement(By.id("endsOn")));
            driver.findElement(By.id("config-submit")).click();
            WebElement notice = waitUntil(dr -> dr.findElement(By.cssSelector("p.notice")));
            assertEquals(en("fleet.config.saved"), notice.getText());
            assertTrue(driver.getCurrentUrl().endsWith("/fleet/" + d + "?saved=1#main"), driver.getCurrentUrl());

            DeviceConfig config = hub.get().config(d, sub.next());
            assertEquals(1, config.version());
            assertEquals("event", config.mode());
            assertEquals(new DeviceConfig.EventSpec("Eisteddfod Genedlaethol Rhondda Cynon Taf 2026",
                    "Parc Ynysangharad", LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 8)), config.event());
            assertEquals(new DeviceConfig.FormOptions(true, true, false), config.formOptions());
            assertEquals(30, config.retentionDays());
            assertTrue(driver.findElement(By.id("config-kiosk")).getText().contains(en("kiosk.config.waiting")));

            // The kiosk applies it and says so in its next status.
            Statuses applied = Statuses.of(d);
            applied.configVersion = 1L;
            status(applied);
            driver.navigate().refresh();
            assertEquals(en("kiosk.config.applied"), driver.findElement(By.id("config-kiosk")).getText());
            browser.get().screenshot("hub-kiosk-config-applied-en");
            language("cy");
            assertEquals(cy("kiosk.config.applied"), driver.findElement(By.id("config-kiosk")).getText());
            browser.get().screenshot("hub-kiosk-config-applied-cy");
            language("en");
        }
    }

    @Test
    void aDeadLetterHoldingAScriptIsShownAsTextAndNeverRun() throws Exception {
        String d = "br-dead";
        String script = "<script>alert(1)</script>";
        hub.get().as(d).publish(Topics.records(d), "{\"note\":\"" + script + "\", not json");
        Await.until("the dead letter", () -> hub.get().deadLetters(d), n -> n == 1);

        driver.get(base + "/dead-letters");
        WebElement row = driver.findElement(By.xpath("//table[@id='dead-letters']//tr[td[text()='" + d + "']]"));
        row.findElement(By.cssSelector("th a")).click();
        WebElement payload = waitUntil(dr -> dr.findElement(By.id("payload")));

        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "no alert opened");
        assertTrue(payload.getText().contains(script), payload.getText());
        assertEquals(0L, js("return document.querySelectorAll('main script').length"),
                "the payload made no script element");
        assertEquals(1, hub.get().count("SELECT COUNT(*) FROM audit_log WHERE action = 'dead-letter-view'"
                + " AND username = 'central-browser' AND device_id = ?", d));
        browser.get().screenshot("hub-dead-letter-en");
    }
}
