package org.adoptionkiosk.hub.ingest;

/** A publish the link could not hand to the broker. */
public class MqttLinkException extends Exception {
    public MqttLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
