package org.adoptionkiosk.appliance.sync;

/** The broker could not be reached, refused us, or the connection broke mid-way. */
public class MqttLinkException extends Exception {
    public MqttLinkException(String message) {
        super(message);
    }

    public MqttLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
