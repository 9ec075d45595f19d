package org.adoptionkiosk.protocol;

/**
 * What the hub sends a kiosk (an {@link Ack} or a {@link DeviceConfig}) as it travels: the message's
 * JSON bytes in base64, and the hub's signature over the topic and those bytes. See
 * {@link HubSignature}.
 *
 * @param body the signed message's JSON, base64
 * @param sig  the hub's signature (Tink, Ed25519 with the key's id in front), base64
 */
public record Signed(String body, String sig) {
}
