package org.adoptionkiosk.hub.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A routed enquiry and its follow-up, as the queue pages show it.
 *
 * @param enquiryDate the day it counts from: the record's figure day (the capture's Europe/London
 *                    date, or, when the kiosk's clock looked wrong on arrival, the hub's estimate's or
 *                    the arrival's; see RecordTiming)
 * @param dueDate     the 5th working day after the enquiry date
 * @param fieldsJson  the record's non-personal fields (topic, interests, preferred contact…)
 * @param sealed      the sealed personal part, or null once erased
 * @param capturedAt  when the kiosk made it, by the kiosk's clock, as sent
 * @param timeSuspect whether the kiosk's clock looked wrong (RecordTiming)
 * @param correctedAt the hub's estimate of when it was really made, or null
 */
public record Enquiry(String deviceId, UUID recordId, Instant receivedAt, LocalDate enquiryDate, LocalDate dueDate,
                      String routeKind, String routeId, String regionId, String localAuthority, String topic,
                      String lang, String claimedBy, Instant claimedAt, LocalDate firstResponseOn,
                      String firstResponseMethod, String firstResponseBy, String outcome, Instant closedAt,
                      Instant personalErasedAt, String fieldsJson, String sealed, Instant capturedAt,
                      boolean timeSuspect, Instant correctedAt) {

    /** Not yet answered, and its due day has passed. */
    public boolean overdue(LocalDate today) {
        return firstResponseOn == null && closedAt == null && today.isAfter(dueDate);
    }

    /** Answered within the 5 working days (on or before the due day). */
    public boolean answeredInTime() {
        return firstResponseOn != null && !firstResponseOn.isAfter(dueDate);
    }
}
