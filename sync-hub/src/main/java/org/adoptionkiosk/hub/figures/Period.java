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
        return new Period(LocalDate.of(startYear, Month.APRIL, 1), LocalDate.of(startYear + 1, Month.MARCH, 31),
                businessYearLabel(startYear));
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
        if (businessYear != null) {
            if (from != null || to != null) {
                throw new BadPeriodException("bad_period.both");
            }
            int y;
            try {
                y = Integer.parseInt(businessYear.trim());
            } catch (NumberFormatException e) {
                throw new BadPeriodException("bad_period.year");
            }
            if (y < 1970 || y > 9990) {
                throw new BadPeriodException("bad_period.year");
            }
            return businessYear(y);
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
        return new Period(f, t, f + "/" + t);
    }
}
