package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.RawMqtt;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kiosk clocks through a real hub (broker, ingest, store; H2, and PostgreSQL in the build's second
 * run): the kiosk's time is kept as sent beside the hub's, a time the hub doubts is flagged (never
 * replaced), the hub's estimate of the true time is kept beside both, and the figures' day follows it.
 * The hub's clock stands at 1 August 2026, noon.
 */
class RecordTimesTest {
    static final Instant H = Instant.parse("2026-08-01T12:00:00Z");
    static final Duration THREE_YEARS = Duration.ofDays(3 * 365);
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    final TestClock clock = new TestClock(H);
    @RegisterExtension
    final Started<HubFixture> hub = Started.perTest(dir -> new HubFixture(dir, Map.of(), clock));

    static KioskRecord signin(long seq, UUID boot, long monoMillis, Instant capturedAt) {
        return new KioskRecord(UUID.randomUUID(), seq, RecordType.SIGNIN, capturedAt, boot, monoMillis, null, Lang.EN,
                WireCodec.SCHEMA, Map.of("localAuthority", "gwynedd", "howHeard", "event"), null);
    }

    /**
     * Publishes the batch as a kiosk would, each record carrying the clock offset {@code offsets}
     * gives for its id (none when absent), and waits for the ack that answers it. It connects as
     * the device (registered with the hub's broker on first use): the broker lets no one else in.
     */
    static Ack send(HubFixture f, String deviceId, List<KioskRecord> records, Map<UUID, Long> offsets)
            throws Exception {
        RawMqtt kiosk = f.as(deviceId);
        kiosk.subscribe(Topics.ack(deviceId));
        RecordBatch batch = new RecordBatch(WireCodec.SCHEMA, deviceId, UUID.randomUUID(),
                records.get(0).bootId(), records);
        ObjectNode json = f.codec.mapper().valueToTree(batch);
        for (JsonNode r : json.get("records")) {
            Long offset = offsets.get(UUID.fromString(r.get("id").asText()));
            if (offset != null) {
                ((ObjectNode) r).put("clockOffsetMillis", offset);
            }
        }
        kiosk.publish(Topics.records(deviceId), f.codec.mapper().writeValueAsBytes(json));
        while (true) {
            Ack ack = HubMessages.ack(f.dir, deviceId, kiosk.next());
            if (ack.batchId().equals(batch.batchId())) {
                return ack;
            }
        }
    }

    Ack send(String deviceId, List<KioskRecord> records, Map<UUID, Long> offsets) throws Exception {
        return send(hub.get(), deviceId, records, offsets);
    }

    /** A record as the hub stored it. */
    record Stored(Instant capturedAt, Instant receivedAt, boolean suspect, Instant correctedAt, LocalDate figureDate) {
    }

