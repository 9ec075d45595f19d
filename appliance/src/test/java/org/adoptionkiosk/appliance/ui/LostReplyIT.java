package org.adoptionkiosk.appliance.ui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kiosk stores a save but its reply never reaches the page (the appliance restarted, the
 * connection dropped): the page sends the save again with the same record id, the appliance
 * answers with the first record, and the visitor is thanked once for one record.
 */
class LostReplyIT extends KioskInBrowser {

    @Test
    void aSaveWhoseReplyIsLostIsRetriedWithTheSameIdAndStoredOnce() throws Exception {
        int before = OutboxRow.read(kiosk.get()).size();
        visitor.arrive();
        // The first reply from /api/records is dropped after the appliance has answered it: the
        // request did its work, the page only sees a network failure. Every body sent is noted.
        visitor.js("""
                window.sentBodies = [];
                const realFetch = window.fetch;
                let dropped = false;
                window.fetch = (url, options) => {
                  if (String(url).endsWith('/api/records')) {
                    window.sentBodies.push(options.body);
                    return realFetch(url, options).then(response => {
                      if (!dropped) {
                        dropped = true;
                        throw new TypeError('Failed to fetch');
                      }
                      return response;
                    });
                  }
                  return realFetch(url, options);
                };""");
        visitor.start("cy");
        visitor.tap("#go-signin");
        visitor.waitFor(() -> visitor.visible("#screen-signin"));
        visitor.type("signin-name", "Siân");
        visitor.done();
        visitor.pick("signin-council", "gwynedd");
        visitor.tap("#signin-send");

        visitor.waitFor(() -> visitor.visible("#screen-thanks"));
        @SuppressWarnings("unchecked")
        List<String> bodies = (List<String>) visitor.js("return window.sentBodies");
        assertEquals(2, bodies.size(), "one save, one retry: " + bodies);
        String firstId = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(bodies.get(0)).get("id").asText();
        assertTrue(firstId.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), firstId);
        assertEquals(bodies.get(0), bodies.get(1), "the retry is the same save, id and all");

        List<OutboxRow> records = OutboxRow.read(kiosk.get());
        assertEquals(before + 1, records.size(), "one record for one save");
        assertEquals(firstId, records.get(records.size() - 1).id().toString());
    }
}
