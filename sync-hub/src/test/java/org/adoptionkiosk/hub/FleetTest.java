package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fleet through a real hub, broker and H2: every status member stored and shown, the table's
 * sorting and flag, the config push (versions, retained publish, the kiosk's answer), its checks,
 * who may do what, and the dead letters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetTest {
    private static final Texts TEXTS = new Texts();
    private static final Pattern ROW = Pattern.compile("<th scope=\"row\"><a href=\"/fleet/([a-z0-9-]+)\">");

    final TestClock clock = TestClock.running();
    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(dir -> {
        HubFixture f = new HubFixture(dir, Map.of(), clock);
        f.addUser("regional-north", Role.REGIONAL, "region", "north-wales");
        f.addUser("viewer", Role.VIEWER, null, null);
        return f;
    });

    /** Publishes a retained status and waits until the hub has stored it. */
    void status(Statuses s) throws Exception {
        Instant before = statusAt(s.deviceId);
        hub.get().as(s.deviceId).publishRetained(Topics.status(s.deviceId), hub.get().codec.encode(s.build()));
        Await.until("the status of " + s.deviceId, () -> statusAt(s.deviceId), at -> at != null && !at.equals(before));
    }

    Instant statusAt(String deviceId) throws Exception {
        return statusAt(hub.get(), deviceId);
    }

    /** When the hub stored the device's latest status (by its own clock), or null. */
    static Instant statusAt(HubFixture f, String deviceId) throws Exception {
        try (Connection c = f.hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status_at FROM devices WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                java.time.OffsetDateTime at = rs.next() ? rs.getObject(1, java.time.OffsetDateTime.class) : null;
                return at == null ? null : at.toInstant();
            }
        }
    }

    String text(String key, String lang) {
        return "cy".equals(lang) ? TEXTS.get(key).cy() : TEXTS.get(key).en();
    }

    /** As jte writes text into an element. */
    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static List<String> rowOrder(String body) {
        List<String> ids = new ArrayList<>();
        Matcher m = ROW.matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    // ---- Status members ------------------------------------------------------------------------

    @Test
    void everyStatusMemberIsStoredAndShown() throws Exception {
        String d = "kiosk-members";
        Statuses s = Statuses.of(d);
        s.backlog = 12L;
        s.oldestUnsyncedAt = Instant.parse("2026-08-05T09:00:00Z");
        s.openHelpRequests = 2;
        s.lastHelpRequestAt = Instant.parse("2026-08-05T09:30:00Z");
        s.footfallToday = 321L;
        s.footfallEvent = 4321L;
        s.temperatureC = 51.5;
        s.diskFreeBytes = 7_500_000_000L;
        s.clockOffsetMillis = -1500L;
        s.version = "2.3.4";
        s.configVersion = 7L;
        s.configError = "event_dates_invalid";
        s.forgedAcks = 3L;
        status(s);

        JsonNode dev = hub.get().device(d);
        assertEquals(3, dev.get("forgedAcks").asLong(), "acks someone other than the hub sent the kiosk");
        assertEquals("event", dev.get("mode").asText());
        assertEquals(2, dev.get("openHelpRequests").asLong());
        assertEquals(s.lastHelpRequestAt, Instant.parse(dev.get("lastHelpRequestAt").asText()));
        assertEquals(321, dev.get("footfallToday").asLong());
        assertEquals(51.5, dev.get("temperatureC").asDouble());
        assertEquals(7_500_000_000L, dev.get("diskFreeBytes").asLong());
        assertEquals("north-wales", dev.get("region").asText());
        assertEquals("north-wales-hub", dev.get("site").asText());
        assertEquals(7, dev.get("configVersion").asLong());
        assertEquals("event_dates_invalid", dev.get("configError").asText());
        assertEquals("Eisteddfod Genedlaethol 2026", dev.get("eventName").asText());
        assertEquals("Pontypridd", dev.get("eventVenue").asText());
        assertEquals(4321, dev.get("footfallEvent").asLong());
        assertTrue(dev.get("desiredConfigVersion").isNull());
        assertEquals(1, hub.get().count("SELECT COUNT(*) FROM events WHERE event_id = ? AND name = ? AND venue = ?",
                s.eventId, "Eisteddfod Genedlaethol 2026", "Pontypridd"));
        assertEquals(4321, hub.get().count("SELECT footfall FROM event_footfall WHERE device_id = ? AND event_id = ?",
                d, s.eventId));

        // The fleet table and the kiosk's page, in Welsh (the session's language).
        String fleet = hub.get().get("/fleet").body();
        assertTrue(fleet.contains("Gogledd Cymru"), "the region's Welsh name from the regions file");
        assertTrue(fleet.contains("Prif swyddfa Gogledd Cymru"), "the site's name from the regions file");
        assertTrue(fleet.contains("Eisteddfod Genedlaethol 2026"));
        assertTrue(fleet.contains("-1,500 ms"));
        String page = hub.get().get("/fleet/" + d).body();
        assertTrue(page.contains("<dt>" + html(text("kiosk.fact.forged_acks", "cy")) + "</dt><dd>3</dd>"),
                "the kiosk page shows the forged acks the kiosk counted");
        for (String shown : List.of("Gogledd Cymru", "Prif swyddfa Gogledd Cymru (prif swyddfa)", "Pontypridd",
                "4,321", "321", "51.5 °C", "7,500 MB", "2.3.4", "event_dates_invalid", "05/08/2026 10:30",
                "Mewn digwyddiad", "12", "2", "-1,500 ms", "7", "05/08/2026 10:00")) {
            assertTrue(page.contains("<dd>" + html(shown) + "</dd>"), () -> "the kiosk page shows " + shown);
        }

        // A later count at the same event replaces the earlier one; a new event gets its own row.
        s.footfallEvent = 5000L;
        status(s);
        assertEquals(5000, hub.get().count("SELECT footfall FROM event_footfall WHERE device_id = ? AND event_id = ?",
                d, s.eventId));
        // Office mode: no event, and the help requests answered; the last one's numbers do not linger.
        s.mode = "office";
        s.eventId = null;
        s.eventName = null;
        s.eventVenue = null;
        s.footfallEvent = null;
        s.backlog = 0L;
        s.oldestUnsyncedAt = null;
        s.configError = null;
        status(s);
        dev = hub.get().device(d);
        assertTrue(dev.get("eventId").isNull());
        assertTrue(dev.get("oldestUnsyncedAt").isNull(), "no backlog, no oldest unsynced");
        assertTrue(dev.get("configError").isNull(), "the error is gone once the kiosk reports none");
        assertTrue(row(hub.get().get("/fleet").body(), d).contains(text("fleet.office", "cy")));
    }

    @Test
    void untrustedTextsAreCutNotRefusedAndUnknownPlacesShowAsUnknown() throws Exception {
        String d = "kiosk-untrusted";
        Statuses s = Statuses.of(d);
        s.eventId = "x".repeat(300);
        s.eventName = "<b>" + "N".repeat(500);
        s.eventVenue = "V".repeat(500);
        s.version = "v".repeat(500);
        s.mode = "party-mode-forever";
        s.region = "atlantis";
        s.site = "atlantis-hub";
        s.configError = "e".repeat(500);
        status(s);

        JsonNode dev = hub.get().device(d);
        assertEquals(100, dev.get("version").asText().length());
        assertEquals(100, dev.get("eventId").asText().length());
        assertEquals(120, dev.get("eventName").asText().length());
        assertEquals(120, dev.get("eventVenue").asText().length());
        assertEquals(100, dev.get("configError").asText().length());
        assertEquals("atlantis", dev.get("region").asText(), "stored as given");
        assertEquals(0, hub.get().deadLetters(d));
        String page = hub.get().get("/fleet/" + d).body();
        assertTrue(page.contains(html(TEXTS.get("fleet.unknown").cy().replace("{0}", "atlantis"))));
        assertTrue(page.contains(html(TEXTS.get("fleet.unknown").cy().replace("{0}", "atlantis-hub"))));
        assertFalse(page.contains("<b>NNN"), "kiosk texts are escaped");
        assertTrue(page.contains("&lt;b&gt;NNN"));
    }

    // ---- The fleet table -------------------------------------------------------------------------

    @Test
    void theTableSortsByEachColumnOnTheServerAndTheCsvFollows() throws Exception {
        Statuses a = Statuses.of("sort-a");
        a.backlog = 50L;
        a.version = "1.0.2";
        a.region = "western-bay";
        a.site = "western-bay-hub";
        a.openHelpRequests = 1;
        Statuses b = Statuses.of("sort-b");
        b.backlog = 5L;
        b.version = "1.0.10";
        b.region = "north-wales";
        b.openHelpRequests = 3;
        Statuses c = Statuses.of("sort-c");
        c.backlog = 500L;
        c.version = "1.0.1";
        c.region = "south-east-wales";
        c.site = "south-east-wales-hub";
        c.openHelpRequests = null;
        for (Statuses s : List.of(a, b, c)) {
            status(s);
        }
        assertEquals(List.of("sort-b", "sort-a", "sort-c"),
                only(rowOrder(hub.get().get("/fleet?sort=backlog&dir=asc").body())));
        assertEquals(List.of("sort-c", "sort-a", "sort-b"),
                only(rowOrder(hub.get().get("/fleet?sort=backlog&dir=desc").body())));
        assertEquals(List.of("sort-a", "sort-b", "sort-c"), only(rowOrder(hub.get().get("/fleet").body())),
                "by kiosk id");
        assertEquals(List.of("sort-c", "sort-b", "sort-a"),
                only(rowOrder(hub.get().get("/fleet?sort=kiosk&dir=desc").body())));
        // Help requests: a kiosk that does not say comes last either way.
        assertEquals(List.of("sort-a", "sort-b", "sort-c"),
                only(rowOrder(hub.get().get("/fleet?sort=help&dir=asc").body())));
        assertEquals(List.of("sort-b", "sort-a", "sort-c"),
                only(rowOrder(hub.get().get("/fleet?sort=help&dir=desc").body())));
        // Region by its name in the page's language: Bae'r Gorllewin, De-ddwyrain Cymru, Gogledd Cymru.
        assertEquals(List.of("sort-a", "sort-c", "sort-b"),
                only(rowOrder(hub.get().get("/fleet?sort=region&dir=asc").body())));

        // The header links: the sorted column offers the other direction, and says how it is sorted.
        String body = hub.get().get("/fleet?sort=backlog&dir=asc").body();
        assertTrue(body.contains("href=\"/fleet?sort=backlog&amp;dir=desc\""), "the sorted column reverses");
        assertTrue(body.contains("href=\"/fleet?sort=version&amp;dir=asc\""));
        assertTrue(body.contains("aria-sort=\"ascending\""));

        // The CSV is the same table in the same order.
        HttpResponse<String> csv = hub.get().get("/fleet.csv?sort=backlog&dir=desc");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        List<String> csvIds = new ArrayList<>();
        for (String line : csv.body().split("\r\n")) {
            String id = line.split(",", 2)[0];
            if (id.startsWith("sort-")) {
                csvIds.add(id);
            }
        }
        assertEquals(List.of("sort-c", "sort-a", "sort-b"), csvIds);
        assertTrue(csv.body().contains("sort-c,De-ddwyrain Cymru,"), "the CSV carries the region's name");
    }

    private static List<String> only(List<String> ids) {
        return ids.stream().filter(i -> i.startsWith("sort-")).toList();
    }

    @Test
    void aKioskSilentForOverADayIsFlaggedInWordsAndInItsRow() throws Exception {
        // Its last status reached the hub two days ago (by the hub's clock)...
        clock.advance(Duration.ofDays(-2));
        try {
            Statuses old = Statuses.of("silent-kiosk");
            hub.get().as(old.deviceId).publishRetained(Topics.status(old.deviceId),
                    hub.get().codec.encode(old.build()));
            Await.until("the old status", () -> statusAt(old.deviceId), at -> at != null);
        } finally {
            clock.advance(Duration.ofDays(2));
        }
        // ...and another's just now.
        status(Statuses.of("lively-kiosk"));

        String body = hub.get().get("/fleet").body();
        String silentRow = row(body, "silent-kiosk");
        String livelyRow = row(body, "lively-kiosk");
        assertTrue(silentRow.startsWith("<tr class=\"flagged\">"), silentRow);
        assertTrue(silentRow.contains(text("fleet.silent", "cy")), "flagged in words, not colour alone");
        assertFalse(livelyRow.contains("flagged"));
        assertFalse(livelyRow.contains(text("fleet.silent", "cy")));
        assertTrue(hub.get().get("/fleet/silent-kiosk").body().contains(html(text("kiosk.silent", "cy"))));
        assertTrue(hub.get().get("/fleet.csv").body().contains(text("fleet.silent", "cy")));
    }

    /** The {@code <tr …>} of one kiosk's row. */
    private static String row(String body, String deviceId) {
        int at = body.indexOf("href=\"/fleet/" + deviceId + "\"");
        assertTrue(at > 0, deviceId + " has a row");
        int start = body.lastIndexOf("<tr", at);
        int end = body.indexOf("</tr>", at);
        return body.substring(start, end);
    }

    // ---- The config push -------------------------------------------------------------------------

    static Map<String, String> eventForm(String name, String starts, String ends, String retention) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "event");
        form.put("eventName", name);
        form.put("eventVenue", "Parc Ynysangharad, Pontypridd");
        form.put("startsOn", starts);
        form.put("endsOn", ends);
        form.put("signin", "on");
        form.put("enquiry", "on");
        form.put("retentionDays", retention);
        return form;
    }

    DeviceConfig stored(String deviceId) throws Exception {
        try (Connection c = hub.get().hub.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT config_json FROM device_configs WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? hub.get().codec.decodeConfig(rs.getString(1).getBytes(StandardCharsets.UTF_8)) : null;
            }
        }
    }

    long published(String deviceId) throws Exception {
        return hub.get().count("SELECT COUNT(*) FROM device_configs WHERE device_id = ? AND published_at IS NOT NULL",
                deviceId);
    }

    @Test
    void aPushStoresTheNextVersionAndPublishesItRetainedAndThePageSaysWhatTheKioskDid() throws Exception {
        String d = "kiosk-push";
        status(Statuses.of(d));
        HubSession central = hub.get().central();

        HttpResponse<String> r = central.post("/fleet/" + d + "/config",
                eventForm("Eisteddfod Genedlaethol 2026", "2026-08-01", "2026-08-09", "30"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/fleet/" + d + "?saved=1#main", r.headers().firstValue("location").orElse(""));
        DeviceConfig v1 = stored(d);
        assertEquals(1, v1.version());
        assertEquals("event", v1.mode());
        assertEquals(new DeviceConfig.EventSpec("Eisteddfod Genedlaethol 2026", "Parc Ynysangharad, Pontypridd",
                LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 9)), v1.event());
        assertEquals(new DeviceConfig.FormOptions(true, true, false), v1.formOptions());
        assertEquals(30, v1.retentionDays());
        assertNotNull(v1.sentAt());
        assertEquals(1, hub.get().count("SELECT COUNT(*) FROM audit_log WHERE action = 'config-push' AND device_id = ?"
                + " AND username = 'central-test'", d));
        Await.until("version 1 to reach the broker", () -> published(d), n -> n == 1);

        // A kiosk connecting now gets it: retained.
        try (RawMqtt sub = hub.get().connect(d)) {
            sub.subscribe(Topics.config(d));
            assertEquals(v1, hub.get().config(d, sub.next()));
        }
        String page = central.get("/fleet/" + d + "?saved=1").body();
        assertTrue(page.contains(html(text("fleet.config.saved", "cy"))), "the notice after the redirect");
        assertTrue(page.contains(html(text("kiosk.config.waiting", "cy"))));
        assertTrue(page.contains("value=\"Eisteddfod Genedlaethol 2026\""), "the form starts from the last push");

        // The second push is version 2, in office mode; a new subscriber gets only that.
        Map<String, String> office = new LinkedHashMap<>();
        office.put("mode", "office");
        office.put("signin", "on");
        office.put("newsletter", "on");
        r = central.post("/fleet/" + d + "/config", office);
        assertEquals(303, r.statusCode(), r.body());
        DeviceConfig v2 = stored(d);
        assertEquals(2, v2.version());
        assertEquals("office", v2.mode());
        assertNull(v2.event());
        assertNull(v2.retentionDays(), "left empty: the kiosk keeps its own");
        assertEquals(new DeviceConfig.FormOptions(true, false, true), v2.formOptions());
        assertEquals(2, hub.get().count("SELECT COUNT(*) FROM audit_log WHERE action = 'config-push' AND device_id = ?", d));
        Await.until("version 2 to reach the broker", () -> published(d), n -> n == 1);
        try (RawMqtt sub = hub.get().connect(d)) {
            sub.subscribe(Topics.config(d));
            assertEquals(v2, hub.get().config(d, sub.next()));
        }
        JsonNode dev = hub.get().device(d);
        assertEquals(2, dev.get("desiredConfigVersion").asLong());
        assertFalse(dev.get("configPublishedAt").isNull());

        // The kiosk applies it...
        Statuses applied = Statuses.of(d);
        applied.configVersion = 2L;
        status(applied);
        assertTrue(central.get("/fleet/" + d).body().contains(html(text("kiosk.config.applied", "cy"))));

        // ...then cannot apply version 3.
        r = central.post("/fleet/" + d + "/config", eventForm("Pride Cymru", "2026-08-22", "", ""));
        assertEquals(303, r.statusCode(), r.body());
        Await.until("version 3 to reach the broker", () -> published(d), n -> n == 1);
        Statuses failed = Statuses.of(d);
        failed.configVersion = 2L;
        failed.configError = "event_dates_invalid";
        status(failed);
        String cy = central.get("/fleet/" + d).body();
        assertTrue(cy.contains(html(text("kiosk.config.failed", "cy").replace("{0}", "event_dates_invalid"))), cy);
        assertEquals(LocalDate.of(2026, 8, 22), stored(d).event().endsOn(), "an empty last day is a one-day event");

        // The same in English.
        HubSession english = hub.get().session("central-test");
        english.post("/lang", Map.of("to", "en", "back", "/fleet/" + d));
        String en = english.get("/fleet/" + d).body();
        assertTrue(en.contains("<html lang=\"en\">"));
        assertTrue(en.contains(html(text("kiosk.config.failed", "en").replace("{0}", "event_dates_invalid"))), en);
    }

    @Test
    void aBadConfigIsRefusedFieldByFieldInBothLanguagesAndNothingIsStoredOrSent() throws Exception {
        String d = "kiosk-badconfig";
        status(Statuses.of(d));
        HubSession central = hub.get().central();
        try (RawMqtt sub = hub.get().connect(d)) {
            sub.subscribe(Topics.config(d));

            Map<String, Map<String, String>> bad = new LinkedHashMap<>();
            bad.put("config.error.ends_before", eventForm("Sioe Frenhinol", "2026-07-20", "2026-07-19", "30"));
            Map<String, String> mode = eventForm("Sioe Frenhinol", "2026-07-20", "2026-07-23", "30");
            mode.put("mode", "party");
            bad.put("config.error.mode", mode);
            bad.put("config.error.retention", eventForm("Sioe Frenhinol", "2026-07-20", "2026-07-23", "0"));
            for (Map.Entry<String, Map<String, String>> e : bad.entrySet()) {
                HttpResponse<String> r = central.post("/fleet/" + d + "/config", e.getValue());
                assertEquals(400, r.statusCode(), e.getKey());
                assertTrue(r.body().contains("id=\"config-errors\""), e.getKey());
                assertTrue(r.body().contains(html(text(e.getKey(), "cy"))), e.getKey() + " in Welsh");
                assertTrue(r.body().contains("value=\"Sioe Frenhinol\""), "what was typed is shown again");
            }
            assertEquals(0, hub.get().count("SELECT COUNT(*) FROM device_configs WHERE device_id = ?", d));
            assertEquals(0, hub.get().count("SELECT COUNT(*) FROM audit_log WHERE device_id = ?", d));

            HubSession english = hub.get().session("central-test");
            english.post("/lang", Map.of("to", "en", "back", "/fleet"));
            for (Map.Entry<String, Map<String, String>> e : bad.entrySet()) {
                HttpResponse<String> r = english.post("/fleet/" + d + "/config", e.getValue());
                assertEquals(400, r.statusCode(), e.getKey());
                assertTrue(r.body().contains(html(text(e.getKey(), "en"))), e.getKey() + " in English");
            }
            // A name over the kiosk's limit and no first day.
            HttpResponse<String> r = english.post("/fleet/" + d + "/config", eventForm("N".repeat(121), "", "", ""));
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains(html(text("config.error.too_long", "en"))));
            assertTrue(r.body().contains(html(text("config.error.date", "en"))));
            assertEquals(0, hub.get().count("SELECT COUNT(*) FROM device_configs WHERE device_id = ?", d));

            // Nothing went out: the first config this subscriber sees is the first good one.
            r = central.post("/fleet/" + d + "/config", eventForm("Sioe Frenhinol", "2026-07-20", "2026-07-23", "30"));
            assertEquals(303, r.statusCode());
            assertEquals(1, hub.get().config(d, sub.next()).version());
        }
    }

    // ---- Who may do what -------------------------------------------------------------------------

    @Test
    void regionalStaffSeeTheFleetButCannotPushAndViewersSeeNeither() throws Exception {
        String d = "kiosk-access";
        status(Statuses.of(d));
        HubSession regional = hub.get().session("regional-north");
        assertEquals(200, regional.get("/fleet").statusCode());
        HttpResponse<String> page = regional.get("/fleet/" + d);
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("id=\"config-form\""), "no push form for regional staff");
        HttpResponse<String> r = regional.post("/fleet/" + d + "/config",
                eventForm("Sioe", "2026-07-20", "2026-07-23", "30"));
        assertEquals(403, r.statusCode());
        assertEquals(403, regional.get("/dead-letters").statusCode());
        assertEquals(0, hub.get().count("SELECT COUNT(*) FROM device_configs WHERE device_id = ?", d));

        HubSession viewer = hub.get().session("viewer");
        assertEquals(403, viewer.get("/fleet").statusCode());
        assertEquals(403, viewer.get("/fleet/" + d).statusCode());
        assertEquals(403, viewer.get("/fleet.csv").statusCode());
        assertTrue(viewer.get("/fleet").body().contains(html(text("error.forbidden", "cy"))));

        assertEquals(303, hub.get().anonymous("GET", "/fleet").statusCode(), "strangers are sent to sign in");
    }

    @Test
    void aPushWithoutTheCsrfTokenIsRefused() throws Exception {
        String d = "kiosk-csrf";
        status(Statuses.of(d));
        HttpResponse<String> r = hub.get().central().postRaw("/fleet/" + d + "/config",
                eventForm("Sioe", "2026-07-20", "2026-07-23", "30"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains(html(text("error.csrf", "cy"))));
        Map<String, String> wrong = eventForm("Sioe", "2026-07-20", "2026-07-23", "30");
        wrong.put("csrf", "not-the-token");
        assertEquals(403, hub.get().central().postRaw("/fleet/" + d + "/config", wrong).statusCode());
        assertEquals(0, hub.get().count("SELECT COUNT(*) FROM device_configs WHERE device_id = ?", d));
    }

    @Test
    void anUnknownOrMalformedKioskIsNotFound() throws Exception {
        assertEquals(404, hub.get().get("/fleet/no-such-kiosk").statusCode());
        assertTrue(hub.get().get("/fleet/no-such-kiosk").body().contains(html(text("error.no_such_kiosk", "cy"))));
        assertEquals(404, hub.get().get("/fleet/Not_A_Device").statusCode());
        assertEquals(404, hub.get().get("/fleet/-bad-").statusCode());
        assertEquals(404, hub.get().central().post("/fleet/no-such-kiosk/config",
                eventForm("Sioe", "2026-07-20", "2026-07-23", "30")).statusCode());
    }

    // ---- Dead letters ----------------------------------------------------------------------------

    @Test
    void deadLettersAreListedAndOneOpensAsEscapedTextWithAnAuditEntry() throws Exception {
        String d = "kiosk-deadletter";
        String payload = "{\"note\":\"<script>alert(1)</script>\", broken";
        hub.get().as(d).publish(Topics.records(d), payload);
        Await.until("the dead letter", () -> hub.get().deadLetters(d), n -> n == 1);
        long id = hub.get().count("SELECT id FROM dead_letters WHERE device_id = ?", d);

        String list = hub.get().get("/dead-letters").body();
        assertTrue(list.contains("href=\"/dead-letters/" + id + "\""));
        assertTrue(list.contains(Topics.records(d)));
        assertFalse(list.contains("alert(1)"), "the list holds no payload");
        HttpResponse<String> csv = hub.get().get("/dead-letters.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().contains(Topics.records(d)));
        assertFalse(csv.body().contains("alert(1)"));

        String viewed = "SELECT COUNT(*) FROM audit_log WHERE action = 'dead-letter-view'"
                + " AND username = 'central-test' AND device_id = ? AND detail = ?";
        assertEquals(0, hub.get().count(viewed, d, "dead letter " + id), "listing is not opening");
        HttpResponse<String> one = hub.get().get("/dead-letters/" + id);
        assertEquals(200, one.statusCode());
        assertTrue(one.body().contains(html(payload)), one.body());
        assertFalse(one.body().contains("<script>alert(1)</script>"));
        assertEquals(1, hub.get().count(viewed, d, "dead letter " + id), "each opening is audited");
        assertEquals(404, hub.get().get("/dead-letters/999999999").statusCode());
        assertEquals(404, hub.get().get("/dead-letters/abc").statusCode());
    }
}
