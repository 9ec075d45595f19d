package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.mqtt.BrokerClient;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.Topics;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An MQTT link that only keeps what the hub publishes: for tests that drive ingest without a broker. */
final class CapturingLink implements BrokerClient {
    private record Published(String topic, byte[] payload) {
    }

    private final ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
    private final Path hubDir;

    /** @param hubDir where the hub's signing keys are: acks are verified as a kiosk verifies them */
    CapturingLink(Path hubDir) {
        this.hubDir = hubDir;
    }

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
            return HubMessages.ack(hubDir, p.topic().split("/")[2], p.payload());
        } catch (Exception e) {
            throw new AssertionError("the hub published an ack that does not verify or decode", e);
        }
    }

    @Override
    public void close() {
    }
}
