package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Enquiries from arrival to outcome on a real hub: each is routed to its region, the agency the
 * visitor chose, or the central queue, with its due day 5 working days on; regional staff see and
 * handle only their own queue (another region's enquiry is "not found", even by its address); the
 * first response and outcome are recorded and audited; and the 5-day measure counts weekends and
 * bank holidays out. The hub's clock stands at Wednesday 22 April 2026.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowUpTest {
    static final String D = EnquiryFixture.D;
    @RegisterExtension
    final Started<EnquiryFixture> enquiries = Started.perClass(EnquiryFixture::new);
    EnquiryFixture x;
    HubFixture f;
    UUID beforeEaster;
    UUID friday;
    UUID overdue;
    UUID pending;
    UUID toAgency;
    UUID outside;
    UUID xss;

    /** Short names for the fixture's enquiries. */
    @BeforeAll
    void names() {
        x = enquiries.get();
        f = x.f;
        beforeEaster = x.beforeEaster;
        friday = x.friday;
        overdue = x.overdue;
        pending = x.pending;
        toAgency = x.toAgency;
        outside = x.outside;
        xss = x.xss;
    }

    String route(UUID id) throws Exception {
        try (var c = f.hub.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT route_kind, route_id, due_date FROM enquiries WHERE record_id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "routed on arrival");
                return rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getObject(3, LocalDate.class);
            }
        }
    }

    @Test
    void eachEnquiryIsRoutedOnArrivalWithItsDueDay() throws Exception {
        assertEquals("region:vale-valleys-cardiff:2026-04-13", route(beforeEaster));
        assertEquals("region:vale-valleys-cardiff:2026-04-17", route(friday));
        assertEquals("region:south-east-wales:2026-04-20", route(overdue));
        assertEquals("agency:st-davids-children-society:2026-04-21", route(toAgency));
        assertEquals("central:central:2026-04-22", route(outside));
        assertEquals("region:north-wales:2026-04-23", route(xss));
    }

    @Test
    void regionalStaffSeeOnlyTheirQueueAndNeverAnotherRegionsEnquiry() throws Exception {
        HubSession vvc = f.session("vvc-staff");
        String queue = vvc.get("/enquiries?show=all").body();
        assertTrue(queue.contains("/enquiries/" + D + "/" + beforeEaster));
        assertTrue(queue.contains("/enquiries/" + D + "/" + pending));
        assertFalse(queue.contains(overdue.toString()), "South East Wales's enquiry is not listed");
        assertFalse(queue.contains(toAgency.toString()), "the agency's enquiry is not listed");
        assertFalse(queue.contains(outside.toString()), "the central queue is not listed");

        HttpResponse<String> other = vvc.get("/enquiries/" + D + "/" + overdue);
        assertEquals(404, other.statusCode(), "another region's enquiry cannot be opened by its address");
        assertFalse(other.body().contains("Not Cardiff"));
        HttpResponse<String> claim = vvc.post("/enquiries/" + D + "/" + overdue + "/claim", Map.of());
        assertEquals(404, claim.statusCode(), "nor changed");
        assertEquals(0, f.count("SELECT COUNT(*) FROM enquiries WHERE record_id = ? AND claimed_by IS NOT NULL", overdue));

        HubSession agency = f.session("agency-staff");
        assertTrue(agency.get("/enquiries").body().contains(toAgency.toString()));
        assertEquals(404, agency.get("/enquiries/" + D + "/" + beforeEaster).statusCode());

        HubSession viewer = f.session("viewer");
        assertEquals(403, viewer.get("/enquiries").statusCode(), "a figures-only user sees no queue");
        assertEquals(403, viewer.get("/enquiries/" + D + "/" + beforeEaster).statusCode());
    }

    @Test
    void theVisitorsDetailsAreOpenedOnlyForTheQueueAndEveryOpeningIsAudited() throws Exception {
        HubSession north = f.session("north-staff");
        long before = f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND record_id = ?", xss);
        String page = north.get("/enquiries/" + D + "/" + xss).body();
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "a name like <script> is shown as text");
        assertFalse(page.contains("<script>alert(1)</script>"));
        assertEquals(before + 1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND record_id = ?"
                + " AND username = 'north-staff'", xss));
    }

    @Test
    void theFollowUpIsRecordedAndTheMeasureLeavesWeekendsAndBankHolidaysOut() throws Exception {
        HubSession vvc = f.session("vvc-staff");
        String base = "/enquiries/" + D + "/";
        assertEquals(303, vvc.post(base + beforeEaster + "/claim", Map.of()).statusCode());
        // Monday 13 April is the 5th working day after Thursday 2 April, Easter being in between.
        assertEquals(303, vvc.post(base + beforeEaster + "/respond", Map.of("on", "2026-04-13", "method", "phone"))
                .statusCode());
        assertEquals(303, vvc.post(base + friday + "/respond", Map.of("on", "2026-04-20", "method", "email"))
                .statusCode());
        HttpResponse<String> twice = vvc.post(base + friday + "/respond", Map.of("on", "2026-04-21", "method", "email"));
        assertEquals(400, twice.statusCode(), "only the first response counts");
        HttpResponse<String> future = vvc.post(base + pending + "/respond", Map.of("on", "2026-04-30", "method", "email"));
        assertEquals(400, future.statusCode(), "not a day still to come");
        assertTrue(future.body().contains("id=\"enquiry-error\""));
        HttpResponse<String> badMethod = vvc.post(base + pending + "/respond", Map.of("on", "2026-04-22", "method", "pigeon"));
        assertEquals(400, badMethod.statusCode());
        assertEquals(303, vvc.post(base + friday + "/close", Map.of("outcome", "information-sent")).statusCode());

        assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'respond' AND record_id = ?"
                + " AND username = 'vvc-staff'", beforeEaster));
        assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'outcome' AND record_id = ?", friday));

        // April 2026: Vale, Valleys & Cardiff answered one in time (thanks to Easter) and one late; one is not due yet.
        String measure = f.central().get("/measure.csv?from=2026-04-01&to=2026-04-30").body();
        String vvcLine = line(measure, "\"Y Fro, y Cymoedd a Chaerdydd\"");
        // queue, enquiries, in time, later, missed, not yet due, share, target
        assertEquals("\"Y Fro, y Cymoedd a Chaerdydd\",3,1,1,0,1,50,Heb ei gyrraedd", vvcLine, measure);
        assertEquals("De-ddwyrain Cymru,1,0,0,1,0,0,Heb ei gyrraedd", line(measure, "De-ddwyrain Cymru"),
                "Newport's enquiry went unanswered past its due day");
        // Nationally: the agency's went unanswered past its day too; the central and North Wales ones are not due yet.
        assertEquals("Y gwasanaeth cyfan,7,1,1,2,3,25,Heb ei gyrraedd", line(measure, "Y gwasanaeth cyfan"));

        // The queue shows the overdue one as overdue, in words.
        String queue = f.central().get("/enquiries?queue=region:south-east-wales").body();
        assertTrue(queue.contains("class=\"overdue\""));
        assertTrue(queue.contains("Hwyr: dim ymateb o fewn 5 diwrnod gwaith"));
    }

    private static String line(String csv, String first) {
        for (String l : csv.split("\r\n")) {
            if (l.startsWith(first + ",")) {
                return l;
            }
        }
        throw new AssertionError("no line for " + first + " in " + csv);
    }
}
