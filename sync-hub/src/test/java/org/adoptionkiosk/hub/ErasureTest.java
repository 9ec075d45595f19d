package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.BOOT;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Personal data leaves the hub when asked and when its time is up: one person's details go from
 * every record that holds their email or phone (found through the keyed index, not by opening
 * every record), dead letters included, and the figures stay as they were.
 */
class ErasureTest {
    static final String D = "kiosk-erasure";

    KioskRecord record(UUID id, long seq, RecordType type, String capturedAt, SealedPersonal person, TestSealer sealer)
            throws Exception {
        Map<String, Object> fields = type == RecordType.ENQUIRY
                ? Map.of("localAuthority", "gwynedd", "topic", "support", "contactConsent", true)
                : Map.of("localAuthority", "gwynedd", "newsletterConsent", true);
        return new KioskRecord(id, seq, type, Instant.parse(capturedAt), BOOT, seq, null, Lang.EN, WireCodec.SCHEMA,
                fields, sealer.seal(person, id));
    }

    long sealedLeft(HubFixture f, UUID id) throws Exception {
        return f.count("SELECT COUNT(*) FROM records WHERE id = ? AND sealed IS NOT NULL", id);
    }

    @Test
    void oneRequestErasesThePersonEverywhereAndLeavesOthersAndTheFigures(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-06-10T09:00:00Z"));
        try (HubFixture f = new HubFixture(dir, Map.of(), clock)) {
            TestSealer sealer = new TestSealer(f.hub.publicKeyFile());
            UUID signin = UUID.randomUUID();
            UUID enquiry = UUID.randomUUID();
            UUID someoneElse = UUID.randomUUID();
            try (RawMqtt kiosk = f.kiosk(D)) {
                f.sendAndAwaitAck(kiosk, batch(D, List.of(
                        record(signin, 1, RecordType.SIGNIN, "2026-06-09T10:00:00Z",
                                new SealedPersonal("Siân", "Sian.Lloyd@Example.org", null, null, null), sealer),
                        record(enquiry, 2, RecordType.ENQUIRY, "2026-06-09T11:00:00Z",
                                new SealedPersonal("Siân Lloyd", "other@example.org", "+44 29 2000 0001", "LL55 1AA",
                                        "Please ring"), sealer),
                        record(someoneElse, 3, RecordType.ENQUIRY, "2026-06-09T12:00:00Z",
                                new SealedPersonal("Ifan", "ifan@example.org", "029 2000 0002", null, null), sealer))));
            }
            long signinsBefore = f.codec.mapper().readTree(f.get("/api/figures?businessYear=2026").body())
                    .at("/totals/signins").asLong();
            HubSession central = f.central();
            // Found by the email in another case, or the phone written another way.
            String found = central.post("/erasure/find", Map.of("email", " sian.lloyd@example.org ",
                    "phone", "029 2000 0001")).body();
            assertTrue(found.contains("id=\"erasure-found\""), found);
            assertTrue(found.contains(">Mae 2 cofnod yn dal y manylion hyn.<"), found);

            var unconfirmed = central.post("/erasure/erase", Map.of("email", "sian.lloyd@example.org",
                    "phone", "029 2000 0001"));
            assertEquals(400, unconfirmed.statusCode(), "nothing goes without the confirmation");
            assertEquals(1, sealedLeft(f, signin));

            var done = central.post("/erasure/erase", Map.of("email", "sian.lloyd@example.org",
                    "phone", "029 2000 0001", "confirm", "yes"));
            assertEquals(200, done.statusCode());
            assertTrue(done.body().contains("id=\"erasure-done\""));
            assertFalse(done.body().contains("sian.lloyd@example.org"), "the details typed are not shown back");
            assertEquals(0, sealedLeft(f, signin));
            assertEquals(0, sealedLeft(f, enquiry));
            assertEquals(1, sealedLeft(f, someoneElse), "nobody else's details go");
            assertEquals(2, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'erase-request'"));
            assertEquals(0, f.count("SELECT COUNT(*) FROM person_index WHERE record_id IN (?, ?)", signin, enquiry));

            String page = central.get("/enquiries/" + D + "/" + enquiry).body();
            assertTrue(page.contains("id=\"personal-erased\""));
            assertFalse(page.contains("LL55"));
            assertEquals(signinsBefore, f.codec.mapper().readTree(f.get("/api/figures?businessYear=2026").body())
                    .at("/totals/signins").asLong(), "the figures stay");

            f.addUser("regional", Role.REGIONAL, Route.REGION, "north-wales");
            assertEquals(403, f.session("regional").get("/erasure").statusCode(), "erasure is for the central team");
        }
    }

    @Test
    void retentionErasesClosedEnquiriesAndOldSignInsButKeepsOpenOnes(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-06-10T09:00:00Z"));
        UUID closed = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        UUID signin = UUID.randomUUID();
        try (TestStore store = TestStore.open()) {
            Map<String, String> env = store.env(Map.of("HUB_RETENTION_DAYS", "30"));
            retention(dir, clock, env, closed, open, signin);
        }
    }

    private void retention(Path dir, TestClock clock, Map<String, String> env, UUID closed, UUID open, UUID signin)
            throws Exception {
        try (HubFixture f = new HubFixture(dir, env, clock)) {
            TestSealer sealer = new TestSealer(f.hub.publicKeyFile());
            try (RawMqtt kiosk = f.kiosk(D)) {
                f.sendAndAwaitAck(kiosk, batch(D, List.of(
                        record(closed, 1, RecordType.ENQUIRY, "2026-06-09T10:00:00Z",
                                new SealedPersonal("A", "a@example.org", null, null, null), sealer),
                        record(open, 2, RecordType.ENQUIRY, "2026-06-09T11:00:00Z",
                                new SealedPersonal("B", "b@example.org", null, null, null), sealer),
                        record(signin, 3, RecordType.SIGNIN, "2026-06-09T12:00:00Z",
                                new SealedPersonal("C", "c@example.org", null, null, null), sealer))));
            }
            HubSession central = f.central();
            String base = "/enquiries/" + D + "/" + closed;
            assertEquals(303, central.post(base + "/respond", Map.of("on", "2026-06-10", "method", "email")).statusCode());
            assertEquals(303, central.post(base + "/close", Map.of("outcome", "information-sent")).statusCode());
        }
        // 31 days on, the hub starts again and its retention run erases what is past 30 days.
        clock.advance(Duration.ofDays(31));
        try (HubFixture f = new HubFixture(dir, env, clock)) {
            Await.until("the closed enquiry's details to be erased", () -> sealedLeft(f, closed), n -> n == 0);
            Await.until("the old sign-in's details to be erased", () -> sealedLeft(f, signin), n -> n == 0);
            assertEquals(1, sealedLeft(f, open), "an open enquiry keeps its details: it is still being dealt with");
            assertEquals(1, f.count("SELECT COUNT(*) FROM enquiries WHERE record_id = ? AND personal_erased_at IS NOT NULL",
                    closed));
            Await.until("the retention run in the audit log",
                    () -> f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'erase-retention'"), n -> n == 1);
        }
    }
}
