package org.adoptionkiosk.hub.figures;

/** One group of the figures query: a count of one record type for a council, event and month. */
record FigureRow(String type, String localAuthority, String eventId, int year, int month, long count) {
}
