package org.adoptionkiosk.hub.reports;

import org.adoptionkiosk.hub.figures.Figures;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.followup.Funnel;

import java.util.List;

/**
 * The board's report on a half (or the whole) of a business year: enquiries and sign-ins against
 * the same part of every earlier year the hub knows, by region, council and event, the 5-day
 * measure and the recruitment funnel. Nothing in it is personal.
 *
 * @param years      the same part of every year known, oldest first, this one included
 * @param enquiries  where this year's enquiries stand among {@code years}
 * @param signins    where this year's sign-ins stand among the captured years; null when none captured
 * @param figures    the period's figures (regions, councils, events) with the year before
 * @param events     the events with their footfall, conversion and approvals, most enquiries first
 */
public record HalfYearReport(int businessYear, Part part, Period period, List<YearCount> years, Standing enquiries,
                             Standing signins, Figures figures, List<EventLine> events,
                             FiveDayMeasure.Result measure, Funnel.Result funnel) {
    /** This year's line of {@link #years}. */
    public YearCount current() {
        return years.stream().filter(YearCount::current).findFirst().orElseThrow();
    }
}
