package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.hub.mqtt.PahoBrokerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The hub's MQTT link comes back by itself, subscriptions and all, after the broker restarts. */
class PahoBrokerClientTest {
    @TempDir
    Path dir;

    @Test
    void reconnectsAndResubscribesAfterTheBrokerRestarts() throws Exception {
        StandaloneBroker broker = new StandaloneBroker(dir.resolve("broker"));
        String url = broker.url();
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (PahoBrokerClient link = new PahoBrokerClient(url, "hub-link-test", BrokerAccess.HUB_USER,
                broker.hubPassword(), List.of("kiosk/v1/+/records"))) {
            assertTrue(link.start((topic, payload, retained) ->
                    received.add(new String(payload, StandardCharsets.UTF_8)), 10_000));
            try (RawMqtt kiosk = broker.connect("k1")) {
                kiosk.publish("kiosk/v1/k1/records", "before");
                assertEquals("before", received.poll(20, TimeUnit.SECONDS));
            }

            broker.stop();
            Await.until("the link to notice the broker is gone", link::isConnected, up -> !up);
            broker.start();
            Await.until("the link to reconnect", link::isConnected, up -> up);

            try (RawMqtt kiosk = broker.connect("k1")) {
                kiosk.publish("kiosk/v1/k1/records", "after");
                assertEquals("after", received.poll(20, TimeUnit.SECONDS), "subscribed again after reconnecting");
            }
            link.publish("kiosk/v1/k1/ack", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            broker.close();
        }
    }
}
