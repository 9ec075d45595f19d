package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.Browser;
import org.adoptionkiosk.testkit.Started;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The recruitment funnel in a real headless Chromium, in English and Welsh, over
 * {@link FunnelFixture}'s known answers (stages out of order, a withdrawal, and an approved enquiry
 * whose details retention has erased); then a regional user records a stage on the enquiry page,
 * is told in Welsh what is missing, and sees it counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FunnelBrowserIT {
    @RegisterExtension
    @Order(1)
    final Started<Browser> browser = Started.perClass(dir -> Browser.open(1280, 800));
    @RegisterExtension
    @Order(2)
    final Started<FunnelFixture> fixture = Started.perClass(dir -> {
        FunnelFixture x = new FunnelFixture(dir);
        x.closeAndEraseByRetention();
        return x;
    });
    FunnelFixture x;
    WebDriver d;
    String base;
    DashboardBrowser ui;

    @BeforeAll
    void names() {
        x = fixture.get();
        d = browser.get().driver();
        base = "http://127.0.0.1:" + x.f.hub.httpPort();
        ui = new DashboardBrowser(d, base);
    }

    @BeforeEach
    void signedOut() {
        d.manage().deleteAllCookies();
    }

    @Test
    @Order(1)
    void theFunnelOfAprilInEnglishAndWelsh() {
        ui.signIn("central-test");
        d.findElement(By.linkText("Recruitment funnel")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("funnel")).isEmpty());
        d.get(base + "/funnel?businessYear=2026&part=M1");
        assertEquals(List.of("6", "–"), DashboardBrowser.cells(ui.row("funnel", "Enquiries")));
        assertEquals(List.of("5", "83.3%"), DashboardBrowser.cells(ui.row("funnel", "Information sessions")));
        assertEquals(List.of("5", "100.0%"), DashboardBrowser.cells(ui.row("funnel", "Registrations of interest")));
        assertEquals(List.of("4", "80.0%"), DashboardBrowser.cells(ui.row("funnel", "Stage 2")));
        assertEquals(List.of("3", "75.0%"), DashboardBrowser.cells(ui.row("funnel", "Approvals")));
        assertEquals(List.of("1", "–"), DashboardBrowser.cells(ui.row("funnel", "Withdrawn or not progressed")));
        assertEquals(List.of("3", "–"), DashboardBrowser.cells(ui.row("times", "Approvals")));
        assertEquals(List.of("7.2 months", "Met"), DashboardBrowser.cells(ui.row("times", "Median")));
        assertEquals(List.of("9.0 months", "Not met"), DashboardBrowser.cells(ui.row("times", "75th percentile")));
        assertEquals(List.of("66.7%", "–"), DashboardBrowser.cells(ui.row("times", "Approved within 8 months")));
        assertEquals(List.of("2", "1", "0", "66.7%", "Not met"), DashboardBrowser.cells(ui.row("stages", "Stage 1 within 2 months")));
        assertEquals(List.of("1", "2", "0", "33.3%", "Not met"), DashboardBrowser.cells(ui.row("stages", "Stage 2 within 4 months")));
        // "Eisteddfod 2026: 4 enquiries → 3 approvals", the erased one among them.
        assertEquals(List.of("4", "3", "75.0%", "3", "100.0%", "3", "100.0%", "3", "100.0%", "0", "75.0%"),
                DashboardBrowser.cells(ui.row("event", "eisteddfod-2026")));
        assertEquals(List.of("1", "1", "100.0%", "1", "100.0%", "0", "0.0%", "0", "–", "1", "0.0%"),
                DashboardBrowser.cells(ui.row("event", "pride-2026")));
        assertEquals(List.of("4", "4", "100.0%", "4", "100.0%", "4", "100.0%", "3", "75.0%", "0", "75.0%"),
                DashboardBrowser.cells(ui.row("region", "Vale, Valleys & Cardiff")));
        assertEquals(List.of("1"), DashboardBrowser.cells(ui.row("reasons", "Circumstances changed")));
        browser.get().screenshot("1280x800-en-hub-funnel");

        ui.toWelsh();
        assertTrue(d.getCurrentUrl().contains("/funnel?businessYear=2026&part=M1"), "the toggle comes back to the same view");
        assertEquals(List.of("6", "–"), DashboardBrowser.cells(ui.row("funnel", "Ymholiadau")));
        assertEquals(List.of("3", "75.0%"), DashboardBrowser.cells(ui.row("funnel", "Cymeradwyaethau")));
        assertEquals(List.of("7.2 mis", "Wedi'i gyrraedd"), DashboardBrowser.cells(ui.row("times", "Canolrif")));
        assertEquals(List.of("9.0 mis", "Heb ei gyrraedd"), DashboardBrowser.cells(ui.row("times", "75fed canradd")));
        assertEquals(List.of("2", "1", "0", "66.7%", "Heb ei gyrraedd"), DashboardBrowser.cells(ui.row("stages", "Cam 1 o fewn 2 fis")));
        assertEquals(List.of("4", "4", "100.0%", "4", "100.0%", "4", "100.0%", "3", "75.0%", "0", "75.0%"),
                DashboardBrowser.cells(ui.row("region", "Y Fro, y Cymoedd a Chaerdydd")));
        assertEquals(List.of("1"), DashboardBrowser.cells(ui.row("reasons", "Amgylchiadau wedi newid")));
        browser.get().screenshot("1280x800-cy-hub-funnel");
    }

    @Test
    @Order(2)
    void aRegionalUserRecordsAStageInWelshAndSeesItCounted() {
        ui.signIn("north-staff");
        ui.toWelsh();
        d.get(base + FunnelFixture.path(x.e));
        assertEquals("Nid oes cam diweddarach wedi'i gofnodi eto.", d.findElement(By.id("stages-none")).getText());
        new Select(d.findElement(By.id("stage"))).selectByValue("not-progressed");
        ui.js("document.getElementById('stage-on').value = '2026-05-02'");
        d.findElement(By.id("record-stage")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("enquiry-error")).isEmpty());
        assertEquals("Dewiswch pam y tynnwyd yr ymholiad yn ôl neu pam na symudodd ymlaen.",
                d.findElement(By.id("enquiry-error")).getText());
        browser.get().screenshot("1280x800-cy-hub-stage-error");

        // Recorded with the wrong reason, taken back, recorded again with the right one.
        recordNotProgressed("other");
        assertEquals("02/05/2026 · Rheswm arall · north-staff Tynnu'n ôl (cofnodwyd mewn camgymeriad)",
                d.findElement(By.cssSelector("#stages dd[data-stage=not-progressed]")).getText());
        d.findElement(By.cssSelector("button[data-remove-stage=not-progressed]")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("stages-none")).isEmpty());
        recordNotProgressed("lost-contact");
        assertEquals("02/05/2026 · Wedi colli cysylltiad · north-staff Tynnu'n ôl (cofnodwyd mewn camgymeriad)",
                d.findElement(By.cssSelector("#stages dd[data-stage=not-progressed]")).getText());
        browser.get().screenshot("1280x800-cy-hub-stages");

        d.get(base + "/funnel?businessYear=2026&part=M1");
        assertEquals(List.of("1", "–"), DashboardBrowser.cells(ui.row("funnel", "Ymholiadau")), "only North Wales's enquiry");
        assertEquals(List.of("1", "–"), DashboardBrowser.cells(ui.row("funnel", "Wedi tynnu'n ôl neu heb symud ymlaen")));
        assertEquals(List.of("1"), DashboardBrowser.cells(ui.row("reasons", "Wedi colli cysylltiad")));
    }

    private void recordNotProgressed(String reason) {
        new Select(d.findElement(By.id("stage"))).selectByValue("not-progressed");
        ui.js("document.getElementById('stage-on').value = '2026-05-02'");
        new Select(d.findElement(By.id("reason"))).selectByValue(reason);
        d.findElement(By.id("record-stage")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("stages")).isEmpty());
    }
}
