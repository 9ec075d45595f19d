package org.adoptionkiosk.appliance.capture;

import java.util.UUID;

/**
 * A capture on disk: the record's id and its place in the device's sequence.
 *
 * @param repeat true when this answers a retry of a save that was stored before
 */
public record Captured(UUID id, long seq, boolean repeat) {
}
