package org.adoptionkiosk.hub.history;

import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.WireCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The import file's halves against the calendar: what has begun, and where a business year turns. */
class HistoryFileTest {
    private static final RegionMap WALES = RegionMap.wales(new WireCodec().mapper());

    private static HistoryFile.Read read(String rows, LocalDate today) {
        return HistoryFile.read((HistoryFile.HEADER + "\n" + rows).getBytes(StandardCharsets.UTF_8), WALES, today);
    }

    @Test
    void aHalfIsTakenFromItsFirstDayAndNotBefore() {
        LocalDate lastOfSeptember = LocalDate.of(2026, 9, 30);
        HistoryFile.Read read = read("north-wales,2026-27,H1,4,\nnorth-wales,2026-27,H2,1,\n", lastOfSeptember);
        assertEquals(1, read.problemCount(), read.problems().toString());
        assertEquals("line 3, column 3 (half): H2 of 2026-27 has not started yet (it starts on 1 October 2026)",
                read.problems().get(0).inEnglish());
        assertEquals("llinell 3, colofn 3 (half): nid yw H2 2026-27 wedi dechrau eto (mae'n dechrau ar 1 Hydref 2026)",
                read.problems().get(0).inWelsh());

        HistoryFile.Read next = read("north-wales,2026-27,H2,1,\n", lastOfSeptember.plusDays(1));
        assertTrue(next.ok(), next.problems().toString());
        assertEquals(List.of(new ReportedHalf("north-wales", 2026, 2, 1, null)), next.halves());

        HistoryFile.Read year = read("north-wales,2027-28,H1,1,\n", LocalDate.of(2027, 3, 31));
        assertEquals("line 2, column 2 (business_year): the business year 2027-28 has not started yet",
                year.problems().get(0).inEnglish());
        assertTrue(read("north-wales,2027-28,H1,1,\n", LocalDate.of(2027, 4, 1)).ok());
    }

    @Test
    void theBusinessYearTurnsOnTheFirstOfApril() {
        assertEquals(2014, HistoryFile.businessYear(LocalDate.of(2015, 3, 31)));
        assertEquals(2015, HistoryFile.businessYear(LocalDate.of(2015, 4, 1)));
        assertEquals("2099-00", HistoryFile.yearLabel(2099));
        assertEquals("2009-10", HistoryFile.yearLabel(2009));
    }

    @Test
    void theProblemsBeyondTheCapAreCountedNotListed() {
        String rows = "atlantis,2014-15,H1,1,\n".repeat(HistoryFile.MAX_PROBLEMS + 7);
        HistoryFile.Read read = read(rows, LocalDate.of(2026, 12, 3));
        assertEquals(HistoryFile.MAX_PROBLEMS + 7, read.problemCount());
        assertEquals(HistoryFile.MAX_PROBLEMS, read.problems().size());
        assertTrue(read.halves().isEmpty());
    }
}
