package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.adoptionkiosk.hub.TestRecords.BOOT;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hub on a clock standing at Wednesday 22 April 2026, with regional, agency and figures-only
 * users and seven enquiries around Easter 2026 (Good Friday 3 April and Easter Monday 6 April are
 * bank holidays), each sealed to the hub's key as a kiosk would.
 */
final class EnquiryFixture implements AutoCloseable {
    static final String D = "kiosk-followup";
    final TestClock clock = new TestClock(Instant.parse("2026-04-22T11:00:00Z"));
    final HubFixture f;
    /** Thursday before Good Friday: due Monday 13 April (Good Friday and Easter Monday are not working days). */
    final UUID beforeEaster = UUID.randomUUID();
    /** Friday 10 April: due Friday 17 April. */
    final UUID friday = UUID.randomUUID();
    /** Monday 13 April, Newport: due Monday 20 April, never answered: overdue by the 22nd. */
    final UUID overdue = UUID.randomUUID();
    /** Tuesday 21 April: due 28 April, not yet due. */
    final UUID pending = UUID.randomUUID();
    final UUID toAgency = UUID.randomUUID();
    final UUID outside = UUID.randomUUID();
    /** North Wales, from a visitor whose name is a script tag. */
    final UUID xss = UUID.randomUUID();
    private final TestSealer sealer;

    EnquiryFixture(Path dir) throws Exception {
        f = new HubFixture(dir, Map.of(), clock);
        sealer = new TestSealer(f.hub.publicKeyFile());
        f.addUser("vvc-staff", Role.REGIONAL, Route.REGION, "vale-valleys-cardiff");
        f.addUser("north-staff", Role.REGIONAL, Route.REGION, "north-wales");
        f.addUser("agency-staff", Role.REGIONAL, Route.AGENCY, "st-davids-children-society");
        f.addUser("viewer", Role.VIEWER, null, null);
        List<KioskRecord> records = List.of(
                enquiry(beforeEaster, 1, "2026-04-02T10:00:00Z", "cardiff", null, "Gwen Jones"),
                enquiry(friday, 2, "2026-04-10T10:00:00Z", "cardiff", null, "Ifan Rees"),
                enquiry(overdue, 3, "2026-04-13T10:00:00Z", "newport", null, "Not Cardiff"),
                enquiry(pending, 4, "2026-04-21T10:00:00Z", "vale-of-glamorgan", null, "Siân Lloyd"),
                enquiry(toAgency, 5, "2026-04-14T10:00:00Z", "cardiff", "st-davids-children-society", "Agency Person"),
                enquiry(outside, 6, "2026-04-15T10:00:00Z", "outside-wales", null, "Bristol Person"),
                enquiry(xss, 7, "2026-04-16T10:00:00Z", "gwynedd", null, "<script>alert(1)</script>"));
        try (RawMqtt kiosk = f.kiosk(D)) {
            assertEquals(7, f.sendAndAwaitAck(kiosk, batch(D, records)).accepted().size());
        }
    }

    private KioskRecord enquiry(UUID id, long seq, String capturedAt, String council, String agency, String name)
            throws Exception {
        Map<String, Object> fields = new HashMap<>();
        fields.put("localAuthority", council);
        fields.put("topic", "adopting");
        fields.put("contactConsent", true);
        fields.put("privacyVersion", "2026-11");
        fields.put("interests", List.of("sibling-groups"));
        fields.put("preferredContact", "phone");
        if (agency != null) {
            fields.put("agency", agency);
        }
        String sealed = sealer.seal(new SealedPersonal(name, email(name),
                "029 2000 0000", "CF10 1AA", "Diolch"), id);
        return new KioskRecord(id, seq, RecordType.ENQUIRY, Instant.parse(capturedAt), BOOT, seq, "eisteddfod-2026",
                Lang.CY, WireCodec.SCHEMA, fields, sealed);
    }

    /** The email address the visitor called {@code name} gave. */
    static String email(String name) {
        return Math.abs(name.hashCode()) + "@example.org";
    }

    @Override
    public void close() {
        f.close();
    }
}
