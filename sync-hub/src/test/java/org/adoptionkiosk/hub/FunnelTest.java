package org.adoptionkiosk.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.Started;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The recruitment funnel over {@link FunnelFixture}'s enquiries of April 2026, whose answers are
 * known: stages recorded out of order, a withdrawal, an approved enquiry erased by retention; what
 * may and may not be recorded; a regional user's funnel is their queue's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunnelTest {
    static final String APRIL = "from=2026-04-01&to=2026-04-30";
    @RegisterExtension
    final Started<FunnelFixture> fixture = Started.perClass(FunnelFixture::new);
    FunnelFixture x;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    void names() {
        x = fixture.get();
    }

    /** A fresh session: the tests move the clock past a session's life. */
    HubSession as(String user) throws Exception {
        return x.f.session(user);
    }

    JsonNode api(String user, String query) throws Exception {
        HttpResponse<String> r = as(user).get("/api/funnel?" + query);
        assertEquals(200, r.statusCode(), r.body());
        return mapper.readTree(r.body());
    }

    static List<Long> steps(JsonNode line) {
        List<Long> out = new ArrayList<>();
        line.path("steps").forEach(n -> out.add(n.asLong()));
        return out;
    }

    static JsonNode line(JsonNode lines, String key) {
        for (JsonNode l : lines) {
            if (key == null ? l.path("key").isNull() : key.equals(l.path("key").asText())) {
                return l;
            }
        }
        throw new AssertionError("no line " + key + " in " + lines);
    }

    @Test
    void theFunnelOfAprilHasItsKnownAnswers() throws Exception {
        JsonNode f = api("central-test", APRIL);
        assertEquals(List.of(6L, 5L, 5L, 4L, 3L), steps(f.path("total")), "the out-of-order approval counts at every step");
        assertEquals(1, f.path("total").path("ended").asLong());
        assertEquals(List.of(4L, 4L, 4L, 4L, 3L), steps(line(f.path("byRegion"), "vale-valleys-cardiff")));
        assertEquals(List.of(1L, 1L, 1L, 0L, 0L), steps(line(f.path("byRegion"), "south-east-wales")));
        assertEquals(List.of(4L, 3L, 3L, 3L, 3L), steps(line(f.path("byEvent"), "eisteddfod-2026")),
                "approvals count for the event where the enquiry was made");
        assertEquals(List.of(1L, 1L, 1L, 0L, 0L), steps(line(f.path("byEvent"), "pride-2026")));
        assertEquals(List.of(1L, 1L, 1L, 1L, 0L), steps(line(f.path("byEvent"), null)));
        assertEquals(List.of(4L, 3L, 3L, 2L, 2L), steps(line(f.path("byLanguage"), "cy")));
        assertEquals(List.of(2L, 2L, 2L, 2L, 1L), steps(line(f.path("byLanguage"), "en")));
        assertEquals(List.of(3L, 3L, 3L, 3L, 3L), steps(line(f.path("byCouncil"), "cardiff")));
        assertEquals(List.of(3L, 3L, 3L, 2L, 2L), steps(line(f.path("byHowHeard"), "passing-the-stand")),
                "c withdrew after registering; a and f were approved");
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L), steps(line(f.path("byHowHeard"), "social-media")));
        assertEquals(List.of(1L, 0L, 0L, 0L, 0L), steps(line(f.path("byHowHeard"), "friend-or-family")));
        assertEquals(List.of(1L, 1L, 1L, 1L, 0L), steps(line(f.path("byHowHeard"), null)), "d did not say");
        assertEquals("Pasio'r stondin", line(f.path("byHowHeard"), "passing-the-stand").path("name").path("cy").asText());
        assertEquals(1, f.path("endedByReason").path("circumstances-changed").asLong());

        JsonNode t = f.path("times");
        assertEquals(3, t.path("approvals").asLong());
        assertEquals(7.2, t.path("medianMonths").asDouble(), "nearest rank: the 2nd of 182, 218, 275 days");
        assertEquals(9.0, t.path("p75Months").asDouble(), "nearest rank: the 3rd of 3");
        assertEquals(2, t.path("withinTarget").asLong());

        JsonNode s1 = f.path("stage1");
        assertEquals(List.of(2L, 1L, 0L), List.of(s1.path("inTime").asLong(), s1.path("late").asLong(),
                s1.path("pending").asLong()), "b has no stage 2 date and c withdrew: neither is timed");
        JsonNode s2 = f.path("stage2");
        assertEquals(List.of(1L, 2L, 0L), List.of(s2.path("inTime").asLong(), s2.path("late").asLong(),
                s2.path("pending").asLong()), "d's 4 months passed on 1 January without approval");

        // The page's tables as CSV, in Welsh (the sessions' language): the same numbers.
        String funnel = as("central-test").get("/funnel.csv?view=funnel&" + APRIL).body();
        assertTrue(funnel.contains("\r\nYmholiadau,6,–\r\nSesiynau gwybodaeth,5,83.33333333333334\r\n"), funnel);
        assertTrue(funnel.contains("\r\nCymeradwyaethau,3,75\r\n"), funnel);
        String times = as("central-test").get("/funnel.csv?view=times&" + APRIL).body();
        assertTrue(times.contains("\r\nCanolrif,7.2,Wedi'i gyrraedd\r\n75fed canradd,9,Heb ei gyrraedd\r\n"), times);
        String stages = as("central-test").get("/funnel.csv?view=stages&" + APRIL).body();
        assertTrue(stages.contains("\r\nCam 2 o fewn 4 mis,1,2,0,33.33333333333333,Heb ei gyrraedd\r\n"), stages);
        assertEquals(404, as("central-test").get("/funnel.csv?view=nothing&" + APRIL).statusCode());
    }

    @Test
    void theSamePeriodParametersAsTheFigures() throws Exception {
        assertEquals(6, api("central-test", "businessYear=2026&part=M1").path("total").path("steps").get(0).asLong());
        assertEquals(0, api("central-test", "businessYear=2026&part=M2").path("total").path("steps").get(0).asLong());
        HttpResponse<String> bad = as("central-test").get("/api/funnel?from=2026-04-30&to=2026-04-01");
        assertEquals(400, bad.statusCode());
        assertEquals("bad_period", mapper.readTree(bad.body()).path("error").asText(), bad.body());
    }

    @Test
    void aRegionalUserSeesTheirQueuesFunnelAndAViewerAll() throws Exception {
        assertEquals(List.of(4L, 4L, 4L, 4L, 3L), steps(api("vvc-staff", APRIL).path("total")));
        assertEquals(List.of(1L, 0L, 0L, 0L, 0L), steps(api("north-staff", APRIL).path("total")));
        assertEquals(List.of(6L, 5L, 5L, 4L, 3L), steps(api("viewer", APRIL).path("total")));
        assertEquals(200, as("viewer").get("/funnel?" + APRIL).statusCode());
    }

    @Test
    void whatCannotBeRecordedIsRefusedWithAClearMessageAndChangesNothing() throws Exception {
        long before = x.f.count("SELECT COUNT(*) FROM enquiry_stages");
        assertEquals(15, before);
        HubSession vvc = as("vvc-staff");
        refused(vvc, x.d, Map.of("stage", "session", "on", "2026-04-13"),
                "Ni all cam fod cyn i'r ymholiad gael ei wneud.");
        refused(vvc, x.d, Map.of("stage", "session", "on", "2030-01-01"),
                "Rhowch ddyddiad y cam: heddiw neu ddiwrnod cynt.");
        refused(vvc, x.d, Map.of("stage", "session", "on", "not a date"),
                "Rhowch ddyddiad y cam: heddiw neu ddiwrnod cynt.");
        refused(vvc, x.d, Map.of("stage", "withdrawn", "on", "2026-10-01"),
                "Dewiswch pam y tynnwyd yr ymholiad yn ôl neu pam na symudodd ymlaen.");
        refused(vvc, x.d, Map.of("stage", "withdrawn", "on", "2026-10-01", "reason", "bored"),
                "Dewiswch pam y tynnwyd yr ymholiad yn ôl neu pam na symudodd ymlaen.");
        refused(vvc, x.d, Map.of("stage", "interview", "on", "2026-10-01"), "Dewiswch gam.");
        refused(vvc, x.d, Map.of("stage", "stage2", "on", "2026-10-01"),
                "Mae'r cam hwn wedi'i gofnodi eisoes ar gyfer yr ymholiad hwn.");
        refused(vvc, x.a, Map.of("stage", "not-progressed", "on", "2026-10-02", "reason", "other"),
                "Dim ond unwaith y caiff ymholiad ei gymeradwyo, ei dynnu'n ôl neu ei atal rhag symud ymlaen.");
        refused(as("central-test"), x.c, Map.of("stage", "approved", "on", "2026-10-02"),
                "Dim ond unwaith y caiff ymholiad ei gymeradwyo, ei dynnu'n ôl neu ei atal rhag symud ymlaen.");
        // Another region's enquiry does not exist for vvc-staff, nor theirs for north-staff.
        assertEquals(404, vvc.post(FunnelFixture.path(x.c) + "/stage",
                Map.of("stage", "session", "on", "2026-05-01")).statusCode());
        assertEquals(404, as("north-staff").post(FunnelFixture.path(x.a) + "/stage",
                Map.of("stage", "session", "on", "2026-05-01")).statusCode());
        assertEquals(403, as("viewer").post(FunnelFixture.path(x.e) + "/stage",
                Map.of("stage", "session", "on", "2026-05-01")).statusCode());
        assertEquals(before, x.f.count("SELECT COUNT(*) FROM enquiry_stages"));
    }

    private void refused(HubSession s, UUID id, Map<String, String> form, String message) throws Exception {
        HttpResponse<String> r = s.post(FunnelFixture.path(id) + "/stage", form);
        assertEquals(400, r.statusCode(), form.toString());
        assertTrue(r.body().contains("id=\"enquiry-error\">" + message + "</p>"),
                form + " → " + r.body().replaceAll("(?s).*(<p class=\"error\"[^<]*</p>).*", "$1"));
    }

    @Test
    void everyStageIsAuditedWithWhoRecordedItAndShownOnTheEnquiry() throws Exception {
        // e's stages are the taking-back test's, recorded and taken back again.
        assertEquals(15, x.f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'stage' AND record_id <> ?", x.e));
        assertEquals(3, x.f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'stage' AND username = 'central-test'"));
        assertEquals(1, x.f.count("SELECT COUNT(*) FROM enquiry_stages WHERE record_id = ? AND stage = 'withdrawn'"
                + " AND reason = 'circumstances-changed' AND recorded_by = 'central-test'", x.c));
        String page = as("vvc-staff").get(FunnelFixture.path(x.b)).body();
        assertTrue(page.contains("data-stage=\"registration\">20/05/2026 · vvc-staff"), page);
        assertTrue(page.contains("data-stage=\"approved\">10/01/2027 · vvc-staff"), page);
    }

    @Test
    void aStageRecordedInErrorIsTakenBackAuditedAndTheRightOneRecorded() throws Exception {
        HubSession north = as("north-staff");
        String e = FunnelFixture.path(x.e);
        assertEquals(303, north.post(e + "/stage", Map.of("stage", "stage2", "on", "2026-05-02")).statusCode());
        assertEquals(List.of(1L, 1L, 1L, 1L, 0L), steps(api("north-staff", APRIL).path("total")));

        // It was the registration of interest, not stage 2: take it back, record the right one.
        HttpResponse<String> back = north.post(e + "/stage/remove", Map.of("stage", "stage2"));
        assertEquals(303, back.statusCode(), back.body());
        assertTrue(north.get(back.headers().firstValue("location").orElseThrow()).body()
                .contains("Mae'r cam wedi'i dynnu'n ôl. Cofnodwch yr un cywir isod."));
        assertEquals(List.of(1L, 0L, 0L, 0L, 0L), steps(api("north-staff", APRIL).path("total")));
        assertEquals(1, x.f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'stage-removed' AND record_id = ?"
                + " AND username = 'north-staff' AND detail = 'stage2 2026-05-02'", x.e));
        assertEquals(303, north.post(e + "/stage", Map.of("stage", "registration", "on", "2026-05-02")).statusCode());
        assertEquals(List.of(1L, 1L, 1L, 0L, 0L), steps(api("north-staff", APRIL).path("total")));

        // What is not there cannot be taken back; another region's enquiry is not found; a viewer may not.
        long stages = x.f.count("SELECT COUNT(*) FROM enquiry_stages");
        HttpResponse<String> none = north.post(e + "/stage/remove", Map.of("stage", "approved"));
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("Nid yw'r cam hwnnw wedi'i gofnodi ar gyfer yr ymholiad hwn."), none.body());
        assertEquals(400, north.post(e + "/stage/remove", Map.of("stage", "interview")).statusCode());
        assertEquals(404, north.post(FunnelFixture.path(x.a) + "/stage/remove", Map.of("stage", "approved"))
                .statusCode());
        assertEquals(403, as("viewer").post(FunnelFixture.path(x.a) + "/stage/remove", Map.of("stage", "approved"))
                .statusCode());
        assertEquals(stages, x.f.count("SELECT COUNT(*) FROM enquiry_stages"));
        assertTrue(as("vvc-staff").get(FunnelFixture.path(x.a)).body().contains("data-remove-stage=\"approved\""));

        // Back as the fixture had it, for the other tests of this class.
        assertEquals(303, north.post(e + "/stage/remove", Map.of("stage", "registration")).statusCode());
        assertEquals(List.of(1L, 0L, 0L, 0L, 0L), steps(api("north-staff", APRIL).path("total")));
    }

    @Test
    void theFiguresOutliveRetentionsErasureOfTheApprovedEnquirysDetails() throws Exception {
        String[] views = {"funnel", "times", "stages", "region", "council", "event", "language", "reasons"};
        List<String> before = new ArrayList<>();
        for (String v : views) {
            before.add(as("central-test").get("/funnel.csv?view=" + v + "&" + APRIL).body());
        }
        x.closeAndEraseByRetention();
        for (int i = 0; i < views.length; i++) {
            assertEquals(before.get(i), as("central-test").get("/funnel.csv?view=" + views[i] + "&" + APRIL).body(),
                    views[i]);
        }
        assertEquals(4, x.f.count("SELECT COUNT(*) FROM enquiry_stages WHERE record_id = ?", x.erased));
        String page = as("vvc-staff").get(FunnelFixture.path(x.erased)).body();
        assertTrue(page.contains("id=\"personal-erased\""), "the details are gone");
        assertTrue(page.contains("data-stage=\"approved\">20/11/2026"), "the stages stay");
    }
}
