package org.adoptionkiosk.appliance.figures;

import java.time.LocalDate;
import java.util.List;

/**
 * What the staff dashboard shows of this kiosk's own records: today by the hour, and the current
 * event so far. Counts only: staff never see a visitor's details on the kiosk.
 *
 * @param hours      every hour of today, 0–23
 * @param event      the current event's totals, or null when none is set
 */
public record DayFigures(LocalDate date, List<HourFigures> hours, Totals today, Totals event) {

    /** Sign-ins, enquiries and footfall, with the share of passers-by who signed in or enquired. */
    public record Totals(int signins, int enquiries, int footfall) {
        /** (sign-ins + enquiries) ÷ footfall, or null with no footfall counted. */
        public Double conversion() {
            return footfall == 0 ? null : (double) (signins + enquiries) / footfall;
        }
    }
}
