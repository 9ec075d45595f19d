package org.adoptionkiosk.hub.mqtt;

/**
 * The hub's own MQTT client: one connection that keeps its subscriptions and publishes, kept small so
 * ingest and the config push never see Paho.
 */
public interface BrokerClient extends AutoCloseable {
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

    /** Publishes without waiting for the broker; throws BrokerClientException when it cannot. */
    void publish(String topic, byte[] payload, int qos, boolean retained) throws BrokerClientException;

    /**
     * Publishes and waits until the broker has taken the message (its PUBACK at QoS 1). Never call
     * it on the client's own thread. Links that cannot tell fall back to {@link #publish}.
     */
    default void publishConfirmed(String topic, byte[] payload, int qos, boolean retained)
            throws BrokerClientException {
        publish(topic, payload, qos, retained);
    }

    @Override
    void close();
}
