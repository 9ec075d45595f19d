package org.adoptionkiosk.hub.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

import static org.junit.jupiter.api.Assertions.*;

class WorkingDaysTest {
    private final WorkingDays days = WorkingDays.englandAndWales(new ObjectMapper());

    @Test
    void fiveWorkingDaysStepOverWeekendsAndBankHolidays() {
        // An ordinary Monday is due the Monday after.
        assertEquals(LocalDate.parse("2026-06-15"), days.plus(LocalDate.parse("2026-06-08"), 5));
        // A Saturday's enquiry counts from Monday: due Friday.
        assertEquals(LocalDate.parse("2026-06-12"), days.plus(LocalDate.parse("2026-06-06"), 5));
        // Easter 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
        assertEquals(LocalDate.parse("2026-04-13"), days.plus(LocalDate.parse("2026-04-02"), 5));
        // Christmas 2026: Boxing Day falls on a Saturday, so Monday 28 December is the holiday; then New Year.
        assertEquals(LocalDate.parse("2027-01-05"), days.plus(LocalDate.parse("2026-12-24"), 5));
        assertEquals(5, days.between(LocalDate.parse("2026-12-24"), LocalDate.parse("2027-01-05")));
        assertEquals(0, days.between(LocalDate.parse("2026-04-02"), LocalDate.parse("2026-04-06")));
    }

    @Test
    void theShippedListHasTheOneOffHolidaysAndTheUsualOnesEveryYear() {
        assertFalse(days.isWorkingDay(LocalDate.parse("2022-06-03")), "Platinum Jubilee");
        assertFalse(days.isWorkingDay(LocalDate.parse("2022-09-19")), "the Queen's funeral");
        assertFalse(days.isWorkingDay(LocalDate.parse("2023-05-08")), "the coronation");
        assertFalse(days.isWorkingDay(LocalDate.parse("2020-05-08")), "VE day, moved from 4 May");
        assertTrue(days.isWorkingDay(LocalDate.parse("2020-05-04")));
        for (int y = 2018; y <= days.knownUntil().getYear(); y++) {
            LocalDate lastAugustMonday = LocalDate.of(y, 8, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY));
            assertFalse(days.isWorkingDay(lastAugustMonday), "summer bank holiday " + y);
            LocalDate christmas = LocalDate.of(y, 12, 25);
            int off = 0;
            for (LocalDate d = christmas; d.isBefore(christmas.plusDays(4)); d = d.plusDays(1)) {
                off += days.isWorkingDay(d) ? 0 : 1;
            }
            assertTrue(off >= 2, "Christmas and Boxing Day (or their substitutes) in " + y);
        }
        assertTrue(days.knownUntil().getYear() >= 2028);
    }

    @Test
    void anotherListLoadsFromAFileInGovUksFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, """
                {"england-and-wales":{"division":"england-and-wales","events":[
                  {"title":"A made-up holiday","date":"2031-03-03","notes":"","bunting":true}]},
                 "scotland":{"division":"scotland","events":[]}}
                """);
        WorkingDays custom = WorkingDays.load(file, new ObjectMapper());
        assertFalse(custom.isWorkingDay(LocalDate.parse("2031-03-03")));
        Files.writeString(file, "{\"scotland\":{\"events\":[]}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkingDays.load(file, new ObjectMapper()));
        assertTrue(e.getMessage().contains("england-and-wales"), e.getMessage());
        Files.writeString(file, "{\"england-and-wales\":{\"events\":[{\"date\":\"3 March\"}]}}");
        assertThrows(IllegalArgumentException.class, () -> WorkingDays.load(file, new ObjectMapper()));
    }
}
