package org.adoptionkiosk.appliance.figures;

import org.adoptionkiosk.testkit.TestClock;
import org.adoptionkiosk.appliance.event.KioskEvent;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.NewRecord;
import org.adoptionkiosk.appliance.store.CaptureWriter;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KioskFiguresTest {
    private static final ZoneId WALES = ZoneId.of("Europe/London");
    @TempDir
    Path dir;

    private static NewRecord record(RecordType type, String at, String eventId) {
        return new NewRecord(UUID.randomUUID(), type, Instant.parse(at), UUID.randomUUID(), 0, eventId, Lang.CY, 1,
                "{\"localAuthority\":\"gwynedd\"}", null);
    }

    @Test
    void todayByTheLocalHourAndTheEventSoFar() throws Exception {
        // 3 August 2026 is in British Summer Time: 09:30 UTC is 10:30 in Wales.
        TestClock clock = new TestClock(Instant.parse("2026-08-03T15:00:00Z"));
        KioskEvent eisteddfod = new KioskEvent("eisteddfod-2026-08-01", "Eisteddfod", "Pwllheli",
                LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 8));
        try (Database db = Database.open(dir)) {
            CaptureWriter store = new CaptureWriter(db);
            store.insert(record(RecordType.SIGNIN, "2026-08-02T12:00:00Z", eisteddfod.id())); // yesterday
            store.insert(record(RecordType.SIGNIN, "2026-08-03T09:30:00Z", eisteddfod.id()));
            store.insert(record(RecordType.SIGNIN, "2026-08-03T09:45:00Z", eisteddfod.id()));
            store.insert(record(RecordType.ENQUIRY, "2026-08-03T09:50:00Z", eisteddfod.id()));
            store.insert(record(RecordType.ENQUIRY, "2026-08-03T13:10:00Z", null)); // office mode
            store.insert(record(RecordType.SIGNIN, "2026-08-02T23:30:00Z", eisteddfod.id())); // 00:30 today here

            KioskFigures figures = new KioskFigures(db, clock, WALES);
            DayFigures day = figures.today(eisteddfod);
            assertEquals(LocalDate.of(2026, 8, 3), day.date());
            assertEquals(24, day.hours().size());
            assertEquals(new HourFigures(10, 2, 1, 0), day.hours().get(10));
            assertEquals(new HourFigures(14, 0, 1, 0), day.hours().get(14));
            assertEquals(new HourFigures(0, 1, 0, 0), day.hours().get(0));
            assertEquals(new DayFigures.Totals(3, 2, 0), day.today());
            assertNull(day.today().conversion(), "no footfall counted, no rate");
            assertEquals(new DayFigures.Totals(4, 1, 0), day.event());

            String csv = figures.todayCsv(eisteddfod, "kiosk-07");
            String[] lines = csv.split("\r\n");
            assertEquals("date,hour,device,event,signins,enquiries,footfall", lines[0]);
            assertEquals(25, lines.length);
            assertEquals("2026-08-03,10:00,kiosk-07,eisteddfod-2026-08-01,2,1,0", lines[11]);
            assertTrue(figures.today(null).event() == null);
        }
    }

    @Test
    void conversionIsSigninsAndEnquiriesOverFootfall() {
        assertEquals(0.25, new DayFigures.Totals(3, 2, 20).conversion());
    }
}
