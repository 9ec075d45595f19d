package org.adoptionkiosk.hub.history;

/**
 * A region's counts for one half of a business year as the service's performance system reported
 * them, from before the kiosks: shown as "reported", never as "captured".
 *
 * @param region       the region's id in the regions file
 * @param businessYear the business year's first calendar year (2014 for 2014-15)
 * @param half         1 (April to September) or 2 (October to March)
 * @param approvals    null when the system did not record them
 */
public record ReportedHalf(String region, int businessYear, int half, long enquiries, Long approvals) {
}
