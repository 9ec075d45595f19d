package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.PrometheusText;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's {@code /metrics}, scraped from its own listener with no session after real ingest
 * through the embedded broker: the counters as batches are stored, resent, rejected and refused;
 * and the kiosks' gauges from their statuses, read from the store at most every 15 seconds. The
 * enquiry queues' gauges: {@link HubMetricsEnquiriesTest}.
 */
class HubMetricsTest {
    private static final Instant NOW = Instant.parse("2026-04-22T11:00:00Z");
    private final TestClock clock = new TestClock(NOW);

    @RegisterExtension
    final Started<HubFixture> hub = Started.perTest(dir -> new HubFixture(dir, Map.of(), clock));

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = hub.get().metrics();
        assertEquals(200, r.statusCode(), r.body());
        return PrometheusText.parse(r.body());
    }

    @Test
    void servedOnItsOwnPortWithoutASessionInPrometheusTextFormat() throws Exception {
        // A gauge holds its object weakly: what only a gauge holds would read NaN after a collection.
        System.gc();
        HttpResponse<String> r = hub.get().metrics();
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        PrometheusText m = PrometheusText.parse(r.body());
        // The JVM's, the pool's and the data folder's disk are there too.
        assertFalse(m.all("jvm_memory_used_bytes", "area", "heap").isEmpty());
        assertTrue(m.get("jvm_threads_live_threads") > 0);
        assertTrue(m.get("process_uptime_seconds") > 0);
        assertEquals(8, m.get("hikaricp_connections_max", "pool", "hub-store"));
        assertTrue(m.get("disk_free_bytes", "application", "adoption-hub", "path",
                hub.get().dir.toAbsolutePath().toString()) > 0);
        assertEquals(1, m.get("adoption_hub_mqtt_connected"));
        assertEquals(0, m.get("adoption_hub_ingest_queue_messages"));
        // Not on the dashboard's port, which is for signed-in staff (and what a proxy passes on).
        assertNotEquals(200, hub.get().anonymous("GET", "/metrics").statusCode());
    }

    @Test
    void ingestIsCountedAsItHappens() throws Exception {
        String d = "kiosk-metrics";
        PrometheusText before = scrape();
        // Every label value is there at 0 before anything happens.
        for (String outcome : List.of("stored", "duplicate", "dead_lettered", "not_stored")) {
            assertEquals(0, before.get("adoption_hub_batches_total", "outcome", outcome), outcome);
        }
        for (String reason : List.of("topic_invalid", "unreadable", "device_mismatch", "device_revoked",
                "store_failed", "record_invalid", "different_content", "seq_taken", "status_too_large")) {
            assertEquals(0, before.get("adoption_hub_dead_letters_total", "reason", reason), reason);
        }
        assertEquals(0, before.get("adoption_hub_records_ingested_total", "type", "signin"));
        assertEquals(0, before.get("adoption_hub_ingest_latency_seconds_count"));

        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            List<KioskRecord> records = List.of(signin(1), signin(2), TestRecords.enquiry(3, NOW, "cardiff", null));
            hub.get().sendAndAwaitAck(kiosk, batch(d, records));
            PrometheusText m = scrape();
            assertEquals(2, m.get("adoption_hub_records_ingested_total", "type", "signin"));
            assertEquals(1, m.get("adoption_hub_records_ingested_total", "type", "enquiry"));
            assertEquals(1, m.get("adoption_hub_batches_total", "outcome", "stored"));
            assertEquals(1, m.get("adoption_hub_ingest_latency_seconds_count"));
            assertEquals(1, m.get("adoption_hub_ingest_latency_seconds_bucket", "le", "+Inf"));

            // A resend stores nothing new: a duplicate, and no record counted twice.
            hub.get().sendAndAwaitAck(kiosk, batch(d, records));
            m = scrape();
            assertEquals(1, m.get("adoption_hub_batches_total", "outcome", "duplicate"));
            assertEquals(2, m.get("adoption_hub_records_ingested_total", "type", "signin"));
            assertEquals(2, m.get("adoption_hub_ingest_latency_seconds_count"));

            // Same id with other content, beside a new record: one dead letter by its reason code.
            KioskRecord first = records.get(0);
            KioskRecord changed = new KioskRecord(first.id(), first.seq(), first.type(), first.capturedAt(),
                    first.bootId(), first.monoMillis(), first.eventId(), first.lang(), first.schema(),
                    Map.of("localAuthority", "powys"), first.sealed());
            Ack conflict = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(changed, signin(4))));
            assertEquals(RecordStore.DIFFERENT_CONTENT, conflict.rejected().get(0).reason());
            // A new id on a seq another record holds.
            KioskRecord taken = signin(4);
            hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(taken)));
            m = scrape();
            assertEquals(1, m.get("adoption_hub_dead_letters_total", "reason", "different_content"));
            assertEquals(1, m.get("adoption_hub_dead_letters_total", "reason", "seq_taken"));
            assertEquals(3, m.get("adoption_hub_records_ingested_total", "type", "signin"));
            assertEquals(2, m.get("adoption_hub_batches_total", "outcome", "stored"));
            assertEquals(2, m.get("adoption_hub_batches_total", "outcome", "duplicate"));

            // Not a batch at all: refused whole, no ack to wait for.
            kiosk.publish(Topics.records(d), "{not a batch".getBytes(StandardCharsets.UTF_8));
            PrometheusText refused = Await.until("the unreadable batch counted", this::scrape,
                    s -> s.get("adoption_hub_dead_letters_total", "reason", "unreadable") == 1);
            assertEquals(1, refused.get("adoption_hub_batches_total", "outcome", "dead_lettered"));
            // The counters add up to the dead-letter table.
            double counted = refused.all("adoption_hub_dead_letters_total").stream()
                    .mapToDouble(PrometheusText.Sample::value).sum();
            assertEquals(hub.get().deadLetters(d), (long) counted);
            assertEquals(4, refused.get("adoption_hub_ingest_latency_seconds_count"));
        }
    }

    @Test
    void kioskGaugesComeFromTheirStatusesAndAreReadFromTheStoreAtMostEvery15Seconds() throws Exception {
        Instant oldest = NOW.minus(Duration.ofMinutes(10));
        Statuses atEvent = Statuses.of("kiosk-event");
        atEvent.backlog = 5L;
        atEvent.oldestUnsyncedAt = oldest;
        Statuses office = Statuses.of("kiosk-office");
        office.mode = "office";
        office.eventId = null;
        office.eventName = null;
        office.eventVenue = null;
        office.footfallEvent = null;
        status(atEvent);
        status(office);

        PrometheusText m = scrape();
        assertEquals(2, m.get("adoption_hub_kiosks_known"));
        assertEquals(2, m.get("adoption_hub_kiosks_online"));
        assertEquals(5, m.get("adoption_hub_kiosk_backlog_records", "device", "kiosk-event"));
        assertEquals(600, m.get("adoption_hub_kiosk_oldest_unsynced_age_seconds", "device", "kiosk-event"));
        assertEquals(0, m.get("adoption_hub_kiosk_backlog_records", "device", "kiosk-office"));
        assertEquals(0, m.get("adoption_hub_kiosk_oldest_unsynced_age_seconds", "device", "kiosk-office"));
        assertEquals(1, m.get("adoption_hub_kiosk_at_event", "device", "kiosk-event"));
        assertEquals(0, m.get("adoption_hub_kiosk_at_event", "device", "kiosk-office"));
        assertEquals(NOW.getEpochSecond(),
                m.get("adoption_hub_kiosk_last_seen_timestamp_seconds", "device", "kiosk-event"));

        // A new status is in the store, but a scrape within 15 s shows what the last read found;
        // only the age moves on with the clock.
        atEvent.backlog = 9L;
        status(atEvent);
        clock.advance(Duration.ofSeconds(14));
        m = scrape();
        assertEquals(5, m.get("adoption_hub_kiosk_backlog_records", "device", "kiosk-event"));
        assertEquals(614, m.get("adoption_hub_kiosk_oldest_unsynced_age_seconds", "device", "kiosk-event"));
        clock.advance(Duration.ofSeconds(1));
        m = scrape();
        assertEquals(9, m.get("adoption_hub_kiosk_backlog_records", "device", "kiosk-event"));
        assertEquals(615, m.get("adoption_hub_kiosk_oldest_unsynced_age_seconds", "device", "kiosk-event"));
    }

    /** Publishes a retained status and waits until the store holds its backlog. */
    private void status(Statuses s) throws Exception {
        hub.get().as(s.deviceId).publishRetained(Topics.status(s.deviceId), hub.get().codec.encode(s.build()));
        Await.until("the status of " + s.deviceId, () -> hub.get().count(
                "SELECT COUNT(*) FROM devices WHERE device_id = ? AND backlog = ?", s.deviceId, s.backlog) == 1);
    }

    @Test
    void deadLettersOfStatusesAreCountedByReason() throws Exception {
        String d = "kiosk-bad-status";
        hub.get().as(d).publish(Topics.status(d), "not json".getBytes(StandardCharsets.UTF_8));
        Statuses other = Statuses.of("someone-else");
        hub.get().as(d).publish(Topics.status(d), hub.get().codec.encode(other.build()));
        PrometheusText m = Await.until("both counted", this::scrape,
                s -> s.get("adoption_hub_dead_letters_total", "reason", "device_mismatch") == 1);
        assertEquals(1, m.get("adoption_hub_dead_letters_total", "reason", "unreadable"));
        // Statuses are no batches.
        assertEquals(0, m.get("adoption_hub_batches_total", "outcome", "dead_lettered"));
    }

}
