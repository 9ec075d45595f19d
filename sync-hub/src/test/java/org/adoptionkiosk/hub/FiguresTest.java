package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.RawMqtt;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.enquiry;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.*;

/** Figures from stored rows: business years, Europe/London dates, regions from the map, no double counting. */
class FiguresTest {
    private static final String D = "kiosk-figures";
    /** The hub's clock, after every record below: none of them is in the future. */
    private static final Clock AFTER_THE_YEAR = Clock.fixed(Instant.parse("2027-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Eight records around the 2026-27 business year's edges (times UTC; London is on BST then). */
    private static List<KioskRecord> yearOfRecords() {
        return List.of(
                signin(1, Instant.parse("2026-03-31T22:30:00Z"), "gwynedd", "eisteddfod-2026"),   // 31 Mar 23:30: 2025-26
                signin(2, Instant.parse("2026-03-31T23:30:00Z"), "gwynedd", "eisteddfod-2026"),   // 1 Apr 00:30: 2026-27
                enquiry(3, Instant.parse("2026-09-30T22:59:59Z"), "cardiff", "eisteddfod-2026"),  // 30 Sep: H1, Q2
                enquiry(4, Instant.parse("2026-09-30T23:00:00Z"), "swansea", "pride-cymru-2026"), // 1 Oct: H2, Q3
                signin(5, Instant.parse("2027-03-31T22:30:00Z"), "outside-wales", null),          // 31 Mar 2027: Q4
                signin(6, Instant.parse("2027-03-31T23:30:00Z"), "cardiff", null),                // 1 Apr 2027: 2027-28
                enquiry(7, Instant.parse("2026-12-01T12:00:00Z"), "atlantis", null),              // unknown council
                signin(8, Instant.parse("2026-06-15T12:00:00Z"), null, "pride-cymru-2026"));      // no council given
    }

    @Test
    void figuresFollowBusinessYearsRegionsAndEvents() throws Exception {
        try (HubFixture f = new HubFixture(dir, Map.of(), AFTER_THE_YEAR); RawMqtt kiosk = f.kiosk(D)) {
            List<KioskRecord> records = yearOfRecords();
            assertEquals(8, f.sendAndAwaitAck(kiosk, batch(D, records)).accepted().size());

            JsonNode fig = f.json("/api/figures?businessYear=2026");
            checkYear2026(fig);

            // A resend of everything is accepted again but counted once.
            RecordBatch resend = batch(D, records);
            assertEquals(8, f.sendAndAwaitAck(kiosk, resend).accepted().size());
            assertEquals(fig, f.json("/api/figures?businessYear=2026"));

            JsonNode before = f.json("/api/figures?businessYear=2025");
            assertEquals(1, before.at("/totals/signins").asLong());
            assertEquals(0, before.at("/totals/enquiries").asLong());
            assertEquals("2025-26", before.at("/period/label").asText());
            assertEquals(1, span(before.at("/byPeriod/quarters"), "Q4").get("signins").asLong());
            assertEquals(1, span(before.at("/byPeriod/months"), "2026-03").get("signins").asLong());

            JsonNode after = f.json("/api/figures?businessYear=2027");
            assertEquals(1, after.at("/totals/signins").asLong());
            assertEquals(1, region(after, "vale-valleys-cardiff").get("signins").asLong());

            JsonNode edge = f.json("/api/figures?from=2026-09-30&to=2026-10-01");
            assertEquals("2026-09-30/2026-10-01", edge.at("/period/label").asText());
            assertEquals(2, edge.at("/totals/enquiries").asLong());
            assertEquals(0, edge.at("/totals/signins").asLong());
            assertEquals(2, edge.at("/byPeriod/months").size());
            assertEquals("2026-09-30", span(edge.at("/byPeriod/months"), "2026-09").get("from").asText());
            assertEquals(1, span(edge.at("/byPeriod/halves"), "H1").get("enquiries").asLong());
            assertEquals(1, span(edge.at("/byPeriod/halves"), "H2").get("enquiries").asLong());

            // Whole months come from the monthly counts, part-months from the daily ones: any range
            // must still give what counting the stored records gives.
            for (String[] range : new String[][] {{"2026-03-31", "2026-10-01"}, {"2026-04-01", "2026-09-30"},
                    {"2026-04-02", "2026-04-30"}, {"2026-06-15", "2026-06-15"}, {"2026-03-01", "2027-04-30"},
                    {"2026-05-01", "2026-12-01"}}) {
                JsonNode r = f.json("/api/figures?from=" + range[0] + "&to=" + range[1]);
                for (String type : new String[] {"signin", "enquiry"}) {
                    long stored = f.count("SELECT COUNT(*) FROM records WHERE type = ? AND figure_date >= ?"
                            + " AND figure_date <= ?", type, LocalDate.parse(range[0]), LocalDate.parse(range[1]));
                    assertEquals(stored, r.at(type.equals("signin") ? "/totals/signins" : "/totals/enquiries").asLong(),
                            type + " " + range[0] + ".." + range[1]);
                }
            }
        }
    }

    private static void checkYear2026(JsonNode fig) {
        assertEquals("2026-04-01", fig.at("/period/from").asText());
        assertEquals("2027-03-31", fig.at("/period/to").asText());
        assertEquals("2026-27", fig.at("/period/label").asText());
        assertEquals(3, fig.at("/totals/signins").asLong());
        assertEquals(3, fig.at("/totals/enquiries").asLong());

        assertCounts(region(fig, "north-wales"), 1, 0);
        assertEquals("Gogledd Cymru", region(fig, "north-wales").at("/name/cy").asText());
        assertCounts(region(fig, "vale-valleys-cardiff"), 0, 1);
        assertCounts(region(fig, "western-bay"), 0, 1);
        assertCounts(region(fig, "south-east-wales"), 0, 0);
        assertCounts(region(fig, "outside-wales"), 1, 0);
        assertCounts(region(fig, "unknown"), 1, 1);
        assertEquals(5 + 2, fig.get("byRegion").size(), "five regions, outside and unknown");

        JsonNode gwynedd = council(fig, "gwynedd");
        assertCounts(gwynedd, 1, 0);
        assertEquals("north-wales", gwynedd.get("region").asText());
        assertCounts(council(fig, "cardiff"), 0, 1);
        assertCounts(council(fig, "swansea"), 0, 1);
        assertCounts(council(fig, "unknown"), 1, 1);
        assertEquals(22 + 2, fig.get("byLocalAuthority").size());

        assertCounts(event(fig, "eisteddfod-2026"), 1, 1);
        assertCounts(event(fig, "pride-cymru-2026"), 1, 1);
        assertCounts(event(fig, null), 1, 1);

        JsonNode halves = fig.at("/byPeriod/halves");
        assertEquals(2, halves.size());
        assertCounts(span(halves, "H1"), 2, 1);
        assertEquals("2026-09-30", span(halves, "H1").get("to").asText());
        assertCounts(span(halves, "H2"), 1, 2);
        JsonNode quarters = fig.at("/byPeriod/quarters");
        assertEquals(4, quarters.size());
        assertCounts(span(quarters, "Q1"), 2, 0);
        assertCounts(span(quarters, "Q2"), 0, 1);
        assertCounts(span(quarters, "Q3"), 0, 2);
        assertCounts(span(quarters, "Q4"), 1, 0);
        assertEquals("2027-01-01", span(quarters, "Q4").get("from").asText());
        JsonNode months = fig.at("/byPeriod/months");
        assertEquals(12, months.size());
        assertEquals("2026-04", months.get(0).get("label").asText());
        assertEquals("2027-03", months.get(11).get("label").asText());
        assertCounts(span(months, "2026-04"), 1, 0);
        assertCounts(span(months, "2026-09"), 0, 1);
        assertCounts(span(months, "2026-10"), 0, 1);
        assertCounts(span(months, "2027-03"), 1, 0);
        assertCounts(span(months, "2026-05"), 0, 0);
    }

    @Test
    void implausibleCaptureTimesAreFlaggedAndCountedOnTheDayReceived() throws Exception {
        Instant hubNow = Instant.parse("2026-08-01T12:00:00Z");
        try (HubFixture f = new HubFixture(dir, Map.of(), Clock.fixed(hubNow, ZoneOffset.UTC));
             RawMqtt kiosk = f.kiosk(D)) {
            KioskRecord future = signin(1, Instant.parse("2099-01-01T00:00:00Z"), "conwy", null);
            // 1970: a Pi that booted with no network (its own kiosk process). No fixed earliest date
            // says it is wrong: the offset the kiosk learnt from an ack does (RecordTiming), and it
            // counts on the corrected day.
            KioskRecord epoch = signin(2, Instant.parse("1970-01-01T00:00:05Z"), "conwy", null);
            KioskRecord past = new KioskRecord(epoch.id(), epoch.seq(), epoch.type(), epoch.capturedAt(),
                    UUID.randomUUID(), epoch.monoMillis(), epoch.eventId(), epoch.lang(), epoch.schema(), epoch.fields(),
                    epoch.sealed(), Duration.between(epoch.capturedAt(), hubNow.minus(Duration.ofHours(1))).toMillis());
            KioskRecord fine = signin(3, Instant.parse("2026-07-31T09:00:00Z"), "conwy", null);
            KioskRecord hoursAhead = signin(4, Instant.parse("2026-08-01T20:00:00Z"), "conwy", null);
            KioskRecord daysAhead = signin(5, Instant.parse("2026-08-03T13:00:00Z"), "conwy", null);
            f.sendAndAwaitAck(kiosk, batch(D, List.of(future, past, fine, hoursAhead, daysAhead)));

            // Hours ahead of the hub is beyond the 5 minutes' tolerance: suspect, still counted that day.
            Map<UUID, Boolean> suspect = Map.of(future.id(), true, past.id(), true, fine.id(), false,
                    hoursAhead.id(), true, daysAhead.id(), true);
            Map<UUID, LocalDate> day = Map.of(future.id(), LocalDate.parse("2026-08-01"),
                    past.id(), LocalDate.parse("2026-08-01"), fine.id(), LocalDate.parse("2026-07-31"),
                    hoursAhead.id(), LocalDate.parse("2026-08-01"), daysAhead.id(), LocalDate.parse("2026-08-01"));
            try (Connection c = f.hub.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT id, time_suspect, figure_date FROM records");
                 ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    UUID id = rs.getObject("id", UUID.class);
                    assertEquals(suspect.get(id), rs.getBoolean("time_suspect"), "time_suspect of " + id);
                    assertEquals(day.get(id), rs.getObject("figure_date", LocalDate.class), "figure_date of " + id);
                }
                assertEquals(5, n);
            }
            assertEquals(0, f.json("/api/figures?businessYear=2098").at("/totals/signins").asLong());
            assertEquals(5, f.json("/api/figures?businessYear=2026").at("/totals/signins").asLong());
        }
    }

    @Test
    void regionsComeFromTheRegionsFile() throws Exception {
        Path map = dir.resolve("regions.json");
        Files.writeString(map, """
                {"id":"north-england","name":{"cy":"Asiantaeth","en":"Agency"},
                 "regions":[{"id":"coast","name":{"cy":"Arfordir","en":"Coast"},
                   "localAuthorities":[{"slug":"blackpool","name":{"cy":"Blackpool","en":"Blackpool"}}]}],
                 "outside":{"slug":"outside-area","name":{"cy":"Tu allan","en":"Outside"}},
                 "agencies":[]}
                """);
        Path data = dir.resolve("data");
        try (HubFixture f = new HubFixture(data, Map.of("HUB_REGIONS", map.toString()));
             RawMqtt kiosk = f.kiosk(D)) {
            f.sendAndAwaitAck(kiosk, batch(D, List.of(
                    signin(1, Instant.parse("2026-05-01T12:00:00Z"), "blackpool", null),
                    signin(2, Instant.parse("2026-05-01T12:00:00Z"), "gwynedd", null))));
            JsonNode fig = f.json("/api/figures?businessYear=2026");
            assertCounts(region(fig, "coast"), 1, 0);
            assertCounts(region(fig, "unknown"), 1, 0);
            assertEquals(2, fig.get("byRegion").size());
        }
    }

    private static JsonNode region(JsonNode fig, String id) {
        return find(fig.get("byRegion"), "id", id);
    }

    private static JsonNode council(JsonNode fig, String slug) {
        return find(fig.get("byLocalAuthority"), "slug", slug);
    }

    private static JsonNode event(JsonNode fig, String eventId) {
        for (JsonNode e : fig.get("byEvent")) {
            JsonNode id = e.get("eventId");
            if (eventId == null ? id.isNull() : eventId.equals(id.asText())) {
                return e;
            }
        }
        throw new AssertionError("no event " + eventId + " in " + fig.get("byEvent"));
    }

    private static JsonNode span(JsonNode spans, String label) {
        return find(spans, "label", label);
    }

    private static JsonNode find(JsonNode list, String key, String value) {
        List<String> seen = new ArrayList<>();
        for (JsonNode n : list) {
            if (value.equals(n.get(key).asText())) {
                return n;
            }
            seen.add(n.get(key).asText());
        }
        throw new AssertionError("no " + key + "=" + value + " among " + seen);
    }

    private static void assertCounts(JsonNode n, long signins, long enquiries) {
        assertEquals(signins, n.get("signins").asLong(), n.toString());
        assertEquals(enquiries, n.get("enquiries").asLong(), n.toString());
    }
}
