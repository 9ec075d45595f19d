package org.adoptionkiosk.hub.mqtt;

/** A publish the link could not hand to the broker. */
public class BrokerClientException extends Exception {
    public BrokerClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
