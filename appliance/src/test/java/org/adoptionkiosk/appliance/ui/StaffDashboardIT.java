package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regional staff on the kiosk's dashboard, in real Chromium: the PIN pad and its lockout, the
 * figures after visitors' captures, the demo hardware and help requests, setting the event and office
 * mode (checked in the kiosk's own records table), and every way the session ends, each of which
 * returns to the visitor's attract screen. The audit (targets, contrast, actions on screen) runs on
 * every screen at 800×480 and 1280×800 in both languages; screenshots land in target/screenshots.
 */
class StaffDashboardIT extends KioskInBrowser {
    private static final Messages MESSAGES = Messages.load();
    private static final String PIN = "2468";
    private static final String AUDIT = Resources.text("/ui/audit.js");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private static final String SIGNIN = "{\"type\":\"signin\",\"lang\":\"%s\",\"fields\":{\"localAuthority\":\"%s\","
            + "\"privacyVersion\":\"2026-11\"}}";
    private static final String ENQUIRY = """
            {"type":"enquiry","lang":"en","fields":{"localAuthority":"cardiff","topic":"adopting",
             "contactConsent":true,"privacyVersion":"2026-11"},"personal":{"name":"Alex Prydderch","email":"alex@example.org"}}""";

    @Override
    protected ApplianceConfig settings(ApplianceConfig defaults) {
        return TestKiosk.staffPin(PIN).apply(defaults);
    }

    /** Another kiosk with the class's settings and hub keys, its data in {@code name} beside the class's. */
    private TestKiosk another(String name) throws Exception {
        return TestKiosk.start(settings(TestKiosk.config(kiosk.dir().resolve(name), kiosk.get().keys)));
    }

    // ---- The PIN pad ----------------------------------------------------------------------------

    @Test
    void fiveWrongPinsLockThePadWithACountdownAndEvenTheRightPinWaits() throws Exception {
        // A kiosk of its own: the lock outlives the test.
        try (TestKiosk locked = another("locked")) {
            Visitor v = new Visitor(browser.get(), locked.uri("/").toString());
            browser.get().resize(800, 480);
            openStaff(locked, v, "cy");
            assertEquals("cy", v.js("return document.documentElement.lang"));
            assertEquals("true", v.driver().findElement(By.cssSelector("[data-lang-choice='cy']")).getDomAttribute("aria-pressed"));

            // The pad: dots for digits, delete, and a PIN too short to send.
            v.tap("#pin-pad [data-digit='1']");
            v.tap("#pin-pad [data-digit='3']");
            v.tap("#pin-pad [data-digit='5']");
            assertEquals("●●●", v.text("#pin-dots"));
            v.tap("#pin-delete");
            assertEquals("●●", v.text("#pin-dots"));
            v.tap("#pin-ok");
            v.waitFor(() -> text(Lang.CY, "staff.pin.too_short").equals(v.text("#pin-message")));
            v.tap("#pin-delete");
            v.tap("#pin-delete");
            assertEquals("", v.text("#pin-dots"));

            // Four wrong PINs: each says how many tries are left, in Welsh.
            for (int left = 4; left >= 1; left--) {
                tapPin(v, "1357");
                String expected = left == 1 ? text(Lang.CY, "staff.pin.wrong_last")
                        : text(Lang.CY, "staff.error.wrong_pin", "tries", Integer.toString(left));
                v.waitFor(() -> expected.equals(v.text("#pin-message")));
            }
            // The fifth locks the pad, with a live countdown.
            tapPin(v, "9999");
            Pattern lockedCy = pattern(Lang.CY, "staff.pin.locked", "time", "(\\d+):(\\d\\d)");
            v.waitFor(() -> lockedCy.matcher(v.text("#pin-message")).matches());
            int first = secondsIn(lockedCy, v.text("#pin-message"));
            assertTrue(first > 25 && first <= 30, "a first lock of 30 s: " + v.text("#pin-message"));
            assertEquals(0L, v.js("return Array.from(document.querySelectorAll('#pin-pad button')).filter(b => !b.disabled).length"),
                    "every key of the pad is disabled");
            v.waitFor(() -> secondsIn(lockedCy, v.text("#pin-message")) < first);
            v.screenshot("800x480-cy-staff-locked");
            audit(v, "800x480-cy-staff-locked");

            // The toggle speaks English, countdown and all.
            v.tap("[data-lang-choice='en']");
            Pattern lockedEn = pattern(Lang.EN, "staff.pin.locked", "time", "(\\d+):(\\d\\d)");
            assertTrue(lockedEn.matcher(v.text("#pin-message")).matches(), v.text("#pin-message"));
            v.screenshot("800x480-en-staff-locked");

            // The right PIN, on the pad or a keyboard, goes nowhere while locked...
            for (char c : PIN.toCharArray()) {
                v.driver().findElement(By.cssSelector("#pin-pad [data-digit='" + c + "']")).click();
            }
            new Actions(v.driver()).sendKeys(PIN).sendKeys(Keys.ENTER).perform();
            assertEquals("", v.text("#pin-dots"));
            assertTrue(v.visible("#pin-screen") && !v.visible("#dashboard-screen"));
            // ...and the kiosk itself refuses it when sent past the pad.
            Object status = v.js("return fetch('/staff/api/login', {method: 'POST', headers: {'Content-Type': "
                    + "'application/json'}, body: JSON.stringify({pin: '" + PIN + "'})}).then(r => r.status)");
            assertEquals(429L, status);
            assertFalse(v.visible("#dashboard-screen"));
        }
    }

    @Test
    void aKioskWithoutAStaffPinSaysSo() throws Exception {
        try (TestKiosk bare = TestKiosk.start(TestKiosk.config(kiosk.dir().resolve("bare"),
                kiosk.get().keys).withHardware("simulated"))) {
            Visitor v = new Visitor(browser.get(), bare.uri("/").toString());
            browser.get().resize(800, 480);
            openStaff(bare, v, "en");
            // A keyboard, where there is one, works the pad too.
            new Actions(v.driver()).sendKeys("2468").perform();
            assertEquals("●●●●", v.text("#pin-dots"));
            new Actions(v.driver()).sendKeys(Keys.ENTER).perform();
            v.waitFor(() -> text(Lang.EN, "staff.error.not_set_up").equals(v.text("#pin-message")));
        }
    }

    // ---- The figures ----------------------------------------------------------------------------

    @Test
    void theDashboardShowsTheDaysFiguresTheDemoHardwareAndHelpRequests() throws Exception {
        // A kiosk of its own, so its counts are exactly what this test captured.
        try (TestKiosk counted = another("counted")) {
            Visitor v = new Visitor(browser.get(), counted.uri("/").toString());
            browser.get().resize(800, 480);
            assertEquals(201, counted.postJson(SIGNIN.formatted("cy", "gwynedd")).statusCode());
            assertEquals(201, counted.postJson(SIGNIN.formatted("en", "conwy")).statusCode());
            assertEquals(201, counted.postJson(ENQUIRY).statusCode());
            signIn(counted, v, "en");

            v.waitFor(() -> "2".equals(v.text("#today-signins")));
            assertEquals("1", v.text("#today-enquiries"));
            assertEquals("0", v.text("#today-footfall"));
            assertEquals("–", v.text("#today-conversion"), "no passers-by counted yet");
            assertEquals(LocalDate.now().format(DAY), v.text("#today-date"));
            assertEquals(text(Lang.EN, "staff.no_event"), v.text("#event-name"));
            assertFalse(v.visible("#event-figures"));

            // Per hour: the chart and the same numbers as text.
            String hour = String.format("%02d:00", LocalTime.now().getHour());
            assertEquals(hour + ",2,1,0", hourRow(v, hour));
            assertEquals(List.of(2L, 1L, 0L), v.js("return Chart.getChart(document.getElementById('hours-chart'))"
                    + ".data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))"), "the chart's bars");

            // Sync and the device: nothing has reached the hub (there is no broker here).
            assertEquals("3", v.text("#sync-backlog"));
            assertTrue(v.text("#sync-oldest").matches("\\d\\d:\\d\\d"), v.text("#sync-oldest"));
            assertEquals(text(Lang.EN, "staff.never"), v.text("#sync-last-ack"));
            assertEquals(text(Lang.EN, "staff.sync.disconnected"), v.text("#sync-broker"));
            assertEquals(text(Lang.EN, "staff.not_available"), v.text("#sync-offset"));
            assertFalse(v.visible("#drain"), "nothing is draining without a broker");
            v.waitFor(() -> text(Lang.EN, "staff.light.SLOW_AMBER").equals(v.text("#device-light")));
            assertEquals("kiosk-test", v.text("#device-id"));
            assertEquals(text(Lang.EN, "staff.board.simulated"), v.text("#device-board"));
            String temperature = v.text("#device-temperature");
            assertTrue(temperature.equals(text(Lang.EN, "staff.not_available")) || temperature.matches("-?\\d+\\.\\d °C"), temperature);
            assertTrue(v.text("#device-disk").matches("\\d+(\\.\\d)? [GM]B"), v.text("#device-disk"));
            assertTrue(v.text("#device-uptime").matches("\\d+ h \\d+ min"), v.text("#device-uptime"));
            assertFalse(v.text("#device-version").isBlank());
            scrollTop(v);
            v.screenshot("800x480-en-staff-dashboard");
            audit(v, "800x480-en-staff-dashboard");

            // Someone walks past: footfall, and the share of passers-by who signed in or enquired.
            v.tap("#simulate-motion");
            v.waitFor(() -> "1".equals(v.text("#today-footfall")));
            assertEquals("300%", v.text("#today-conversion"), "three captures for one passer-by");
            assertEquals(hour + ",2,1,1", hourRow(v, hour));

            // Someone presses the help button: it shows above everything, and in the list.
            assertFalse(v.visible("#help-alert"));
            v.tap("#simulate-help");
            String oneWaiting = text(Lang.EN, "staff.help.open", "n", "1");
            v.waitFor(() -> v.visible("#help-alert") && oneWaiting.equals(v.text("#help-alert-text")));
            assertEquals(oneWaiting, v.text("#help-open"));
            assertTrue(pattern(Lang.EN, "staff.help.item_waiting", "time", "\\d\\d:\\d\\d")
                    .matcher(v.text("#help-list li")).matches(), v.text("#help-list li"));
            scrollTop(v);
            v.screenshot("800x480-en-staff-help");
            audit(v, "800x480-en-staff-help");
            v.tap("#help-alert-answer");
            v.waitFor(() -> !v.visible("#help-alert") && text(Lang.EN, "staff.help.none").equals(v.text("#help-open")));
            assertTrue(v.text("#help-list li").startsWith("Asked at ") && v.text("#help-list li").contains(": helped at "),
                    v.text("#help-list li"));
            assertFalse(v.visible("#answer-help"));

            // Counts only: nothing a visitor typed reaches the staff's screen or the export.
            String page = v.js("return document.body.innerText").toString();
            assertFalse(page.contains("Alex") || page.contains("alex@"), "no personal data on the dashboard");
            String csv = v.js("return fetch('/staff/api/figures.csv').then(r => r.text())").toString();
            assertEquals("date,hour,device,event,signins,enquiries,footfall", csv.lines().findFirst().orElse(""), csv);
            assertTrue(csv.contains("kiosk-test"), csv);
            assertFalse(csv.contains("Alex") || csv.contains("alex@"), csv);
            v.tap("#export-csv");
            String file = "kiosk-figures-" + LocalDate.now() + ".csv";
            v.waitFor(() -> v.visible("#dash-message")
                    && text(Lang.EN, "staff.export.done", "file", file).equals(v.text("#dash-message")));

            v.tap("#sync-now");
            v.waitFor(() -> text(Lang.EN, "staff.sync.started").equals(v.text("#dash-message")));

            // Wiping asks first; the toggle stays in reach over the question.
            v.tap("#wipe");
            v.waitFor(() -> v.visible("#wipe-dialog"));
            v.screenshot("800x480-en-staff-wipe");
            audit(v, "800x480-en-staff-wipe");
            v.tap("[data-lang-choice='cy']");
            assertEquals(text(Lang.CY, "staff.wipe.title"), v.text("#wipe-title"));
            v.screenshot("800x480-cy-staff-wipe");
            v.tap("#cancel-wipe");
            assertFalse(v.visible("#wipe-dialog"));
            v.tap("#wipe");
            v.tap("#confirm-wipe");
            v.waitFor(() -> !v.visible("#wipe-dialog") && v.visible("#dash-message")
                    && text(Lang.CY, "staff.wipe.done_none").equals(v.text("#dash-message")));

            // The same dashboard in Welsh, scrolled to its end.
            assertEquals(text(Lang.CY, "staff.sync.disconnected"), v.text("#sync-broker"));
            v.js("const c = document.getElementById('dashboard-content'); c.scrollTop = c.scrollHeight");
            v.screenshot("800x480-cy-staff-dashboard-end");
            assertEquals(0L, v.js("return localStorage.length + sessionStorage.length"), "no browser storage");
            assertEquals("", v.js("return document.cookie"), "the session cookie is HttpOnly");
        }
    }

    // ---- Every screen, both sizes, both languages -------------------------------------------------

    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({"800, 480, cy", "800, 480, en", "1280, 800, cy", "1280, 800, en"})
    void everyStaffScreenPassesTheAudit(int width, int height, String lang) {
        String size = width + "x" + height + "-" + lang;
        browser.get().resize(width, height);
        watchForPageProblems(visitor);
        openStaff(kiosk.get(), visitor, lang);
        visitor.screenshot(size + "-staff-pin");
        audit(visitor, size + "-staff-pin");
        // No way out, as on the visitor's screens: no context menu, no zoom.
        assertEquals(Boolean.TRUE, visitor.js("const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});"
                + "document.getElementById('pin-pad').dispatchEvent(e); return e.defaultPrevented;"), "no context menu");
        assertEquals(Boolean.TRUE, visitor.js("const e = new WheelEvent('wheel', {ctrlKey: true, bubbles: true, cancelable: true});"
                + "document.body.dispatchEvent(e); return e.defaultPrevented;"), "no ctrl-wheel zoom");
        tapPin(visitor, PIN);
        visitor.waitFor(() -> visitor.visible("#dashboard-screen") && !visitor.text("#device-id").isEmpty());
        assertEquals(Boolean.TRUE, visitor.js("const b = document.getElementById('sign-out').getBoundingClientRect();"
                + "return b.bottom <= innerHeight && b.right <= innerWidth"), "sign out is always on screen");
        visitor.screenshot(size + "-staff-dashboard");
        audit(visitor, size + "-staff-dashboard");

        visitor.tap("#set-event");
        visitor.tap("#event-name-input");
        visitor.waitFor(() -> visitor.visible("#keyboard"));
        visitor.screenshot(size + "-staff-event-keyboard");
        audit(visitor, size + "-staff-event-keyboard");
        visitor.done();
        visitor.screenshot(size + "-staff-event");
        audit(visitor, size + "-staff-event");
        visitor.tap("#cancel-event");
        visitor.waitFor(() -> visitor.visible("#dashboard-screen"));
        assertEquals(List.of(), visitor.js("return window.pageProblems"), "no script errors, nothing the CSP blocked");
        visitor.tap("#sign-out");
        waitForAttract(visitor);
        browser.get().resize(800, 480);
    }

    // ---- The event and office mode -----------------------------------------------------------------

    @Test
    void settingTheEventTagsTheNextRecordsAndOfficeModeTagsNone() throws Exception {
        browser.get().resize(800, 480);
        signIn(kiosk.get(), visitor, "cy");
        Visitor v = visitor;
        v.tap("#set-event");
        v.waitFor(() -> v.visible("#event-screen"));
        LocalDate today = LocalDate.now();
        assertEquals(weekday(Lang.CY, today) + " " + today.format(DAY) + " " + text(Lang.CY, "staff.event.today_mark"),
                v.text("#start-date"), "the first day starts as today");
        assertEquals("1", v.text("#days-count"));
        assertFalse(v.driver().findElement(By.id("days-fewer")).isEnabled(), "never fewer than one day");

        v.type("event-name-input", "Gŵyl Fabwysiadu");
        v.type("event-venue-input", "Caerdydd");
        v.done();
        v.tap("#start-later");
        assertTrue(v.text("#start-date").startsWith(weekday(Lang.CY, today.plusDays(1)) + " " + today.plusDays(1).format(DAY)),
                v.text("#start-date"));
        v.tap("#start-earlier");
        v.tap("#days-more");
        v.tap("#days-more");
        assertEquals("3", v.text("#days-count"));
        assertEquals(text(Lang.CY, "staff.event.last_day", "day", weekday(Lang.CY, today.plusDays(2)) + " "
                + today.plusDays(2).format(DAY)), v.text("#ends-on"));
        v.tap("[data-lang-choice='en']");
        assertTrue(v.text("#start-date").endsWith(" " + text(Lang.EN, "staff.event.today_mark")), v.text("#start-date"));
        v.tap("[data-lang-choice='cy']");
        v.screenshot("800x480-cy-staff-event-filled");
        audit(v, "800x480-cy-staff-event-filled");
        v.tap("#save-event");

        v.waitFor(() -> v.visible("#dashboard-screen"));
        assertEquals("Gŵyl Fabwysiadu · Caerdydd", v.text("#event-name"));
        assertEquals(text(Lang.CY, "staff.event.dates", "from", today.format(DAY), "to", today.plusDays(2).format(DAY)),
                v.text("#event-dates"));
        assertEquals(text(Lang.CY, "staff.event.saved", "name", "Gŵyl Fabwysiadu"), v.text("#dash-message"));
        String eventId = "gwyl-fabwysiadu-" + today;
        assertEquals(201, kiosk.get().postJson(SIGNIN.formatted("cy", "powys")).statusCode());
        assertEquals(eventId, lastEventId(), "the record carries the new event");
        v.waitFor(() -> v.visible("#event-figures") && "1".equals(v.text("#event-signins")));
        v.screenshot("800x480-cy-staff-dashboard-event");

        // Office mode: the next records carry no event, until it ends.
        v.tap("#office-mode");
        v.waitFor(() -> "true".equals(v.driver().findElement(By.id("office-mode")).getDomAttribute("aria-pressed")));
        assertTrue(v.visible("#event-office"));
        assertFalse(v.visible("#event-figures"));
        assertEquals(text(Lang.CY, "staff.office.stop"), v.text("#office-mode"));
        assertEquals(201, kiosk.get().postJson(SIGNIN.formatted("en", "powys")).statusCode());
        assertNull(lastEventId(), "office mode: no event");
        v.tap("#office-mode");
        v.waitFor(() -> "false".equals(v.driver().findElement(By.id("office-mode")).getDomAttribute("aria-pressed")));
        assertEquals(201, kiosk.get().postJson(SIGNIN.formatted("en", "powys")).statusCode());
        assertEquals(eventId, lastEventId(), "out of office mode, the event again");

        // A missing name is refused at the field, in the chosen language, and goes once it is typed.
        v.tap("#set-event");
        assertEquals("", v.value("event-name-input"), "a new event starts empty");
        v.tap("#save-event");
        v.waitFor(() -> v.visible("#event-form .field-error"));
        assertEquals(text(Lang.CY, "staff.error.event_name_required"), v.text("[data-field='name'] .field-error"));
        assertEquals("true", v.driver().findElement(By.id("event-name-input")).getDomAttribute("aria-invalid"));
        v.tap("[data-lang-choice='en']");
        assertEquals(text(Lang.EN, "staff.error.event_name_required"), v.text("[data-field='name'] .field-error"));
        v.screenshot("800x480-en-staff-event-error");
        audit(v, "800x480-en-staff-event-error");
        v.type("event-name-input", "X");
        assertFalse(v.visible("#event-form .field-error"));
        v.done();
        v.tap("#cancel-event");
        v.waitFor(() -> v.visible("#dashboard-screen"));
        assertEquals("Gŵyl Fabwysiadu · Caerdydd", v.text("#event-name"), "cancel changes nothing");
        v.tap("#sign-out");
        waitForAttract(v);
    }

    // ---- How a session ends -------------------------------------------------------------------------

    @Test
    void signingOutReturnsToTheAttractScreenLeavingNoWayBack() throws Exception {
        browser.get().resize(800, 480);
        signIn(kiosk.get(), visitor, "en");
        Object history = visitor.js("return history.length");
        visitor.tap("#sign-out");
        waitForAttract(visitor);
        assertTrue(visitor.driver().getCurrentUrl().endsWith("/"), visitor.driver().getCurrentUrl());
        assertEquals(history, visitor.js("return history.length"), "the way out replaced the page");
        assertEquals(401L, visitor.js("return fetch('/staff/api/dashboard').then(r => r.status)"), "the session is over");

        // "Back to the kiosk" from the PIN pad as well.
        openStaff(kiosk.get(), visitor, "cy");
        visitor.tap("#back-to-kiosk");
        waitForAttract(visitor);
    }

    @Test
    void aSessionEndedElsewhereReturnsToTheAttractScreenOnTheNextPoll() throws Exception {
        browser.get().resize(800, 480);
        signIn(kiosk.get(), visitor, "en");
        // Another sign-in (here, the test's own HTTP client) replaces the page's session.
        String origin = "http://127.0.0.1:" + kiosk.get().appliance.httpPort();
        HttpResponse<String> other = kiosk.get().send(HttpRequest.newBuilder(kiosk.get().uri("/staff/api/login"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"" + PIN + "\"}")).build());
        assertEquals(200, other.statusCode(), other.body());
        waitForAttract(visitor);

        // That other session signs out too.
        Matcher csrf = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(other.body());
        assertTrue(csrf.find());
        String cookie = other.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> out = kiosk.get().send(HttpRequest.newBuilder(kiosk.get().uri("/staff/api/logout"))
                .timeout(Duration.ofSeconds(10)).header("Origin", origin).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf.group(1)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, out.statusCode());
    }

    @Test
    void twoMinutesWithoutATouchSignOutAfterAWarningAndTouchesKeepTheSessionAlive() throws Exception {
        browser.get().resize(800, 480);
        signIn(kiosk.get(), visitor, "en");
        Visitor v = visitor;
        // Nobody waits two minutes in a test: the page's clock is moved on instead, and its requests noted.
        v.js("const real = Date.now.bind(Date); window.skewMillis = 0; Date.now = () => real() + window.skewMillis;"
                + "const fetchFor = window.fetch.bind(window); window.requests = [];"
                + "window.fetch = (url, options) => { window.requests.push(((options && options.method) || 'GET') + ' ' + url);"
                + " return fetchFor(url, options); };");

        // A touch 25 s after signing in tells the kiosk the staff member is still there.
        v.js("window.skewMillis = 25000");
        v.tap("#today-title");
        v.waitFor(() -> v.js("return window.requests").toString().contains("POST /staff/api/alive"));

        // 105 s after that touch: the warning, with its countdown; a touch takes it away.
        v.js("window.skewMillis = 130000");
        Pattern warning = pattern(Lang.EN, "staff.idle.warning", "time", "0:(\\d\\d)");
        v.waitFor(() -> v.visible("#idle-warning") && warning.matcher(v.text("#idle-warning")).matches());
        v.screenshot("800x480-en-staff-idle-warning");
        audit(v, "800x480-en-staff-idle-warning");
        v.tap("#idle-warning"); // a touch anywhere, the warning itself too
        v.waitFor(() -> !v.visible("#idle-warning"));
        assertTrue(v.visible("#dashboard-screen"));

        // Two minutes after the last touch: signed out, and back to the attract screen.
        v.js("window.skewMillis = 130000 + 121000");
        waitForAttract(v);
        assertEquals(401L, v.js("return fetch('/staff/api/dashboard').then(r => r.status)"), "the session is over");

        // The PIN pad left alone goes back to the visitors too.
        openStaff(kiosk.get(), v, "cy");
        v.js("const real = Date.now.bind(Date); Date.now = () => real() + 121000;");
        waitForAttract(v);
    }

    @Test
    void aKioskTheHubRevokedSaysSoOnTheDashboardInBothLanguages() throws Exception {
        // A kiosk of its own: the revocation outlives the test.
        try (TestKiosk revoked = another("revoked")) {
            Visitor v = new Visitor(browser.get(), revoked.uri("/").toString());
            browser.get().resize(800, 480);
            signIn(revoked, v, "cy");
            assertFalse(v.visible("#revoked-alert"), "not revoked yet");

            revoked.appliance.applyHubConfig(new WireCodec().encode(
                    new DeviceConfig(1, null, null, null, null, null, true, Instant.now())));
            v.waitFor(() -> v.visible("#revoked-alert"));
            assertEquals(text(Lang.CY, "staff.revoked.title") + "\n" + text(Lang.CY, "staff.revoked.text"),
                    v.text("#revoked-alert"));
            v.screenshot("800x480-cy-staff-revoked");
            audit(v, "800x480-cy-staff-revoked");
            v.tap("[data-lang-choice='en']");
            assertEquals(text(Lang.EN, "staff.revoked.title") + "\n" + text(Lang.EN, "staff.revoked.text"),
                    v.text("#revoked-alert"));
            v.screenshot("800x480-en-staff-revoked");

            revoked.appliance.applyHubConfig(new WireCodec().encode(
                    new DeviceConfig(2, null, null, null, null, null, false, Instant.now())));
            v.waitFor(() -> !v.visible("#revoked-alert"));
            v.tap("#sign-out");
            waitForAttract(v);
        }
    }

    // ---- Helpers ------------------------------------------------------------------------------------

    private static void openStaff(TestKiosk k, Visitor v, String lang) {
        v.driver().get(k.uri("/staff?lang=" + lang).toString());
        v.waitFor(() -> Boolean.TRUE.equals(v.js("return document.documentElement.classList.contains('ready')")));
        assertTrue(v.visible("#pin-screen"));
        assertEquals(lang, v.js("return document.documentElement.dataset.lang"));
    }

    /** Notes script errors and anything the page's Content-Security-Policy blocks, from the next page on. */
    private static void watchForPageProblems(Visitor v) {
        ((ChromeDriver) v.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "if (!window.pageProblems) { window.pageProblems = [];"
                + " addEventListener('error', e => pageProblems.push('error: ' + e.message), true);"
                + " addEventListener('unhandledrejection', e => pageProblems.push('rejection: ' + e.reason));"
                + " document.addEventListener('securitypolicyviolation', e => pageProblems.push('csp: '"
                + " + e.violatedDirective + ' ' + e.blockedURI)); }"));
    }

    private static void tapPin(Visitor v, String digits) {
        for (char c : digits.toCharArray()) {
            v.tap("#pin-pad [data-digit='" + c + "']");
        }
        v.tap("#pin-ok");
    }

    private static void signIn(TestKiosk k, Visitor v, String lang) {
        openStaff(k, v, lang);
        tapPin(v, PIN);
        v.waitFor(() -> v.visible("#dashboard-screen") && !v.text("#device-id").isEmpty());
    }

    private static void waitForAttract(Visitor v) {
        v.wait(10).ignoring(StaleElementReferenceException.class).until(d -> v.visible("#screen-attract"));
    }

    private static void scrollTop(Visitor v) {
        v.js("document.getElementById('dashboard-content').scrollTop = 0");
    }

    /** A text of the bundles with its {name} placeholders filled: name, value, name, value… */
    private static String text(Lang lang, String key, String... params) {
        String s = MESSAGES.get(lang, key);
        for (int i = 0; i < params.length; i += 2) {
            s = s.replace("{" + params[i] + "}", params[i + 1]);
        }
        return s;
    }

    /** A text of the bundles as a pattern, its one placeholder standing for {@code regex}. */
    private static Pattern pattern(Lang lang, String key, String name, String regex) {
        String[] parts = MESSAGES.get(lang, key).split(Pattern.quote("{" + name + "}"), -1);
        assertEquals(2, parts.length, key);
        return Pattern.compile(Pattern.quote(parts[0]) + regex + Pattern.quote(parts[1]));
    }

    private static int secondsIn(Pattern p, String shown) {
        Matcher m = p.matcher(shown);
        assertTrue(m.matches(), shown);
        return Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    }

    private static String weekday(Lang lang, LocalDate day) {
        return MESSAGES.get(lang, "staff.weekday." + day.getDayOfWeek().getValue() % 7);
    }

    /** The row of the chart's table for one hour, as "HH:00,sign-ins,enquiries,passers-by". */
    private static String hourRow(Visitor v, String hour) {
        return (String) v.js("return Array.from(document.querySelectorAll('#hours-table tbody tr'))"
                + ".map(r => Array.from(r.cells).map(c => c.textContent).join(','))"
                + ".find(r => r.startsWith(arguments[0])) || null", hour);
    }

    private String lastEventId() throws Exception {
        try (Connection c = kiosk.get().sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM records ORDER BY seq DESC LIMIT 1")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void audit(Visitor v, String where) {
        @SuppressWarnings("unchecked")
        List<String> found = new ArrayList<>((List<String>) v.js(AUDIT));
        assertEquals(List.of(), found, where);
    }
}
