package org.adoptionkiosk.hub;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Both times on the dashboard, labelled, in Welsh and in English (Europe/London): the enquiry page and
 * the queue show when an enquiry was made on the kiosk and when the hub received it, a suspect time
 * says so and which day it was counted on, and the fleet and kiosk pages count each kiosk's suspect
 * times. The hub's clock stands at 1 July 2026, noon UTC (13:00 in Wales).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordTimesPagesTest {
    private static final Texts TEXTS = new Texts();
    static final String D = "kiosk-times";
    static final Instant H = Instant.parse("2026-07-01T12:00:00Z");
    final TestClock clock = new TestClock(H);
    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(dir -> new HubFixture(dir, Map.of(), clock));
    /** Made at 10:00 in Wales, received at 13:00. */
    KioskRecord good;
    /** Its kiosk clock three years behind, and the kiosk knew: really made 30 June, 16:00 in Wales. */
    KioskRecord behind;
    /** Its kiosk clock two days ahead. */
    KioskRecord ahead;

    @BeforeAll
    void sendTheRecords() throws Exception {
        TestSealer sealer = new TestSealer(hub.get().hub.publicKeyFile());
        good = enquiry(sealer, 1, Instant.parse("2026-07-01T09:00:00Z"));
        behind = enquiry(sealer, 2, Instant.parse("2026-06-30T15:00:00Z").minus(RecordTimesTest.THREE_YEARS));
        ahead = enquiry(sealer, 3, H.plus(Duration.ofDays(2)));
        assertEquals(3, RecordTimesTest.send(hub.get(), D, List.of(good, behind, ahead),
                Map.of(behind.id(), RecordTimesTest.THREE_YEARS.toMillis())).accepted().size());
    }

    private static KioskRecord enquiry(TestSealer sealer, long seq, Instant capturedAt) throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> fields = Map.of("localAuthority", "cardiff", "topic", "adopting", "contactConsent", true,
                "privacyVersion", "2026-11", "preferredContact", "phone");
        String sealed = sealer.seal(new SealedPersonal("Enw " + seq, seq + "@example.org", "029 2000 0000",
                "CF10 1AA", "Diolch"), id);
        // Each from a process of its own, a minute after it started.
        return new KioskRecord(id, seq, RecordType.ENQUIRY, capturedAt, UUID.randomUUID(), 60_000, null, Lang.CY,
                WireCodec.SCHEMA, fields, sealed);
    }

    private static String text(String key, String lang) {
        return "cy".equals(lang) ? TEXTS.get(key).cy() : TEXTS.get(key).en();
    }

    private static String fact(String key, String lang, String value) {
        return "<dt>" + FleetTest.html(text(key, lang)) + "</dt><dd>" + FleetTest.html(value) + "</dd>";
    }

    private static String page(HubSession s, String path) throws Exception {
        var r = s.get(path);
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    @Test
    void bothTimesAreShownLabelledInWelshAndInEnglish() throws Exception {
        HubSession s = hub.get().central();
        try {
            for (String lang : List.of("cy", "en")) {
                s.post("/lang", Map.of("to", lang, "back", "/enquiries"));
                shown(s, lang);
            }
        } finally {
            s.post("/lang", Map.of("to", "cy", "back", "/enquiries"));
        }
    }

    private void shown(HubSession s, String lang) throws Exception {
        String made = text("time.made_on_kiosk", lang);
        String received = text("time.received_by_hub", lang);

        String queue = page(s, "/enquiries?show=all");
        assertTrue(queue.contains(FleetTest.html(made)), lang + ": the queue labels the kiosk's time");
        assertTrue(queue.contains(FleetTest.html(received)), lang + ": the queue labels the hub's time");
        assertTrue(queue.contains(">01/07/2026 10:00<"), lang + ": made on the kiosk, in Wales's time");
        assertTrue(queue.contains(">01/07/2026 13:00</a>"), lang + ": received by the hub, in Wales's time");
        assertTrue(queue.contains(">03/07/2026 13:00 · " + FleetTest.html(text("time.suspect_short", lang)) + "<"),
                lang + ": a suspect kiosk time says so in the queue");

        String g = page(s, "/enquiries/" + D + "/" + good.id());
        assertTrue(g.contains(fact("time.made_on_kiosk", lang, "01/07/2026 10:00")), g);
        assertTrue(g.contains(fact("time.received_by_hub", lang, "01/07/2026 13:00")), g);
        assertFalse(g.contains("id=\"time-suspect\""), "a good clock raises nothing");

        String a = page(s, "/enquiries/" + D + "/" + ahead.id());
        assertTrue(a.contains(fact("time.made_on_kiosk", lang, "03/07/2026 13:00")), a);
        assertTrue(a.contains(fact("time.received_by_hub", lang, "01/07/2026 13:00")), a);
        assertTrue(a.contains("id=\"time-suspect\">"
                + FleetTest.html(text("time.suspect.counted_received", lang).replace("{0}", "01/07/2026"))), a);

        String b = page(s, "/enquiries/" + D + "/" + behind.id());
        String kioskTime = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
                .format(behind.capturedAt().atZone(ZoneId.of("Europe/London")));
        assertTrue(kioskTime.endsWith("/2023 16:00"), kioskTime);
        assertTrue(b.contains(fact("time.made_on_kiosk", lang, kioskTime)), "the kiosk's own time, kept");
        assertTrue(b.contains(fact("time.received_by_hub", lang, "01/07/2026 13:00")), b);
        assertTrue(b.contains(fact("time.corrected", lang, "30/06/2026 16:00")), b);
        assertTrue(b.contains("id=\"time-suspect\">"
                + FleetTest.html(text("time.suspect.counted_corrected", lang).replace("{0}", "30/06/2026"))), b);

        // The fleet counts the kiosk's suspect times, in its table and on its page.
        String fleet = page(s, "/fleet");
        assertTrue(fleet.contains(FleetTest.html(text("fleet.col.time_suspect", lang))), lang);
        int row = fleet.indexOf("href=\"/fleet/" + D + "\"");
        assertTrue(row > 0);
        String cells = fleet.substring(row, fleet.indexOf("</tr>", row));
        assertTrue(cells.contains("data-value=\"2.0\">2</td>"), cells);
        assertTrue(page(s, "/fleet/" + D).contains(fact("kiosk.fact.time_suspect", lang, "2")), lang);
        assertEquals(2, hub.get().device(D).get("timeSuspect").asLong());
    }
}
