package org.adoptionkiosk.hub;

import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.PrometheusText;
import org.adoptionkiosk.testkit.Started;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's {@code /metrics} on the enquiries of {@link EnquiryFixture} (22 April 2026, seven
 * enquiries around Easter, each sealed with a visitor's name, email, phone and postcode): open,
 * overdue and due-today per queue, the 5-day share of the business year, and not a trace of the
 * visitors or the event in the text.
 */
class HubMetricsEnquiriesTest {
    @RegisterExtension
    final Started<EnquiryFixture> enquiries = Started.perTest(EnquiryFixture::new);

    @Test
    void enquiriesPerQueueAndTheFiveDayShareWithNoPersonalData() throws Exception {
        EnquiryFixture e = enquiries.get();
        // Answered on 8 April, within its 5 working days (due 13 April).
        try (Connection c = e.f.hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE enquiries SET first_response_on = ? WHERE record_id = ?")) {
            ps.setObject(1, LocalDate.parse("2026-04-08"));
            ps.setObject(2, e.beforeEaster);
            assertEquals(1, ps.executeUpdate());
        }
        // A kiosk at an event, named in its status.
        Statuses s = Statuses.of(EnquiryFixture.D);
        s.backlog = 3L;
        e.f.as(s.deviceId).publishRetained(Topics.status(s.deviceId), e.f.codec.encode(s.build()));
        Await.until("the status stored", () -> e.f.count(
                "SELECT COUNT(*) FROM devices WHERE device_id = ? AND backlog = 3", s.deviceId) == 1);

        HttpResponse<String> r = e.f.metrics();
        assertEquals(200, r.statusCode());
        PrometheusText m = PrometheusText.parse(r.body());
        // 22 April: Cardiff's three (one answered in time, one overdue since the 17th, one due the 28th).
        assertEquals(3, m.get("adoption_hub_enquiries_open", "queue_kind", "region", "queue", "vale-valleys-cardiff"));
        assertEquals(1, m.get("adoption_hub_enquiries_overdue", "queue_kind", "region", "queue", "vale-valleys-cardiff"));
        assertEquals(0, m.get("adoption_hub_enquiries_due_today_unanswered", "queue_kind", "region",
                "queue", "vale-valleys-cardiff"));
        assertEquals(1, m.get("adoption_hub_enquiries_overdue", "queue_kind", "region", "queue", "south-east-wales"));
        assertEquals(1, m.get("adoption_hub_enquiries_overdue", "queue_kind", "agency",
                "queue", "st-davids-children-society"));
        // Outside Wales, made on the 15th: due today, the 22nd.
        assertEquals(1, m.get("adoption_hub_enquiries_due_today_unanswered", "queue_kind", "central",
                "queue", "central"));
        assertEquals(0, m.get("adoption_hub_enquiries_overdue", "queue_kind", "central", "queue", "central"));
        // A queue with nothing in it still has its series, at 0.
        assertEquals(0, m.get("adoption_hub_enquiries_open", "queue_kind", "region", "queue", "western-bay"));
        assertEquals(7, sum(m, "adoption_hub_enquiries_open"));
        assertEquals(3, sum(m, "adoption_hub_enquiries_overdue"));
        assertEquals(1, sum(m, "adoption_hub_enquiries_due_today_unanswered"));
        // Business year 2026-27: of the four come due, one answered in time.
        assertEquals(0.25, m.get("adoption_hub_five_day_share", "queue_kind", "national", "queue", "national"));
        assertEquals(0.5, m.get("adoption_hub_five_day_share", "queue_kind", "region", "queue", "vale-valleys-cardiff"));
        assertEquals(0.0, m.get("adoption_hub_five_day_share", "queue_kind", "region", "queue", "south-east-wales"));
        // None of North Wales's has come due: no share rather than a made-up one.
        assertTrue(m.find("adoption_hub_five_day_share", "queue", "north-wales").isEmpty());

        // Nothing a visitor typed, and nothing the kiosk's staff named, is in it.
        String text = r.body();
        for (String personal : List.of("Gwen Jones", "Ifan Rees", "Siân Lloyd", "Agency Person", "Bristol Person",
                "<script>", "@example.org", "029 2000 0000", "CF10 1AA", "Diolch", s.eventName, s.eventVenue)) {
            assertFalse(text.contains(personal), personal + " is in the scrape");
        }
        // The hub's own label values are codes and ids from a small alphabet, never free text.
        for (PrometheusText.Sample sample : m.samples()) {
            if (sample.name().startsWith("adoption_hub_")) {
                sample.labels().forEach((k, v) -> assertTrue(v.matches("[a-z0-9][a-z0-9._+-]*|\\+Inf"),
                        sample.name() + " " + k + "=" + v));
            }
        }
    }

    private static double sum(PrometheusText m, String name) {
        return m.all(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }
}
