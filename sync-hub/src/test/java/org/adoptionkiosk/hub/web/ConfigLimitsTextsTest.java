package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.DeviceConfig.EventSpec;
import org.adoptionkiosk.protocol.RegionMap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet form's texts that name a limit name the one the push is checked by
 * ({@link DeviceConfig#validate()}), in both languages: a changed limit with an old text fails here.
 */
class ConfigLimitsTextsTest {
    private final Texts texts = new Texts();

    @Test
    void theFormsTextsNameTheLimitsInForce() {
        String maxRetention = Integer.toString(DeviceConfig.MAX_RETENTION_DAYS);
        Map<String, String> mentions = Map.of(
                "config.error.too_long", Integer.toString(EventSpec.MAX_TEXT),
                "config.error.too_many_days", Integer.toString(EventSpec.MAX_DAYS_AFTER_FIRST),
                "config.error.retention", maxRetention,
                "kiosk.form.retention", maxRetention);
        mentions.forEach((key, number) -> {
            RegionMap.Names both = texts.get(key);
            assertTrue(both.cy().contains(number), key + " in Welsh names " + number + ": " + both.cy());
            assertTrue(both.en().contains(number), key + " in English names " + number + ": " + both.en());
        });
    }
}
