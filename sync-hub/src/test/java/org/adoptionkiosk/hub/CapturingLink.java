package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.ingest.MqttLink;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An MQTT link that only keeps what the hub publishes: for tests that drive ingest without a broker. */
final class CapturingLink implements MqttLink {
    private record Published(String topic, byte[] payload) {
    }

    private final ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
    private final WireCodec codec = new WireCodec();

    @Override
    public boolean start(Listener listener, long waitMillis) {
        return true;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        published.add(new Published(topic, payload.clone()));
    }

    /** Every ack published so far to {@code deviceId}, in order. */
    List<Ack> acks(String deviceId) {
        return published.stream().filter(p -> p.topic().equals(Topics.ack(deviceId))).map(this::decode).toList();
    }

    /** Every ack published so far, to any device. */
    List<Ack> acks() {
        return published.stream().filter(p -> p.topic().endsWith("/ack")).map(this::decode).toList();
    }

    private Ack decode(Published p) {
        try {
            return codec.decodeAck(p.payload());
        } catch (WireException e) {
            throw new AssertionError("the hub published an ack that does not decode", e);
        }
    }

    @Override
    public void close() {
    }
}
