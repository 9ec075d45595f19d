package org.adoptionkiosk.hub.ingest;

/** The hub's side of MQTT, kept small so the ingest logic never sees Paho. */
public interface MqttLink extends AutoCloseable {
    /** Called on the client's own thread: must only hand the message on, never block. */
    interface Listener {
        void messageArrived(String topic, byte[] payload, boolean retained);
    }

    /**
     * Connects and subscribes, waiting up to {@code waitMillis} for the first connection; after
     * that (or on a later loss) it keeps reconnecting in the background.
     *
     * @return whether the link is up when this returns
     */
    boolean start(Listener listener, long waitMillis);

    boolean isConnected();

    /** Publishes without waiting for the broker; throws MqttLinkException when it cannot. */
    void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttLinkException;

    /**
     * Publishes and waits until the broker has taken the message (its PUBACK at QoS 1). Never call
     * it on the client's own thread. Links that cannot tell fall back to {@link #publish}.
     */
    default void publishConfirmed(String topic, byte[] payload, int qos, boolean retained) throws MqttLinkException {
        publish(topic, payload, qos, retained);
    }

    @Override
    void close();
}
