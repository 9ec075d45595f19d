package org.adoptionkiosk.appliance.metrics;

import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.appliance.sync.FakeBroker;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole kiosk (real H2, capture, outbox, sync agent; the broker and hub stood in for) scraped on
 * {@code GET /metrics} over loopback: captures by type, the outbox's backlog and oldest age while
 * the hub holds its acks, batches sent and acked, the broker connection, a few JVM meters, and no
 * visitor's details. That a connection to any other address gets no metrics: {@code MetricsServletTest}.
 */
class KioskMetricsTest {
    private static final String VERSION = PrivacyNotice.load(Messages.load()).version();
    private final WireCodec codec = new WireCodec();
    private FakeBroker broker;
    private TestKiosk kiosk;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        HubKeys hub = HubKeys.create(dir);
        broker = new FakeBroker(codec, "kiosk-test", hub);
        kiosk = TestKiosk.start(TestKiosk.config(dir.resolve("data"), hub).withSyncOnStart(true), broker::link);
    }

    @AfterEach
    void stop() {
        kiosk.close();
        broker.shutdown();
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = kiosk.get("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        return PrometheusText.parse(r.body());
    }

    @Test
    void capturesAndSyncAsTheyHappen() throws Exception {
        // A gauge holds its object weakly: what only a gauge holds would read NaN after a collection.
        System.gc();
        PrometheusText m = Await.until("connected", this::scrape, s -> s.get("adoption_kiosk_broker_connected") == 1);
        assertEquals(0, m.get("adoption_kiosk_captures_total", "type", "signin"));
        assertEquals(0, m.get("adoption_kiosk_captures_total", "type", "enquiry"));
        assertEquals(0, m.get("adoption_kiosk_outbox_backlog_records"));
        assertEquals(0, m.get("adoption_kiosk_oldest_unsynced_age_seconds"));
        assertEquals(0, m.get("adoption_kiosk_batches_sent_total"));
        assertEquals(0, m.get("adoption_kiosk_forged_acks_total"));
        assertFalse(m.all("jvm_memory_used_bytes", "area", "heap").isEmpty());
        assertTrue(m.get("jvm_threads_live_threads") > 0);
        assertTrue(m.get("process_uptime_seconds") > 0);

        // The hub takes the batches but does not answer: they wait in the outbox.
        broker.holdAcks(true);
        UUID id = UUID.randomUUID();
        CaptureRequest once = signin(id);
        kiosk.appliance.capture(once);
        kiosk.appliance.capture(once); // the same save again: no new record
        kiosk.appliance.capture(signin(null));
        kiosk.appliance.capture(CaptureRequest.enquiry("cy", enquiryFields(),
                Map.of("name", "Siân Prydderch", "email", "sian.prydderch@example.org", "phone", "029 2000 0000",
                        "postcode", "SA1 1NW")));
        m = Await.until("a batch sent", this::scrape, s -> s.get("adoption_kiosk_batches_sent_total") >= 1);
        assertEquals(2, m.get("adoption_kiosk_captures_total", "type", "signin"));
        assertEquals(1, m.get("adoption_kiosk_captures_total", "type", "enquiry"));
        assertEquals(3, m.get("adoption_kiosk_outbox_backlog_records"));
        assertEquals(0, m.get("adoption_kiosk_batches_acked_total"));
        for (String personal : List.of("Siân", "Prydderch", "example.org", "029 2000 0000", "SA1 1NW")) {
            assertFalse(m.text().contains(personal), personal + " is in the scrape");
        }

        // The hub answers again: the next send is acked and the outbox drains.
        broker.holdAcks(false);
        m = Await.until("the outbox drained", this::scrape,
                s -> s.get("adoption_kiosk_outbox_backlog_records") == 0);
        assertTrue(m.get("adoption_kiosk_batches_acked_total") >= 1);
        assertTrue(m.get("adoption_kiosk_batches_sent_total") >= m.get("adoption_kiosk_batches_acked_total"));
        assertEquals(0, m.get("adoption_kiosk_oldest_unsynced_age_seconds"));
        assertEquals(0, m.get("adoption_kiosk_records_rejected_total"));
    }

    private static CaptureRequest signin(UUID id) {
        Map<String, Object> body = new HashMap<>();
        if (id != null) {
            body.put("id", id.toString());
        }
        body.put("type", "signin");
        body.put("lang", "cy");
        body.put("fields", Map.of("localAuthority", "gwynedd", "privacyVersion", VERSION));
        return CaptureRequest.fromJson(body);
    }

    private static Map<String, Object> enquiryFields() {
        Map<String, Object> f = new HashMap<>();
        f.put("localAuthority", "pembrokeshire");
        f.put("topic", "adopting");
        f.put("contactConsent", true);
        f.put("privacyVersion", VERSION);
        return f;
    }
}
