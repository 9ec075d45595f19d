package org.adoptionkiosk.appliance.outbox;

/** How many records an ack moved out of the outbox. */
public record AckOutcome(int synced, int rejected) {
}
