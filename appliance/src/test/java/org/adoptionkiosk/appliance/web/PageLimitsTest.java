package org.adoptionkiosk.appliance.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.CaptureValidator;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.protocol.DeviceConfig.EventSpec;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages guide people by the same numbers the rules enforce: they get them with their data
 * (their scripts hold none), and the texts that name a limit name the one in force.
 */
class PageLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();

    @TempDir
    Path dir;
    private TestKiosk kiosk;

    @BeforeEach
    void start() throws Exception {
        kiosk = TestKiosk.start(dir.resolve("data"), HubKeys.create(dir));
    }

    @AfterEach
    void stop() {
        kiosk.close();
    }

    private JsonNode limits(String page) throws Exception {
        String html = kiosk.get(page).body();
        int at = html.indexOf("id=\"kiosk-data\">") + "id=\"kiosk-data\">".length();
        return JSON.readTree(html.substring(at, html.indexOf("</script>", at))).get("limits");
    }

    @Test
    void bothPagesGetTheRulesOwnNumbers() throws Exception {
        for (String page : new String[] {"/", "/staff"}) {
            JsonNode limits = limits(page);
            assertEquals(EventSpec.MAX_TEXT, limits.get("eventTextChars").asInt(), page);
            assertEquals(EventSpec.MAX_DAYS_AFTER_FIRST, limits.get("eventDaysAfterFirst").asInt(), page);
            assertEquals(PinHash.MIN_PIN_DIGITS, limits.get("staffPinMinDigits").asInt(), page);
            assertEquals(PinHash.MAX_PIN_DIGITS, limits.get("staffPinMaxDigits").asInt(), page);
            for (Map.Entry<String, Integer> field : CaptureValidator.ENQUIRY_PERSONAL.entrySet()) {
                assertEquals(field.getValue(), limits.at("/personalChars/" + field.getKey()).asInt(), field.getKey());
            }
        }
    }

    @Test
    void thePagesWriteNoLengthOfTheirOwn() throws Exception {
        for (String page : new String[] {"/", "/staff"}) {
            assertTrue(!kiosk.get(page).body().contains("maxlength="), page + ": the scripts set it from the data");
        }
    }

    @Test
    void theStaffTextsNameTheLimitsInForce() {
        for (Lang lang : Lang.values()) {
            assertTrue(MESSAGES.get(lang, "staff.error.text_too_long").contains(Integer.toString(EventSpec.MAX_TEXT)),
                    lang + " text_too_long");
            assertTrue(MESSAGES.get(lang, "staff.error.event_dates_invalid")
                    .contains(Integer.toString(EventSpec.MAX_DAYS_AFTER_FIRST)), lang + " event_dates_invalid");
        }
    }
}
