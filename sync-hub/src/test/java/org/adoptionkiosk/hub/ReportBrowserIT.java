package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.Browser;
import org.adoptionkiosk.testkit.Started;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * The board's report in a real headless Chromium, in English then Welsh, over {@link ReportTest}'s
 * seeded data set and its known answers (the PDF's text is checked against the same answers there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserIT {
    @RegisterExtension
    @Order(1)
    final Started<Browser> browser = Started.perClass(dir -> Browser.open(1280, 800));
    @RegisterExtension
    @Order(2)
    final Started<FunnelFixture> fixture = Started.perClass(ReportTest::seed);
    WebDriver d;
    String base;
    DashboardBrowser ui;

    @BeforeAll
    void names() {
        d = browser.get().driver();
        base = "http://127.0.0.1:" + fixture.get().f.hub.httpPort();
        ui = new DashboardBrowser(d, base);
    }

    @Test
    void theFirstHalfOf2026InEnglishAndWelsh() {
        ui.signIn("central-test");
        d.findElement(By.linkText("Board report")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("report")).isEmpty());
        new Select(d.findElement(By.id("businessYear"))).selectByValue("2026");
        new Select(d.findElement(By.id("part"))).selectByValue("h1");
        d.findElement(By.cssSelector("form.period button[type=submit]")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> w.getCurrentUrl().contains("part=h1"));

        assertEquals("Board report: first half of 2026-27", d.findElement(By.tagName("h1")).getText());
        assertEquals(List.of("6 enquiries were received: the 2nd highest first half since 2014-15.",
                "The kiosks recorded 4 sign-ins: the highest first half since 2024-25."), sentences().subList(0, 2));
        assertEquals(List.of("5", "–", "reported (before the kiosks)"), DashboardBrowser.cells(ui.row("report-years", "2014-15")));
        assertEquals(List.of("6", "4", "captured"), DashboardBrowser.cells(ui.row("report-years", "2026-27")));
        assertEquals(5, d.findElements(By.cssSelector("#chart-years rect")).size(), "a bar for each year");
        assertEquals(List.of("Pontypridd", "40", "4", "4", "10.0%", "3"), DashboardBrowser.cells(ui.row("report-events", "Eisteddfod 2026")));
        assertTrue(d.findElement(By.id("report-attributions")).getText()
                .contains("Eisteddfod 2026: 4 enquiries → 3 approvals"));
        assertEquals(List.of("3", "75.0%"), DashboardBrowser.cells(ui.row("report-funnel", "Approvals")));
        assertEquals(List.of("7.2 months", "Met"), DashboardBrowser.cells(ui.row("times", "Median")));
        assertEquals(List.of("1", "2", "0", "33.3%", "Not met"), DashboardBrowser.cells(ui.row("stages", "Stage 2 within 4 months")));
        assertTrue(d.findElement(By.id("pdf-en")).getAttribute("href").endsWith("/reports/2026/h1.pdf?lang=en"));

        ui.toWelsh();
        assertEquals("Adroddiad i'r bwrdd: hanner cyntaf 2026-27", d.findElement(By.tagName("h1")).getText());
        assertEquals(List.of("Daeth 6 o ymholiadau i law: yr ail uchaf ar gyfer hanner cyntaf y flwyddyn ers 2014-15.",
                "Cofnododd y ciosgau 4 o gofrestriadau: yr uchaf ar gyfer hanner cyntaf y flwyddyn ers 2024-25."),
                sentences().subList(0, 2));
        assertEquals(List.of("5", "–", "wedi'u hadrodd (cyn y ciosgau)"), DashboardBrowser.cells(ui.row("report-years", "2014-15")));
        assertEquals(List.of("Pontypridd", "40", "4", "4", "10.0%", "3"), DashboardBrowser.cells(ui.row("report-events", "Eisteddfod 2026")));
        assertTrue(d.findElement(By.id("report-attributions")).getText()
                .contains("Eisteddfod 2026: 4 o ymholiadau → 3 o gymeradwyaethau"));
        assertEquals(List.of("3", "75.0%"), DashboardBrowser.cells(ui.row("report-funnel", "Cymeradwyaethau")));
        assertEquals(List.of("7.2 mis", "Wedi'i gyrraedd"), DashboardBrowser.cells(ui.row("times", "Canolrif")));
    }

    private List<String> sentences() {
        return d.findElements(By.cssSelector("#report-sentences li")).stream().map(WebElement::getText).toList();
    }
}
