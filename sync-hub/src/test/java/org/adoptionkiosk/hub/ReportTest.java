package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.Started;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.enquiry;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The board's report on the first half of 2026-27 over {@link FunnelFixture}'s six enquiries (stages
 * out of order, a withdrawal, an approval erased by retention), with known answers:
 * <pre>
 *   H1 of     enquiries  sign-ins  source
 *   2014-15   5          –         reported (North Wales 3, Vale, Valleys &amp; Cardiff 2)
 *   2015-16   10         –         reported
 *   2024-25   3          1         captured (and one enquiry in the second half)
 *   2025-26   2          3         captured
 *   2026-27   6          4         captured: the 2nd highest first half since 2014-15; sign-ins the highest since 2024-25
 * </pre>
 * The four sign-ins of 2026 were at the Eisteddfod, whose kiosk counted 40 passers-by: enquiries ÷
 * footfall 4 ÷ 40 = 10.0%, and 3 of its 4 enquiries approved. North Wales reported 40 enquiries in the
 * second half of 2014-15, so that whole year (45) is compared; 2015-16, with its first half alone, is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportTest {
    static final String K = "kiosk-report";
    static final String EVENT = "eisteddfod-2026";
    @RegisterExtension
    final Started<FunnelFixture> fixture = Started.perClass(ReportTest::seed);
    FunnelFixture x;

    static FunnelFixture seed(Path dir) throws Exception {
        FunnelFixture x = new FunnelFixture(dir);
        x.closeAndEraseByRetention();
        List<KioskRecord> records = new ArrayList<>(List.of(
                enquiry(1, Instant.parse("2024-05-02T10:00:00Z"), "cardiff", null),
                enquiry(2, Instant.parse("2024-06-02T10:00:00Z"), "gwynedd", null),
                enquiry(3, Instant.parse("2024-11-02T10:00:00Z"), "gwynedd", null),  // H2: not compared
                signin(4, Instant.parse("2024-07-02T10:00:00Z"), "gwynedd", null),
                enquiry(5, Instant.parse("2024-09-30T10:00:00Z"), "newport", null),
                enquiry(6, Instant.parse("2025-04-10T10:00:00Z"), "newport", null),
                enquiry(7, Instant.parse("2025-08-10T10:00:00Z"), "cardiff", null)));
        for (int i = 0; i < 3; i++) {
            records.add(signin(8 + i, Instant.parse("2025-05-0" + (i + 1) + "T10:00:00Z"), "cardiff", null));
        }
        for (int i = 0; i < 4; i++) {
            records.add(signin(11 + i, Instant.parse("2026-08-0" + (i + 1) + "T10:00:00Z"), "gwynedd", EVENT));
        }
        try (RawMqtt kiosk = x.f.kiosk(K)) {
            assertEquals(records.size(), x.f.sendAndAwaitAck(kiosk, batch(K, records)).accepted().size());
        }
        Statuses s = Statuses.of(K);
        s.eventId = EVENT;
        s.eventName = "Eisteddfod 2026";
        s.eventVenue = "Pontypridd";
        s.footfallEvent = 40L;
        x.f.as(K).publishRetained(Topics.status(K), x.f.codec.encode(s.build()));
        Await.until("the Eisteddfod's footfall", () -> x.f.count("SELECT COUNT(*) FROM event_footfall"
                + " WHERE event_id = ? AND footfall = 40", EVENT), n -> n == 1);
        try (Connection c = x.f.hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO reported_halves (region, business_year, half,"
                     + " enquiries, approvals, imported_from, imported_at) VALUES (?, ?, ?, ?, ?, 'halves.csv',"
                     + " CURRENT_TIMESTAMP)")) {
            Object[][] rows = {{"north-wales", 2014, 1, 3, null}, {"vale-valleys-cardiff", 2014, 1, 2, 1},
                    {"north-wales", 2014, 2, 40, null}, {"north-wales", 2015, 1, 10, null}};
            for (Object[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    ps.setObject(i + 1, r[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        x.f.addUser("report-viewer", Role.VIEWER, null, null);
        x.f.addUser("report-regional", Role.REGIONAL, Route.REGION, "north-wales");
        return x;
    }

    @BeforeAll
    void names() {
        x = fixture.get();
    }

    HubSession as(String user, String lang) throws Exception {
        HubSession s = x.f.session(user);
        if (lang.equals("en")) {
            assertEquals(303, s.post("/lang", Map.of("to", "en", "back", "/reports")).statusCode());
        }
        return s;
    }

    static String text(String html) {
        return html.replaceAll("(?s)<svg.*?</svg>", " ").replaceAll("<[^>]+>", " ").replace("&#39;", "'")
                .replace("&amp;", "&").replaceAll("\\s+", " ");
    }

    static String pdf(HubSession s, String path) throws Exception {
        HttpResponse<byte[]> r = s.getBytes(path);
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            // A line may break after a year's hyphen ("2024-" / "25"): joined again, as a reader would.
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ").replaceAll("(\\d)- (\\d)", "$1-$2");
        }
    }

    static final List<String> EN = List.of(
            "6 enquiries were received: the 2nd highest first half since 2014-15.",
            "The kiosks recorded 4 sign-ins: the highest first half since 2024-25.",
            "3 of this period's enquiries have been approved so far; the median time from enquiry to approval is"
                    + " 7.2 months (target 8 months), with 66.7% of approvals within 8 months.",
            "2014-15 5 – reported (before the kiosks)", "2015-16 10 – reported (before the kiosks)",
            "2024-25 3 1 captured", "2025-26 2 3 captured", "2026-27 6 4 captured",
            "Eisteddfod 2026 Pontypridd 40 4 4 10.0% 3",
            "Eisteddfod 2026: 4 enquiries → 3 approvals", "pride-2026: 1 enquiry → 0 approvals",
            "Enquiries 6 –", "Approvals 3 75.0%", "Median 7.2 months", "Stage 2 within 4 months 1 2 0 33.3%");

    static final List<String> CY = List.of(
            "Daeth 6 o ymholiadau i law: yr ail uchaf ar gyfer hanner cyntaf y flwyddyn ers 2014-15.",
            "Cofnododd y ciosgau 4 o gofrestriadau: yr uchaf ar gyfer hanner cyntaf y flwyddyn ers 2024-25.",
            "2014-15 5 – wedi'u hadrodd (cyn y ciosgau)", "2026-27 6 4 wedi'u casglu",
            "Eisteddfod 2026: 4 o ymholiadau → 3 o gymeradwyaethau", "pride-2026: 1 ymholiad → 0 o gymeradwyaethau",
            "Eisteddfod 2026 Pontypridd 40 4 4 10.0% 3");

    @Test
    void thePageAndEachPdfSayTheKnownAnswers() throws Exception {
        for (String lang : List.of("cy", "en")) {
            HubSession s = as("central-test", lang);
            HttpResponse<String> page = s.get("/reports?businessYear=2026&part=h1");
            assertEquals(200, page.statusCode(), page.body());
            String shown = text(page.body());
            String printed = pdf(s, "/reports/2026/h1.pdf?lang=" + lang);
            for (String expected : lang.equals("cy") ? CY : EN) {
                assertTrue(shown.contains(expected), lang + " page lacks: " + expected + "\n" + shown);
                assertTrue(printed.contains(expected), lang + " PDF lacks: " + expected + "\n" + printed);
            }
            assertTrue(page.body().contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-years\""),
                    "the comparison's chart is drawn on the server");
            assertTrue(page.body().contains("id=\"chart-funnel\""));
        }
    }

    @Test
    void theWholeYearComparesOnlyYearsWithBothHalvesReported() throws Exception {
        String shown = text(as("central-test", "en").get("/reports?businessYear=2026&part=year").body());
        assertTrue(shown.contains("6 enquiries were received: the 2nd highest business year since 2014-15."), shown);
        assertTrue(shown.contains("2014-15 45 – reported (before the kiosks) 2024-25 4 1 captured"), shown);
        assertFalse(shown.contains("2015-16 10"), "2015-16's first half alone is not a whole year");
        String h2 = text(as("central-test", "en").get("/reports?businessYear=2014&part=h2").body());
        assertTrue(h2.contains("40 enquiries were reported (counts from before the kiosks): the first second half"
                + " with figures"), h2);
    }

    @Test
    void aCountOfOneReadsInTheSingular() throws Exception {
        String h1 = text(as("central-test", "en").get("/reports?businessYear=2024&part=h1").body());
        assertTrue(h1.contains("The kiosks recorded 1 sign-in: "), h1);
        String h2 = text(as("central-test", "en").get("/reports?businessYear=2024&part=h2").body());
        assertTrue(h2.contains("1 enquiry was received: "), h2);
        String cy = text(as("central-test", "cy").get("/reports?businessYear=2024&part=h1").body());
        assertTrue(cy.contains("Cofnododd y ciosgau 1 cofrestriad: "), cy);
        String cy2 = text(as("central-test", "cy").get("/reports?businessYear=2024&part=h2").body());
        assertTrue(cy2.contains("Daeth 1 ymholiad i law: "), cy2);
    }

    @Test
    void whoMayReadItAndWhatIsRefused() throws Exception {
        assertEquals(200, as("report-viewer", "cy").get("/reports").statusCode());
        HttpResponse<String> regional = as("report-regional", "en").get("/reports");
        assertEquals(403, regional.statusCode());
        assertTrue(regional.body().contains("report is for central users. Ask the central team if you need it."), regional.body());
        assertEquals(403, as("report-regional", "cy").getBytes("/reports/2026/h1.pdf").statusCode());
        HubSession s = as("central-test", "cy");
        assertEquals(404, s.get("/reports/2013/h1.pdf").statusCode());
        assertEquals(404, s.get("/reports/twenty/h1.pdf").statusCode());
        HttpResponse<String> part = s.get("/reports/2026/q1.pdf");
        assertEquals(404, part.statusCode());
        assertTrue(part.body().contains("Dewiswch yr hanner cyntaf (h1)"), part.body());
        assertEquals(400, s.get("/reports/2026/h1.pdf?lang=fr").statusCode());
        assertEquals(400, s.get("/reports?businessYear=2026&part=q3").statusCode());
        assertEquals(400, s.get("/reports?businessYear=1999").statusCode());
    }
}
