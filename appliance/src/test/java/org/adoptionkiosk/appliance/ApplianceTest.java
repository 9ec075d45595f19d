package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.sealing.HubKeyException;
import org.adoptionkiosk.appliance.sync.SyncStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApplianceTest {
    @TempDir
    Path dir;

    @Test
    void capturesWithTheSyncAgentRunningAndNoBrokerAtAll() throws Exception {
        ApplianceConfig config = TestKiosk.config(dir.resolve("data"), HubKeys.create(dir)).withSyncOnStart(true);
        try (TestKiosk kiosk = TestKiosk.start(config)) {
            assertNotEquals(0, kiosk.appliance.httpPort());
            var response = kiosk.postJson("""
                    {"type":"signin","lang":"cy","fields":{"localAuthority":"ceredigion","privacyVersion":"2026-11"}}""");
            assertEquals(201, response.statusCode(), response.body());
            kiosk.appliance.startSync(); // already running: nothing happens
            kiosk.appliance.capture(CaptureRequest.signin("en", Map.of("localAuthority", "outside-wales",
                    "privacyVersion", "2026-11")));
            assertEquals(2, kiosk.appliance.backlog());
            SyncStatus status = kiosk.appliance.status();
            assertFalse(status.brokerConnected());
            assertEquals(2, status.backlog());
        }
    }

    @Test
    void closeIsIdempotent() throws Exception {
        TestKiosk kiosk = TestKiosk.start(dir.resolve("data"), HubKeys.create(dir));
        kiosk.close();
        kiosk.close();
    }

    @Test
    void startRefusesABadHubKeyAndLeavesNothingRunning() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{}");
        ApplianceConfig config = ApplianceConfig.defaults(dir.resolve("data"), TestKiosk.NO_BROKER, "kiosk-bad", bad)
                .withHttpPort(0);
        assertThrows(HubKeyException.class, () -> Appliance.start(config));
        // The database was never opened, so the same directory starts cleanly with a good key.
        try (TestKiosk kiosk = TestKiosk.start(dir.resolve("data"), HubKeys.create(dir))) {
            assertEquals(0, kiosk.appliance.backlog());
        }
    }
}
