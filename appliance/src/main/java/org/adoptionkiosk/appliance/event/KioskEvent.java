package org.adoptionkiosk.appliance.event;

import java.time.LocalDate;

/**
 * An event the kiosk stands at: the National Eisteddfod, a PRIDE day, a National Adoption Week
 * stand. Every record captured while it is current carries its {@code id}.
 */
public record KioskEvent(String id, String name, String venue, LocalDate startsOn, LocalDate endsOn) {
}
