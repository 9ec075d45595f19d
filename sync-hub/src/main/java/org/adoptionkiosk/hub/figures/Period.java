package org.adoptionkiosk.hub.figures;

import java.time.LocalDate;
import java.time.Month;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** A span of days, both ends included, that figures are asked for. */
public record Period(LocalDate from, LocalDate to, String label) {
    public static final int MAX_YEARS = 10;

    /** A request's period could not be understood; {@code problem} names the message to show. */
    public static final class BadPeriodException extends Exception {
        private final String problem;

        public BadPeriodException(String problem) {
            super(problem);
            this.problem = problem;
        }

        public String problem() {
            return problem;
        }
    }

    /** The service's business year: 1 April of {@code startYear} to 31 March the year after. */
    public static Period businessYear(int startYear) {
        return of(LocalDate.of(startYear, Month.APRIL, 1), LocalDate.of(startYear + 1, Month.MARCH, 31));
    }

    /** A span labelled by what it is: a business year, a half or quarter of one, a month, or dates. */
    public static Period of(LocalDate from, LocalDate to) {
        return new Period(from, to, labelFor(from, to));
    }

    /** The same span a year earlier: what "this period against last year" compares with. */
    public Period yearEarlier() {
        return of(from.minusYears(1), to.minusYears(1));
    }

    static String labelFor(LocalDate from, LocalDate to) {
        int by = businessYearOf(from);
        LocalDate start = LocalDate.of(by, Month.APRIL, 1);
        if (from.getDayOfMonth() == 1 && to.equals(to.withDayOfMonth(to.lengthOfMonth()))) {
            long months = ChronoUnit.MONTHS.between(from, to.plusDays(1));
            long offset = ChronoUnit.MONTHS.between(start, from);
            if (months == 12 && offset == 0) {
                return businessYearLabel(by);
            }
            if (months == 6 && offset % 6 == 0) {
                return businessYearLabel(by) + " H" + (offset / 6 + 1);
            }
            if (months == 3 && offset % 3 == 0) {
                return businessYearLabel(by) + " Q" + (offset / 3 + 1);
            }
            if (months == 1) {
                return java.time.YearMonth.from(from).toString();
            }
        }
        return from + "/" + to;
    }

    /**
     * A part of a business year: {@code H1}, {@code H2}, {@code Q1}…{@code Q4}, or a month
     * {@code M1}…{@code M12} counted from April.
     */
    public static Period part(int businessYear, String part) throws BadPeriodException {
        String p = part.trim().toUpperCase(java.util.Locale.ROOT);
        int months;
        int index;
        try {
            index = Integer.parseInt(p.substring(1));
        } catch (RuntimeException e) {
            throw new BadPeriodException("bad_period.part");
        }
        switch (p.isEmpty() ? ' ' : p.charAt(0)) {
            case 'H' -> months = 6;
            case 'Q' -> months = 3;
            case 'M' -> months = 1;
            default -> throw new BadPeriodException("bad_period.part");
        }
        if (index < 1 || index > 12 / months) {
            throw new BadPeriodException("bad_period.part");
        }
        LocalDate from = LocalDate.of(businessYear, Month.APRIL, 1).plusMonths((long) (index - 1) * months);
        return of(from, from.plusMonths(months).minusDays(1));
    }

    public static int businessYearOf(LocalDate day) {
        return day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1;
    }

    public static String businessYearLabel(int startYear) {
        return String.format("%d-%02d", startYear, (startYear + 1) % 100);
    }

    /**
     * Reads {@code businessYear=2026} or {@code from=2026-04-01&to=2026-06-30}; with neither, the
     * business year holding {@code today}.
     */
    public static Period parse(String businessYear, String from, String to, LocalDate today)
            throws BadPeriodException {
        return parse(businessYear, null, from, to, today);
    }

    /**
     * As {@link #parse(String, String, String, LocalDate)}, with {@code part} (H1, Q3, M4…) of the
     * business year given or of the current one.
     */
    public static Period parse(String businessYear, String part, String from, String to, LocalDate today)
            throws BadPeriodException {
        if (part != null && !part.isBlank()) {
            if (from != null || to != null) {
                throw new BadPeriodException("bad_period.both");
            }
            int y = businessYear == null ? businessYearOf(today) : year(businessYear);
            return part(y, part);
        }
        if (businessYear != null) {
            if (from != null || to != null) {
                throw new BadPeriodException("bad_period.both");
            }
            return businessYear(year(businessYear));
        }
        if (from == null && to == null) {
            return businessYear(businessYearOf(today));
        }
        if (from == null || to == null) {
            throw new BadPeriodException("bad_period.dates");
        }
        LocalDate f;
        LocalDate t;
        try {
            f = LocalDate.parse(from.trim());
            t = LocalDate.parse(to.trim());
        } catch (DateTimeParseException e) {
            throw new BadPeriodException("bad_period.dates");
        }
        if (f.getYear() < 1970 || t.getYear() > 9990) {
            throw new BadPeriodException("bad_period.dates");
        }
        if (t.isBefore(f)) {
            throw new BadPeriodException("bad_period.order");
        }
        if (ChronoUnit.YEARS.between(f, t) >= MAX_YEARS) {
            throw new BadPeriodException("bad_period.length");
        }
        return of(f, t);
    }

    private static int year(String text) throws BadPeriodException {
        int y;
        try {
            y = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadPeriodException("bad_period.year");
        }
        if (y < 1970 || y > 9990) {
            throw new BadPeriodException("bad_period.year");
        }
        return y;
    }
}
