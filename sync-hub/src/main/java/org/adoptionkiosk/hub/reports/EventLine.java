package org.adoptionkiosk.hub.reports;

/**
 * One event in the report: what its kiosks counted in the period, and what became of its enquiries.
 *
 * @param footfall   passers-by its kiosks' motion sensors counted over the whole event; null when none sent one
 * @param conversion enquiries over footfall, or null without a footfall
 * @param approvals  the period's enquiries made there that have since been approved
 */
public record EventLine(String eventId, String name, String venue, Long footfall, long signins, long enquiries,
                        Double conversion, long approvals) {
}
