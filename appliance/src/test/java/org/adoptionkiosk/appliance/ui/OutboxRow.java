package org.adoptionkiosk.appliance.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What a browser test reads back from the kiosk's H2 outbox: the records waiting for the hub. */
record OutboxRow(UUID id, String type, String lang, JsonNode fields, String sealed) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<OutboxRow> read(TestKiosk kiosk) throws Exception {
        List<OutboxRow> out = new ArrayList<>();
        try (Connection c = kiosk.sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.id, r.type, r.lang, r.fields_json, r.sealed FROM records r "
                     + "JOIN outbox o ON o.seq = r.seq ORDER BY r.seq")) {
            while (rs.next()) {
                out.add(new OutboxRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        JSON.readTree(rs.getString(4)), rs.getString(5)));
            }
        }
        return out;
    }
}
