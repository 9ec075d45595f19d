package org.adoptionkiosk.appliance.figures;

/** One clock hour of a day on this kiosk (hour 9 is 09:00–09:59 local time). */
public record HourFigures(int hour, int signins, int enquiries, int footfall) {
}
