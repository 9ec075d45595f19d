package org.adoptionkiosk.hub.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays. The bank holidays
 * are data in GOV.UK's own format ({@code https://www.gov.uk/bank-holidays.json}, its
 * {@code england-and-wales} division), so an operator replaces the file when GOV.UK announces more
 * rather than waiting for a new release.
 */
public final class WorkingDays {
    public static final String RESOURCE = "/org/adoptionkiosk/hub/calendar/bank-holidays.json";
    public static final String DIVISION = "england-and-wales";

    private final NavigableSet<LocalDate> holidays;

    public WorkingDays(NavigableSet<LocalDate> holidays) {
        if (holidays.isEmpty()) {
            throw new IllegalArgumentException("a bank holiday list cannot be empty");
        }
        this.holidays = Collections.unmodifiableNavigableSet(new TreeSet<>(holidays));
    }

    /** The list shipped with the hub. */
    public static WorkingDays englandAndWales(ObjectMapper mapper) {
        try (InputStream in = WorkingDays.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(mapper.readTree(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A file in GOV.UK's format, given with {@code --bank-holidays}. */
    public static WorkingDays load(Path file, ObjectMapper mapper) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(mapper.readTree(in), file.toString());
        }
    }

    private static WorkingDays parse(JsonNode root, String source) {
        JsonNode events = root == null ? null : root.path(DIVISION).path("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new IllegalArgumentException(source + " has no " + DIVISION + " events (GOV.UK's bank-holidays.json format)");
        }
        NavigableSet<LocalDate> days = new TreeSet<>();
        for (JsonNode e : events) {
            String date = e.path("date").asText("");
            try {
                days.add(LocalDate.parse(date));
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException(source + ": bank holiday date '" + date + "' is not YYYY-MM-DD");
            }
        }
        return new WorkingDays(days);
    }

    public boolean isWorkingDay(LocalDate day) {
        DayOfWeek d = day.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /**
     * The {@code n}th working day after {@code day} (which itself never counts, whatever it is): an
     * enquiry that arrives on a Monday is due, 5 working days on, by the next Monday.
     */
    public LocalDate plus(LocalDate day, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("working days to add must be 0 or more");
        }
        LocalDate d = day;
        for (int left = n; left > 0; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /** Working days after {@code from} up to and including {@code to}; 0 when {@code to} is not after it. */
    public int between(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }

    /** The last day the list knows of: after it, only weekends are left out. */
    public LocalDate knownUntil() {
        return LocalDate.of(holidays.last().getYear(), 12, 31);
    }
}
