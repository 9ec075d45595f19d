package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RawMqtt;
import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A config pushed while the broker is out of reach is kept, shown as not yet sent, and published
 * (retained) once the hub's link is back: nothing typed on the fleet page is lost to an outage.
 */
class ConfigPushOutageTest {
    @TempDir
    Path dir;

    @Test
    void aConfigPushedDuringABrokerOutageIsPublishedWhenTheBrokerIsBack() throws Exception {
        StandaloneBroker broker = new StandaloneBroker(dir.resolve("broker"));
        String d = "kiosk-outage";
        try (HubFixture f = new HubFixture(dir.resolve("hub"), broker)) {
            try (RawMqtt kiosk = f.connect(d)) {
                kiosk.publishRetained(Topics.status(d), f.codec.encode(Statuses.of(d).build()));
                Await.until("the kiosk's status",
                        () -> f.count("SELECT COUNT(*) FROM devices WHERE device_id = ?", d), n -> n == 1);
            }
            f.central();

            broker.stop();
            Await.until("the hub to notice the broker is gone", () -> f.anonymous("GET", "/healthz").statusCode(),
                    code -> code == 503);

            HttpResponse<String> r = f.central().post("/fleet/" + d + "/config",
                    FleetTest.eventForm("Gŵyl Fwyd Caernarfon", "2026-05-09", "2026-05-10", "14"));
            assertEquals(303, r.statusCode(), r.body());
            assertEquals(1, f.count("SELECT COUNT(*) FROM device_configs WHERE device_id = ? AND version = 1"
                    + " AND published_at IS NULL", d), "stored, not yet sent");
            String page = f.get("/fleet/" + d).body();
            assertTrue(page.contains(FleetTest.html(new Texts().get("kiosk.config.unsent").cy())),
                    "the page says it is not sent yet");

            broker.start();
            // The link reconnects with backoff, then the push worker's next round sends it: a generous deadline.
            Await.atMost(Duration.ofSeconds(90)).every(Duration.ofMillis(100)).until(
                    "the config to be published after the broker came back", () -> f.count(
                            "SELECT COUNT(*) FROM device_configs WHERE device_id = ? AND published_at IS NOT NULL", d),
                    n -> n > 0);
            try (RawMqtt sub = f.connect(d)) {
                sub.subscribe(Topics.config(d));
                DeviceConfig config = f.config(d, sub.next());
                assertEquals(1, config.version());
                assertEquals("Gŵyl Fwyd Caernarfon", config.event().name());
                assertEquals(14, config.retentionDays());
            }
            JsonNode dev = f.device(d);
            assertFalse(dev.get("configPublishedAt").isNull());
        } finally {
            broker.close();
        }
    }
}