    static Stored stored(HubFixture f, String deviceId, UUID id) throws Exception {
        try (Connection c = f.hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT captured_at, received_at, time_suspect, corrected_at,"
                     + " figure_date FROM records WHERE device_id = ? AND id = ?")) {
            ps.setString(1, deviceId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "stored: " + id);
                OffsetDateTime corrected = rs.getObject("corrected_at", OffsetDateTime.class);
                return new Stored(rs.getObject("captured_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("received_at", OffsetDateTime.class).toInstant(), rs.getBoolean("time_suspect"),
                        corrected == null ? null : corrected.toInstant(), rs.getObject("figure_date", LocalDate.class));
            }
        }
    }

    Stored stored(String deviceId, UUID id) throws Exception {
        return stored(hub.get(), deviceId, id);
    }

    static LocalDate day(Instant t) {
        return t.atZone(LONDON).toLocalDate();
    }

    @Test
    void aKioskClockThreeYearsBehindThatKnowsItIsSuspectWithTheTrueTimeBesideAndCountsOnThatDay() throws Exception {
        String d = "times-behind";
        UUID boot = UUID.randomUUID();
        // The process started at 06:00 (hub time); its clock reads three years earlier.
        Instant start = H.minus(Duration.ofHours(6));
        long offset = THREE_YEARS.toMillis();
        KioskRecord a = signin(1, boot, Duration.ofHours(1).toMillis(), start.plus(Duration.ofHours(1)).minus(THREE_YEARS));
        KioskRecord b = signin(2, boot, Duration.ofHours(5).toMillis(), start.plus(Duration.ofHours(5)).minus(THREE_YEARS));
        Ack ack = send(d, List.of(a, b), Map.of(a.id(), offset, b.id(), offset));
        assertEquals(2, ack.accepted().size());

        Stored sa = stored(d, a.id());
        assertEquals(a.capturedAt(), sa.capturedAt(), "the kiosk's time, kept as sent");
        assertEquals(H, sa.receivedAt());
        assertTrue(sa.suspect());
        assertEquals(start.plus(Duration.ofHours(1)), sa.correctedAt(), "capturedAt + offset");
        assertEquals(LocalDate.parse("2026-08-01"), sa.figureDate(), "counted on the corrected day");
        assertTrue(stored(d, b.id()).suspect());
        assertEquals(start.plus(Duration.ofHours(5)), stored(d, b.id()).correctedAt());

        // Counted in this business year, not three years ago; and the fleet counts the flags.
        assertEquals(0, hub.get().json("/api/figures?businessYear=2023").at("/totals/signins").asLong());
        assertEquals(2, hub.get().json("/api/figures?businessYear=2026").at("/totals/signins").asLong());
        assertEquals(2, hub.get().device(d).get("timeSuspect").asLong());
    }

    @Test
    void aBootsEarlierRecordsAreJudgedWhenALaterRecordBringsTheOffset() throws Exception {
        String d = "times-late-offset";
        UUID boot = UUID.randomUUID();
        UUID otherBoot = UUID.randomUUID();
        Instant start = H.minus(Duration.ofHours(3));
        long early1 = Duration.ofMinutes(10).toMillis();
        long early2 = Duration.ofMinutes(20).toMillis();
        // Captured before the kiosk's first ack: no offset, and a clock three years behind.
        KioskRecord e1 = signin(1, boot, early1, start.plusMillis(early1).minus(THREE_YEARS));
        KioskRecord e2 = signin(2, boot, early2, start.plusMillis(early2).minus(THREE_YEARS));
        // Another process of the same kiosk, also wrong, that never learns its offset.
        KioskRecord elsewhere = signin(3, otherBoot, early1, start.plusMillis(early1).minus(THREE_YEARS));
        send(d, List.of(e1, e2), Map.of());
        send(d, List.of(elsewhere), Map.of());
        LocalDate kioskDay = day(e1.capturedAt());
        Stored before = stored(d, e1.id());
        assertFalse(before.suspect(), "nothing yet says the clock is wrong");
        assertNull(before.correctedAt());
        assertEquals(kioskDay, before.figureDate());
        assertEquals(0, hub.get().device(d).get("timeSuspect").asLong());

        // The process's first ack taught it the offset: its next record carries it.
        long laterMono = Duration.ofHours(2).toMillis();
        KioskRecord later = signin(4, boot, laterMono, start.plusMillis(laterMono).minus(THREE_YEARS));
        clock.advance(Duration.ofMinutes(30));
        send(d, List.of(later), Map.of(later.id(), THREE_YEARS.toMillis()));

        Stored l = stored(d, later.id());
        assertTrue(l.suspect());
        assertEquals(start.plusMillis(laterMono), l.correctedAt());
        for (KioskRecord e : List.of(e1, e2)) {
            Stored s = stored(d, e.id());
            assertTrue(s.suspect(), "an earlier record of the boot is now marked");
            assertEquals(e.capturedAt(), s.capturedAt(), "its kiosk time is kept");
            assertEquals(start.plusMillis(e.monoMillis()), s.correctedAt(), "corrected start + monoMillis");
            assertEquals(kioskDay, s.figureDate(), "already counted: its day stands, and the page says so");
        }
        Stored other = stored(d, elsewhere.id());
        assertFalse(other.suspect(), "another boot is not judged by this one's offset");
        assertNull(other.correctedAt());
        assertEquals(3, hub.get().device(d).get("timeSuspect").asLong());
    }

    @Test
    void aClockAheadIsSuspectAndCountsOnTheDayReceived() throws Exception {
        String d = "times-ahead";
        // (a) Captured an hour after it reached the hub.
        KioskRecord ahead = signin(1, UUID.randomUUID(), 60_000, H.plus(Duration.ofHours(1)));
        // (c) A process whose first record (60 s in) arrived at once...
        UUID boot = UUID.randomUUID();
        KioskRecord first = signin(2, boot, 60_000, H.minusSeconds(1));
        send(d, List.of(ahead, first), Map.of());
        Stored a = stored(d, ahead.id());
        assertTrue(a.suspect());
        assertNull(a.correctedAt());
        assertEquals(LocalDate.parse("2026-08-01"), a.figureDate());
        assertFalse(stored(d, first.id()).suspect());

        // ...and whose clock then ran 30 minutes ahead, on a record that waited 2 hours to be sent:
        // not captured after it arrived, but its claimed start is after the boot's bound.
        long mono = Duration.ofHours(1).plusSeconds(60).toMillis();
        KioskRecord jumped = signin(3, boot, mono, H.plus(Duration.ofMinutes(90)));
        clock.advance(Duration.ofHours(3));
        send(d, List.of(jumped), Map.of());
        Stored j = stored(d, jumped.id());
        assertTrue(j.suspect());
        assertEquals(jumped.capturedAt(), j.capturedAt());
        assertEquals(LocalDate.parse("2026-08-01"), j.figureDate(), "the day received");
        assertEquals(2, hub.get().device(d).get("timeSuspect").asLong());
    }

    @Test
    void aGoodClockIsNotSuspectAndAResendCarriesTheSameOffset() throws Exception {
        String d = "times-good";
        UUID boot = UUID.randomUUID();
        KioskRecord before = signin(1, boot, 30_000, H.minus(Duration.ofMinutes(10)));
        KioskRecord after = signin(2, boot, 300_000, H.minus(Duration.ofMinutes(5)).plusMillis(-1200));
        Map<UUID, Long> offsets = Map.of(after.id(), 1200L);
        send(d, List.of(before, after), offsets);
        for (KioskRecord r : List.of(before, after)) {
            Stored s = stored(d, r.id());
            assertFalse(s.suspect(), "good clock: " + r.seq());
            assertEquals(day(r.capturedAt()), s.figureDate());
            assertEquals(H, s.receivedAt());
        }
        assertEquals(after.capturedAt().plusMillis(1200), stored(d, after.id()).correctedAt());
        assertEquals(0, hub.get().device(d).get("timeSuspect").asLong());

        // A resend with the stored offset is the same record; another offset is other content.
        Ack again = send(d, List.of(before, after), offsets);
        assertEquals(List.of(before.id(), after.id()), again.accepted());
        Ack changed = send(d, List.of(after), Map.of(after.id(), 2400L));
        assertEquals(List.of(), changed.accepted());
        assertEquals(1, changed.rejected().size());
        assertEquals(1, hub.get().deadLetters(d));
    }
}
