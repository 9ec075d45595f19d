package org.adoptionkiosk.appliance.sync;

/**
 * The little of MQTT the sync agent needs, so Paho stays behind one class. Calls block the
 * calling thread up to their timeout; the listener is called on the client's own thread and
 * must return at once.
 */
public interface MqttLink extends AutoCloseable {

    /** Told about arrivals and losses. Implementations only hand the event over; never block. */
    interface Listener {
        void messageArrived(String topic, byte[] payload);

        void connectionLost(String reason);
    }

    /** One message to publish, also the shape of the last-will. */
    record Message(String topic, byte[] payload, int qos, boolean retained) {
    }

    /** Connects with a clean session and the given last-will. */
    void connect(Message will) throws MqttLinkException;

    void subscribe(String topic, int qos) throws MqttLinkException;

    /** Returns once the broker has the message (for QoS 1, its PUBACK). */
    void publish(Message message) throws MqttLinkException;

    boolean isConnected();

    /** Ends any connection or connection attempt at once, from any thread. */
    void abort();

    /** Disconnects politely if connected, then frees the client. */
    @Override
    void close();
}
