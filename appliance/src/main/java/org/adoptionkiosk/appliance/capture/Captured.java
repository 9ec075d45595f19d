package org.adoptionkiosk.appliance.capture;

import java.util.UUID;

/** A committed capture: the record's id and its place in the device's sequence. */
public record Captured(UUID id, long seq) {
}
