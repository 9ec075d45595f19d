package org.adoptionkiosk.hub.reports;

/**
 * One business year's count for the report's part (first half, second half or the whole year).
 *
 * @param businessYear the year's first calendar year (2014 for 2014-15)
 * @param signins      null for reported years: the performance system did not count sign-ins
 * @param source       captured by the kiosks, or reported from before them
 * @param current      the year the report is about
 */
public record YearCount(int businessYear, String label, long enquiries, Long signins, Source source,
                        boolean current) {
    /** Where a count came from; reported counts are never shown as captured. */
    public enum Source {
        CAPTURED, REPORTED
    }
}
