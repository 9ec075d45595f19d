package org.adoptionkiosk.protocol;

import java.util.UUID;

/** A record the hub could not accept, with the reason it wrote to its dead-letter table. */
public record Rejection(UUID id, String reason) {
}
