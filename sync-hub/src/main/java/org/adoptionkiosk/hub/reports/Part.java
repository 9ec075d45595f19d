package org.adoptionkiosk.hub.reports;

import org.adoptionkiosk.hub.figures.Period;

import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;

/** The span of a business year a board report covers: its first half, its second, or all of it. */
public enum Part {
    H1, H2, YEAR;

    /** As the report's address writes it: {@code h1}, {@code h2}, {@code year}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Part> fromSlug(String s) {
        for (Part p : values()) {
            if (p.slug().equals(s)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** This part of the business year starting in April of {@code businessYear}. */
    public Period period(int businessYear) {
        LocalDate april = LocalDate.of(businessYear, Month.APRIL, 1);
        return switch (this) {
            case H1 -> Period.of(april, april.plusMonths(6).minusDays(1));
            case H2 -> Period.of(april.plusMonths(6), april.plusMonths(12).minusDays(1));
            case YEAR -> Period.businessYear(businessYear);
        };
    }

    /** Whether a reported half (1 or 2) lies in this part. */
    boolean holds(int half) {
        return this == YEAR || ordinal() + 1 == half;
    }
}
