package org.adoptionkiosk.hub.followup;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A later stage of an enquiry, after its first response: non-personal, so it outlives the visitor's
 * details.
 *
 * @param stage  one of {@link EnquiryStore#STAGES}
 * @param onDate the day it happened
 * @param reason why it ended ({@link EnquiryStore#REASONS}), only for withdrawn and not-progressed
 */
public record Stage(String stage, LocalDate onDate, String reason, String recordedBy, Instant recordedAt) {
    public static final String SESSION = "session";
    public static final String REGISTRATION = "registration";
    public static final String STAGE2 = "stage2";
    public static final String APPROVED = "approved";
    public static final String WITHDRAWN = "withdrawn";
    public static final String NOT_PROGRESSED = "not-progressed";

    public boolean ending() {
        return isEnding(stage);
    }

    public static boolean isEnding(String stage) {
        return WITHDRAWN.equals(stage) || NOT_PROGRESSED.equals(stage);
    }
}
