package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.privacy.Erasure;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestClock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.BOOT;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hub with six enquiries of April 2026, each answered, whose later stages were recorded by
 * 20 January 2027 (the clock then), with known answers for the funnel of April 2026:
 * <pre>
 *   enquiry  made   council / region          event       lang  stages (how-heard: a, c, f passing the stand;
 *                                                                  b social media; e friend or family; d did not say)
 *   a        2 Apr  Cardiff / VVC             eisteddfod  cy    session 20 Apr, registration 1 May, stage 2 15 Jun, approved 1 Oct (182 days)
 *   b        10 Apr Cardiff / VVC             eisteddfod  en    approved 10 Jan 2027 (275 days) recorded first, then registration 20 May: out of order
 *   c        13 Apr Newport / South East      pride       cy    session 1 May, registration 10 May, withdrawn 1 Jun (circumstances changed)
 *   d        14 Apr Vale of Glamorgan / VVC   none        en    registration 1 Jun, stage 2 1 Sep (stage 1 late), no approval by 1 Jan: stage 2 overdue
 *   e        15 Apr Gwynedd / North Wales     eisteddfod  cy    nothing after the first response
 *   f        16 Apr Cardiff / VVC             eisteddfod  cy    session 25 Apr, registration 5 May, stage 2 1 Jul, approved 20 Nov (218 days, stage 2 late); then closed and erased by retention
 * </pre>
 * Funnel (all): 6 → 5 sessions → 5 registrations → 4 stage 2 → 3 approvals, 1 withdrawn. Times to
 * approval 6.0, 7.2, 9.0 months: median 7.2 (met), 75th percentile 9.0 (not met), 2 of 3 within 8.
 * Stage 1 within 2 months: a, f in time, d late (b has no stage 2 date, c withdrew): 66.7%.
 * Stage 2 within 4 months: a in time, d overdue, f late: 33.3%.
 */
final class FunnelFixture implements AutoCloseable {
    static final String D = "kiosk-funnel";
    final TestClock clock = new TestClock(Instant.parse("2026-04-22T11:00:00Z"));
    final HubFixture f;
    final UUID a = UUID.randomUUID();
    final UUID b = UUID.randomUUID();
    final UUID c = UUID.randomUUID();
    final UUID d = UUID.randomUUID();
    final UUID e = UUID.randomUUID();
    final UUID erased = UUID.randomUUID();
    private final TestSealer sealer;

    FunnelFixture(Path dir) throws Exception {
        f = new HubFixture(dir, Map.of(), clock);
        sealer = new TestSealer(f.hub.publicKeyFile());
        f.addUser("vvc-staff", Role.REGIONAL, Route.REGION, "vale-valleys-cardiff");
        f.addUser("north-staff", Role.REGIONAL, Route.REGION, "north-wales");
        f.addUser("viewer", Role.VIEWER, null, null);
        List<KioskRecord> records = List.of(
                enquiry(a, 1, "2026-04-02T10:00:00Z", "cardiff", "eisteddfod-2026", Lang.CY, "passing-the-stand"),
                enquiry(b, 2, "2026-04-10T10:00:00Z", "cardiff", "eisteddfod-2026", Lang.EN, "social-media"),
                enquiry(c, 3, "2026-04-13T10:00:00Z", "newport", "pride-2026", Lang.CY, "passing-the-stand"),
                enquiry(d, 4, "2026-04-14T10:00:00Z", "vale-of-glamorgan", null, Lang.EN, null),
                enquiry(e, 5, "2026-04-15T10:00:00Z", "gwynedd", "eisteddfod-2026", Lang.CY, "friend-or-family"),
                enquiry(erased, 6, "2026-04-16T10:00:00Z", "cardiff", "eisteddfod-2026", Lang.CY,
                        "passing-the-stand"));
        try (RawMqtt kiosk = f.kiosk(D)) {
            assertEquals(6, f.sendAndAwaitAck(kiosk, batch(D, records)).accepted().size());
        }
        HubSession central = f.central();
        for (UUID id : List.of(a, b, c, d, e, erased)) {
            assertEquals(303, central.post(path(id) + "/respond", Map.of("on", "2026-04-21", "method", "phone"))
                    .statusCode());
        }
        // Sessions end after the hours of inactivity the clock now jumps over: sign in again.
        clock.set(Instant.parse("2027-01-20T11:00:00Z"));
        central = f.session("central-test");
        HubSession vvc = f.session("vvc-staff");
        stage(vvc, a, "session", "2026-04-20");
        stage(vvc, a, "registration", "2026-05-01");
        stage(vvc, a, "stage2", "2026-06-15");
        stage(vvc, a, "approved", "2026-10-01");
        stage(vvc, b, "approved", "2027-01-10");
        stage(vvc, b, "registration", "2026-05-20");
        stage(central, c, "session", "2026-05-01");
        stage(central, c, "registration", "2026-05-10");
        assertEquals(303, central.post(path(c) + "/stage", Map.of("stage", "withdrawn", "on", "2026-06-01",
                "reason", "circumstances-changed")).statusCode());
        stage(vvc, d, "registration", "2026-06-01");
        stage(vvc, d, "stage2", "2026-09-01");
        stage(vvc, erased, "session", "2026-04-25");
        stage(vvc, erased, "registration", "2026-05-05");
        stage(vvc, erased, "stage2", "2026-07-01");
        stage(vvc, erased, "approved", "2026-11-20");
    }

    static String path(UUID id) {
        return "/enquiries/" + D + "/" + id;
    }

    private static void stage(HubSession s, UUID id, String stage, String on) throws Exception {
        var r = s.post(path(id) + "/stage", Map.of("stage", stage, "on", on));
        assertEquals(303, r.statusCode(), stage + " " + on + ": " + r.body());
    }

    /**
     * Closes the approved enquiry f, and 31 days on runs the hub's retention (30 days here) over the
     * store: its personal part is erased.
     */
    void closeAndEraseByRetention() throws Exception {
        assertEquals(303, f.session("central-test").post(path(erased) + "/close", Map.of("outcome", "application-started"))
                .statusCode());
        clock.advance(Duration.ofDays(31));
        var ds = f.hub.dataSource();
        // The index is not used by a retention run; the run is the hub's own, on its own store.
        new Erasure(ds, null, new AuditLog(ds, clock), clock, Duration.ofDays(30)).applyRetention();
        assertEquals(0, f.count("SELECT COUNT(*) FROM records WHERE id = ? AND sealed IS NOT NULL", erased));
        assertEquals(1, f.count("SELECT COUNT(*) FROM enquiries WHERE record_id = ? AND personal_erased_at IS NOT NULL",
                erased));
    }

    private KioskRecord enquiry(UUID id, long seq, String capturedAt, String council, String event, Lang lang,
                                String howHeard) throws Exception {
        Map<String, Object> fields = new HashMap<>();
        fields.put("localAuthority", council);
        fields.put("topic", "adopting");
        fields.put("contactConsent", true);
        fields.put("privacyVersion", "2026-11");
        fields.put("interests", List.of());
        fields.put("preferredContact", "phone");
        if (howHeard != null) {
            fields.put("howHeard", howHeard);
        }
        String sealed = sealer.seal(new SealedPersonal("Person " + seq, seq + "@example.org", "029 2000 0000",
                "CF10 1AA", null), id);
        return new KioskRecord(id, seq, RecordType.ENQUIRY, Instant.parse(capturedAt), BOOT, seq, event, lang,
                WireCodec.SCHEMA, fields, sealed);
    }

    @Override
    public void close() {
        f.close();
    }
}
