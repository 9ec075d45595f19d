package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.*;

/** The delivery rules, end to end through a real broker: store, ack after commit, idempotence, dead letters. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTest {
    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(HubFixture::new);

    @Test
    void validBatchIsStoredAndAckedWithEveryId() throws Exception {
        String d = "kiosk-store";
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            List<KioskRecord> records = List.of(signin(1), signin(2), TestRecords.enquiry(3, Instant.now(), "cardiff", null));
            RecordBatch b = batch(d, records);
            Instant before = Instant.now().minusSeconds(1);
            Ack ack = hub.get().sendAndAwaitAck(kiosk, b);

            assertEquals(records.stream().map(KioskRecord::id).toList(), ack.accepted());
            assertTrue(ack.rejected().isEmpty());
            assertEquals(3, ack.contiguousSeq());
            assertNotNull(ack.hubTime());
            assertFalse(ack.hubTime().isBefore(before), "hubTime is the hub's clock at ack time");
            // The ack comes after commit: the rows are there the moment it arrives.
            assertEquals(3, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ? AND type = 'enquiry'"
                    + " AND sealed IS NOT NULL AND local_authority = 'cardiff'", d));

            // A resend (the kiosk missed the ack) is accepted again and changes nothing.
            RecordBatch resend = new RecordBatch(b.schema(), d, UUID.randomUUID(), b.bootId(), records);
            Ack again = hub.get().sendAndAwaitAck(kiosk, resend);
            assertEquals(ack.accepted(), again.accepted());
            assertTrue(again.rejected().isEmpty());
            assertEquals(3, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
            assertEquals(0, hub.get().deadLetters(d));

            // Same id, other content: rejected with its reason, dead-lettered, and the rest still go in.
            KioskRecord first = records.get(0);
            KioskRecord changed = new KioskRecord(first.id(), first.seq(), first.type(), first.capturedAt(),
                    first.bootId(), first.monoMillis(), first.eventId(), first.lang(), first.schema(),
                    Map.of("localAuthority", "powys"), first.sealed());
            KioskRecord next = signin(4);
            Ack conflict = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(changed, next)));
            assertEquals(List.of(new Rejection(first.id(), RecordStore.DIFFERENT_CONTENT)), conflict.rejected());
            assertEquals(List.of(next.id()), conflict.accepted());
            assertEquals(4, conflict.contiguousSeq());
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM dead_letters WHERE record_id = ? AND reason = ?",
                    first.id(), RecordStore.DIFFERENT_CONTENT));
            assertEquals("gwynedd", storedCouncil(first.id()), "the stored record keeps its first content");
        }
    }

    private String storedCouncil(UUID id) throws Exception {
        try (var c = hub.get().hub.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT local_authority FROM records WHERE id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    @Test
    void invalidRecordsAndTakenSeqsAreRejectedWithoutBlockingTheRest() throws Exception {
        String d = "kiosk-reject";
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            KioskRecord ok1 = signin(1);
            KioskRecord noSealed = TestRecords.record(2, org.adoptionkiosk.protocol.RecordType.ENQUIRY, Instant.now(),
                    "conwy", null, null);
            KioskRecord ok3 = signin(3);
            KioskRecord sameSeq = signin(3);
            Ack ack = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(ok1, noSealed, ok3, sameSeq)));
            assertEquals(List.of(ok1.id(), ok3.id()), ack.accepted());
            assertEquals(2, ack.rejected().size());
            assertEquals(noSealed.id(), ack.rejected().get(0).id());
            assertEquals("enquiry has no sealed contact details", ack.rejected().get(0).reason());
            assertEquals(sameSeq.id(), ack.rejected().get(1).id());
            assertTrue(ack.rejected().get(1).reason().contains("seq 3"), ack.rejected().get(1).reason());
            assertEquals(1, ack.contiguousSeq(), "seq 2 was rejected, so it is still missing");
            assertEquals(2, hub.get().deadLetters(d));
        }
    }

    @Test
    void badBatchesAreDeadLetteredAndTheHubCarriesOn() throws Exception {
        String d = "kiosk-bad";
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            String topic = Topics.records(d);
            kiosk.publish(topic, "{\"schema\":1,\"deviceId\":\"kiosk-bad\",\"records\":[");
            kiosk.publish(topic, new String(hub.get().codec.encode(batch(d, List.of(signin(1)))),
                    StandardCharsets.UTF_8)
                    .replace("\"schema\":1,", "\"schema\":99,"));
            kiosk.publish(topic, hub.get().codec.encode(batch("kiosk-other", List.of(signin(1)))));
            byte[] oversize = new byte[WireCodec.MAX_BATCH_BYTES + 10];
            Arrays.fill(oversize, (byte) ' ');
            kiosk.publish(topic, oversize);

            KioskRecord good = signin(1);
            Ack ack = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(good)));
            assertEquals(List.of(good.id()), ack.accepted());

            List<String> reasons = reasons(d);
            assertEquals(4, reasons.size(), reasons.toString());
            assertTrue(reasons.stream().anyMatch(r -> r.startsWith("malformed batch JSON")), reasons.toString());
            assertTrue(reasons.stream().anyMatch(r -> r.contains("unknown schema 99")), reasons.toString());
            assertTrue(reasons.stream().anyMatch(r -> r.contains("does not match")), reasons.toString());
            assertTrue(reasons.stream().anyMatch(r -> r.contains("over the limit")), reasons.toString());
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ? AND payload_bytes = ?"
                    + " AND LENGTH(payload) = 65536", d, (long) oversize.length), "payload kept, cut to 64 KiB");

            // Over HTTP: newest first, and no payload.
            JsonNode letters = hub.get().json("/api/dead-letters?limit=1000").get("deadLetters");
            JsonNode newest = null;
            for (JsonNode l : letters) {
                if (d.equals(l.get("deviceId").asText())) {
                    newest = l;
                    break;
                }
            }
            assertNotNull(newest);
            assertTrue(newest.get("reason").asText().contains("over the limit"), newest.toString());
            assertFalse(newest.has("payload"));
            assertEquals(oversize.length, newest.get("payloadBytes").asLong());
        }
    }

    /**
     * The wire's types are strict: a seq sent as the string "1" is not read as 1. The batch is a
     * dead letter whose reason names the member, nothing of it is stored, and no ack accepts it.
     */
    @Test
    void aStringSeqIsADeadLetterNamingSeqAndNothingIsStoredOrAccepted() throws Exception {
        String d = "kiosk-strict";
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            KioskRecord r = signin(1);
            RecordBatch bad = batch(d, List.of(r));
            String json = new String(hub.get().codec.encode(bad), StandardCharsets.UTF_8);
            String stringSeq = json.replace("\"seq\":1,", "\"seq\":\"1\",");
            assertNotEquals(json, stringSeq, "the test must really send a string seq");
            kiosk.publish(Topics.records(d), stringSeq);

            List<String> reasons = Await.until("the dead letter", () -> reasons(d), l -> !l.isEmpty());
            assertEquals(List.of("records[0].seq must be a whole number, not a string"), reasons);
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM dead_letters WHERE device_id = ? AND payload = ?",
                    d, stringSeq), "the payload is kept as it came");
            assertEquals(0, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));

            // The hub answers in order: the first ack to arrive is the good batch's, so the bad
            // one was never acked; and the good one does not accept the refused record.
            KioskRecord good = signin(2);
            RecordBatch next = batch(d, List.of(good));
            kiosk.publish(Topics.records(d), hub.get().codec.encode(next));
            Ack ack = HubMessages.ack(hub.get().dir, d, kiosk.next());
            assertEquals(next.batchId(), ack.batchId(), "no ack for the refused batch");
            assertEquals(List.of(good.id()), ack.accepted());
            assertFalse(ack.accepted().contains(r.id()));
            assertEquals(0, ack.contiguousSeq(), "seq 1 was never stored");
            assertEquals(0, hub.get().count("SELECT COUNT(*) FROM records WHERE id = ?", r.id()));
            assertEquals(1, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
        }
    }

    private List<String> reasons(String deviceId) throws Exception {
        try (var c = hub.get().hub.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT reason FROM dead_letters WHERE device_id = ? ORDER BY id")) {
            ps.setString(1, deviceId);
            try (var rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Test
    void gapsAreReportedUntilTheMissingSeqsArrive() throws Exception {
        String d = "kiosk-gaps";
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            Ack first = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(signin(1), signin(2), signin(5))));
            assertEquals(2, first.contiguousSeq());
            JsonNode dev = hub.get().device(d);
            assertEquals(2, dev.get("contiguousSeq").asLong());
            assertEquals(5, dev.get("maxSeq").asLong());
            assertEquals(3, dev.get("records").asLong());
            assertEquals(1, dev.get("gaps").size());
            assertEquals(3, dev.get("gaps").get(0).get("from").asLong());
            assertEquals(4, dev.get("gaps").get(0).get("to").asLong());

            Ack second = hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(signin(3), signin(4))));
            assertEquals(5, second.contiguousSeq());
            dev = hub.get().device(d);
            assertEquals(5, dev.get("contiguousSeq").asLong());
            assertEquals(0, dev.get("gaps").size());
        }
    }

    /**
     * A kiosk with several batches in flight: published back to back without waiting (the hub's
     * ingest takes what is queued together), a later batch first and one sent twice. Every batch is
     * acked, not only the last of a group; each record is stored once; the seq gap the out-of-order
     * batch opens closes when the earlier one commits.
     */
    @Test
    void severalBatchesInFlightAreEachStoredAndAckedEvenOutOfOrder() throws Exception {
        String d = "kiosk-window";
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            List<List<KioskRecord>> parts = new java.util.ArrayList<>();
            for (int b = 0; b < 6; b++) {
                List<KioskRecord> part = new java.util.ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    part.add(signin(b * 10L + i));
                }
                parts.add(part);
            }
            // Sent in this order: seqs 11-20 before 1-10, then 21-60, and 31-40 again under a new id.
            List<RecordBatch> sent = List.of(batch(d, parts.get(1)), batch(d, parts.get(0)), batch(d, parts.get(2)),
                    batch(d, parts.get(3)), batch(d, parts.get(3)), batch(d, parts.get(4)), batch(d, parts.get(5)));
            for (RecordBatch b : sent) {
                kiosk.publish(Topics.records(d), hub.get().codec.encode(b));
            }
            Map<UUID, Ack> acks = new java.util.HashMap<>();
            while (acks.size() < sent.size()) {
                RawMqtt.Message m = kiosk.next(30);
                assertNotNull(m, "an ack for each batch within 30 s; had " + acks.size());
                Ack ack = HubMessages.ack(hub.get().dir, d, m.payload());
                assertNull(acks.put(ack.batchId(), ack), "one ack per batch");
            }
            for (RecordBatch b : sent) {
                Ack ack = acks.get(b.batchId());
                assertNotNull(ack, "batch " + b.batchId() + " acked");
                assertEquals(b.records().stream().map(KioskRecord::id).toList(), ack.accepted());
                assertTrue(ack.rejected().isEmpty());
            }
            assertEquals(0, acks.get(sent.get(0).batchId()).contiguousSeq(), "11-20 first: 1-10 still missing");
            assertEquals(20, acks.get(sent.get(1).batchId()).contiguousSeq(), "1-10 closes the gap");
            assertEquals(60, acks.get(sent.get(6).batchId()).contiguousSeq());
            assertEquals(60, hub.get().count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
            assertEquals(0, hub.get().deadLetters(d));
            JsonNode dev = hub.get().device(d);
            assertEquals(60, dev.get("contiguousSeq").asLong());
            assertEquals(0, dev.get("gaps").size());
        }
    }

    @Test
    void statusAndLastWillShowInTheFleet() throws Exception {
        String d = "kiosk-status";
        String topic = Topics.status(d);
        byte[] will = hub.get().codec.encode(DeviceStatus.offline(d));
        RawMqtt kiosk = hub.get().connect(d, topic, will);
        try {
            Instant capture = Instant.parse("2026-08-05T10:00:00Z");
            DeviceStatus up = new DeviceStatus(d, true, 7L, capture, capture, null, "1.2.3", "eisteddfod-2026",
                    48.5, 1_000_000L, -1500L, Instant.now(), "event", 1, capture, 42L, "Eisteddfod", "Pontypridd", 40L,
                    "north-wales", "north-wales-hub", 3L, null);
            kiosk.publishRetained(topic, hub.get().codec.encode(up));
            JsonNode dev = Await.until("the kiosk to show online", () -> hub.get().device(d),
                    n -> n != null && n.get("online").asBoolean(false));
            assertEquals(7, dev.get("backlog").asLong());
            assertEquals("1.2.3", dev.get("version").asText());
            assertEquals("eisteddfod-2026", dev.get("eventId").asText());
            assertEquals(-1500, dev.get("clockOffsetMillis").asLong());
            assertEquals(capture, Instant.parse(dev.get("lastCaptureAt").asText()));

            kiosk.dropConnection();
            dev = Await.until("the last-will to show the kiosk offline", () -> hub.get().device(d),
                    n -> n.get("online").isBoolean() && !n.get("online").asBoolean());
            assertEquals(7, dev.get("backlog").asLong(), "the will carries no backlog; the last one stays");
        } finally {
            kiosk.close();
        }
    }

    @Test
    void malformedStatusIsDeadLettered() throws Exception {
        String d = "kiosk-badstatus";
        try (RawMqtt kiosk = hub.get().connect(d)) {
            kiosk.publish(Topics.status(d), "{not json");
            Await.until("a dead letter for the bad status", () -> hub.get().deadLetters(d), n -> n == 1);
        }
    }

    @Test
    void healthIsOkWithDatabaseAndBroker() throws Exception {
        var r = hub.get().get("/healthz");
        assertEquals(200, r.statusCode());
        assertEquals("ok", hub.get().codec.mapper().readTree(r.body()).get("status").asText());
    }
}
