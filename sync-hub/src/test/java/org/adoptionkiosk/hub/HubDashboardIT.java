package org.adoptionkiosk.hub;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The central dashboard in a real headless Chromium, signed in through its own form: a regional
 * user sees only their region's enquiries and cannot open another region's by its address; the
 * 5-day measure over Easter 2026; a visitor named {@code <script>} is shown as text and nothing
 * runs; a table's CSV download holds exactly the table's numbers, and its chart is drawn; the right-of-access
 * download holds one person's details and nobody else's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubDashboardIT {
    @RegisterExtension
    @Order(1)
    final Started<Browser> browser = Started.perClass(dir -> Browser.open(1280, 800));
    @RegisterExtension
    @Order(2)
    final Started<EnquiryFixture> enquiries = Started.perClass(dir -> {
        EnquiryFixture x = new EnquiryFixture(dir);
        x.f.central();
        return x;
    });
    EnquiryFixture x;
    WebDriver d;
    String base;
    DashboardBrowser ui;

    @BeforeAll
    void names() {
        x = enquiries.get();
        d = browser.get().driver();
        base = "http://127.0.0.1:" + x.f.hub.httpPort();
        ui = new DashboardBrowser(d, base);
    }

    @BeforeEach
    void signedOut() {
        d.manage().deleteAllCookies();
    }

    /** Every script element, and whether any Content-Security-Policy violation was reported. */
    private void assertOnlyTheHubsOwnScripts() {
        assertEquals(List.of(base + "/static/chart.umd.js", base + "/static/hub.js"),
                ui.js("return Array.from(document.scripts).map(s => s.src)"));
    }

    @Test
    void aRegionalUserSeesOnlyTheirRegionAndCannotOpenAnotherByItsAddress() {
        ui.signIn("vvc-staff");
        d.findElement(By.linkText("Enquiries")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("queue")).isEmpty());
        String queue = d.findElement(By.id("queue")).getText();
        List<WebElement> rows = d.findElements(By.cssSelector("#queue tbody tr"));
        assertEquals(3, rows.size(), queue);
        assertFalse(d.getPageSource().contains(x.overdue.toString()), "another region's enquiry is not listed");
        browser.get().screenshot("1280x800-en-hub-queue");

        rows.get(0).findElement(By.cssSelector("a")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("person-name")).isEmpty());
        assertEquals("Gwen Jones", d.findElement(By.id("person-name")).getText());
        browser.get().screenshot("1280x800-en-hub-enquiry");

        d.get(base + "/enquiries/" + EnquiryFixture.D + "/" + x.overdue);
        assertEquals("There is no such enquiry in your queues.", d.findElement(By.id("problem")).getText());
        assertFalse(d.getPageSource().contains("Not Cardiff"));
        assertOnlyTheHubsOwnScripts();
    }

    @Test
    void aVisitorNamedScriptIsShownAsTextAndNothingRuns() {
        ui.signIn("north-staff");
        d.get(base + "/enquiries/" + EnquiryFixture.D + "/" + x.xss);
        assertEquals("<script>alert(1)</script>", d.findElement(By.id("person-name")).getText());
        // An alert would have been opened by now and would fail the next command.
        assertEquals(Boolean.TRUE, ui.js("return document.getElementById('person-name').children.length === 0"));
        assertOnlyTheHubsOwnScripts();
        browser.get().screenshot("1280x800-en-hub-xss-as-text");
    }

    @Test
    void theFiveDayMeasureOverEasterInBothLanguages() throws Exception {
        // One answered on the 5th working day after Easter (in time), one late.
        var central = x.f.central();
        String path = "/enquiries/" + EnquiryFixture.D + "/";
        assertEquals(303, central.post(path + x.beforeEaster + "/respond",
                Map.of("on", "2026-04-13", "method", "phone")).statusCode());
        assertEquals(303, central.post(path + x.friday + "/respond",
                Map.of("on", "2026-04-20", "method", "email")).statusCode());
        ui.signIn("central-test");
        d.get(base + "/measure?businessYear=2026&part=M1");
        assertEquals(List.of("3", "1", "1", "0", "1", "50.0%", "Not met"), cells(row("measure", "Vale, Valleys & Cardiff")));
        assertEquals(List.of("7", "1", "1", "2", "3", "25.0%", "Not met"), cells(row("measure", "All of the service")));
        browser.get().screenshot("1280x800-en-hub-measure");
        ui.toWelsh();
        assertTrue(d.getCurrentUrl().contains("/measure?businessYear=2026&part=M1"), "the toggle comes back to the same view");
        assertEquals(List.of("3", "1", "1", "0", "1", "50.0%", "Heb ei gyrraedd"),
                cells(row("measure", "Y Fro, y Cymoedd a Chaerdydd")));
        assertEquals(List.of("7", "1", "1", "2", "3", "25.0%", "Heb ei gyrraedd"), cells(row("measure", "Y gwasanaeth cyfan")));
        browser.get().screenshot("1280x800-cy-hub-measure");
    }

    /**
     * On Thursday 23 April North Wales's enquiry of the 16th is due today; the agency's of the 14th
     * was due on the 21st and is overdue. Every page's header says so to the queue's own staff, in
     * both languages, and the queue shows when each enquiry was made on the kiosk and when the hub
     * received it.
     */
    @Test
    void aRegionalUserSeesTheirQueuesDueTodayAndOverdueOnEveryPage() {
        Instant before = x.clock.instant();
        x.clock.set(Instant.parse("2026-04-23T09:00:00Z"));
        try {
            ui.signIn("north-staff");
            for (String page : List.of("/figures", "/measure", "/enquiries")) {
                d.get(base + page);
                assertEquals("Due today: 1", d.findElement(By.id("due-today")).getText(), page);
                assertEquals("Overdue: 0", d.findElement(By.id("overdue")).getText(), page);
            }
            List<String> heads = d.findElements(By.cssSelector("#queue thead th")).stream()
                    .map(WebElement::getText).toList();
            assertTrue(heads.contains("Made on the kiosk") && heads.contains("Received by the hub"), heads.toString());
            List<String> made = cells(d.findElements(By.cssSelector("#queue tbody tr")).get(0));
            assertTrue(made.contains("16/04/2026 11:00"), "made at 10:00 UTC is 11:00 in Wales (BST): " + made);
            browser.get().screenshot("1280x800-en-hub-due-counts");
            ui.toWelsh();
            assertEquals("Ymateb erbyn heddiw: 1", d.findElement(By.id("due-today")).getText());
            assertEquals("Yn hwyr: 0", d.findElement(By.id("overdue")).getText());

            d.manage().deleteAllCookies();
            ui.signIn("agency-staff");
            assertEquals("Due today: 0", d.findElement(By.id("due-today")).getText());
            assertEquals("Overdue: 1", d.findElement(By.id("overdue")).getText());

            d.manage().deleteAllCookies();
            ui.signIn("central-test");
            assertTrue(d.findElements(By.id("due-counts")).isEmpty(), "a central user has every queue, not one");
        } finally {
            x.clock.set(before);
        }
    }

    /** The chooser offers every business year with data and the one before, and shows the title's year. */
    @Test
    void thePeriodChooserShowsTheYearOfThePageItIsOn() {
        ui.signIn("central-test");
        d.get(base + "/figures");
        assertEquals(List.of("2026-27", "2025-26"), options("businessYear"), "this year (with data) and the one before");
        assertEquals("2026-27", selected("businessYear"));
        assertTrue(d.findElement(By.tagName("h1")).getText().contains("2026-27"), d.findElement(By.tagName("h1")).getText());

        d.get(base + "/measure?businessYear=2019&part=H1");
        assertTrue(d.findElement(By.tagName("h1")).getText().contains("2019"), d.findElement(By.tagName("h1")).getText());
        assertEquals("2019-20", selected("businessYear"), "a year asked for by its address is offered, and shown");
        assertEquals("H1", d.findElement(By.id("part")).getAttribute("value"));

        d.get(base + "/figures?businessYear=nonsense");
        assertEquals("2026-27", selected("businessYear"), "the year shown after a bad request is the title's");
        assertTrue(d.findElement(By.tagName("h1")).getText().contains("2026-27"));
    }

    private List<String> options(String select) {
        return d.findElements(By.cssSelector("#" + select + " option")).stream().map(WebElement::getText).toList();
    }

    private String selected(String select) {
        return d.findElement(By.cssSelector("#" + select + " option:checked")).getText();
    }

    @Test
    void aTablesCsvHoldsExactlyItsNumbersAndItsChartIsDrawn() {
        ui.signIn("central-test");
        d.get(base + "/figures?businessYear=2026");
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> Boolean.TRUE.equals(
                ui.js("return document.querySelector('canvas[data-chart-for=region]').dataset.drawn === 'true'")));
        browser.get().screenshot("1280x800-en-hub-figures");
        @SuppressWarnings("unchecked")
        List<List<String>> table = (List<List<String>>) ui.js("return Array.from(document.querySelectorAll('#region tr'))"
                + ".map(r => Array.from(r.cells).map(c => c.dataset.value !== undefined"
                + " ? String(Number(c.dataset.value)) : c.textContent.trim()))");
        String href = d.findElement(By.cssSelector("#region-caption + a.csv")).getAttribute("href");
        String csv = (String) ((JavascriptExecutor) d).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.text()).then(done);", href);
        List<List<String>> lines = csv.replace("\uFEFF", "").lines().map(HubDashboardIT::csvLine).toList();
        assertEquals(table, lines, "the CSV is the table, cell for cell");
        assertTrue(table.stream().anyMatch(r -> r.get(0).equals("Vale, Valleys & Cardiff") && r.get(2).equals("4")),
                "four enquiries from Cardiff and the Vale this year (one sent to an agency): " + table);
    }

    /**
     * The central team answers a subject access request: Gwen Jones's records found by her email,
     * and the JSON download (fetched with the page's own form, as the button sends it) holds her
     * details and nothing of anyone else's. The email never appears in an address.
     */
    @Test
    void theRightOfAccessDownloadHoldsThePersonAndNobodyElse() throws Exception {
        ui.signIn("central-test");
        d.findElement(By.linkText("Right of access")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("email")).isEmpty());
        d.findElement(By.id("email")).sendKeys(EnquiryFixture.email("Gwen Jones"));
        d.findElement(By.id("access-find")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> !w.findElements(By.id("access-found")).isEmpty());
        assertEquals("These details are in 1 record(s): 1 enquiry(ies) and 0 sign-in(s).",
                d.findElement(By.id("access-found")).getText());
        assertTrue(d.getCurrentUrl().endsWith("/access/find"), d.getCurrentUrl());
        assertFalse(d.getPageSource().contains("Gwen Jones"), "the search page shows counts, not details");
        browser.get().screenshot("1280x800-en-hub-right-of-access");
        String answer = (String) ((JavascriptExecutor) d).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const form = document.getElementById('access-download-json').form;"
                        + "fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('content-type') + '\\n' + t)));");
        String head = answer.substring(0, answer.indexOf('\n'));
        String json = answer.substring(answer.indexOf('\n') + 1);
        assertEquals("200 application/json", head);
        var root = x.f.codec.mapper().readTree(json);
        assertEquals(1, root.path("records").size(), json);
        var record = root.path("records").get(0);
        assertEquals(x.beforeEaster.toString(), record.path("recordId").asText());
        assertEquals("Gwen Jones", record.at("/person/name").asText());
        assertEquals(EnquiryFixture.email("Gwen Jones"), record.at("/person/email").asText());
        assertEquals("CF10 1AA", record.at("/person/postcode").asText());
        assertEquals("eisteddfod-2026", record.at("/event/id").asText());
        for (String other : List.of("Ifan Rees", "Not Cardiff", "Siân Lloyd", "Agency Person", "Bristol Person",
                "<script>alert(1)</script>")) {
            assertFalse(json.contains(other), other + "'s name is not in Gwen's download");
            assertFalse(json.contains(EnquiryFixture.email(other)), other + "'s email is not in Gwen's download");
        }
        for (var id : List.of(x.friday, x.overdue, x.pending, x.toAgency, x.outside, x.xss)) {
            assertFalse(json.contains(id.toString()), "another enquiry is not in Gwen's download");
        }
    }

    /** One CSV line (RFC 4180 quoting). */
    static List<String> csvLine(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    private WebElement row(String table, String name) {
        for (WebElement r : d.findElements(By.cssSelector("#" + table + " tbody tr"))) {
            if (r.findElement(By.cssSelector("th")).getText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no row " + name + " in " + table);
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("td")).stream().map(WebElement::getText).toList();
    }
}
