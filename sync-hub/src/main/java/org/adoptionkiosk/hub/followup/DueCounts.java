package org.adoptionkiosk.hub.followup;

/**
 * A regional queue's enquiries still without a first response: those due today and those past their
 * due day, for the header of every page its staff open.
 */
public record DueCounts(long dueToday, long overdue) {
}
