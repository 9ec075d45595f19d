package org.adoptionkiosk.hub.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V13 and V14 fill how_heard and event_id for the enquiries stored before them, from each record's
 * fields and event.
 */
class EnquiryMigrationsTest {
    @Test
    void enquiriesStoredBeforeTheColumnGetTheirAnswer(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("hub").toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations(HubDatabase.MIGRATIONS)
                .target(MigrationVersion.fromVersion("12")).load().migrate();
        UUID press = UUID.randomUUID();
        UUID none = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url)) {
            enquiry(c, press, 1, "{\"howHeard\":\"press\",\"localAuthority\":\"cardiff\",\"topic\":\"adopting\"}",
                    "eisteddfod-2026");
            enquiry(c, none, 2, "{\"localAuthority\":\"cardiff\",\"topic\":\"adopting\"}", null);
            // "other" must not be taken for part of another answer, nor another field's value for it.
            enquiry(c, other, 3, "{\"howHeard\":\"other\",\"topic\":\"other\"}", "pride-2026");
        }
        Flyway.configure().dataSource(url, null, null).locations(HubDatabase.MIGRATIONS).load().migrate();
        Map<UUID, String> heard = new HashMap<>();
        Map<UUID, String> event = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT record_id, how_heard, event_id FROM enquiries")) {
            while (rs.next()) {
                heard.put(rs.getObject(1, UUID.class), rs.getString(2));
                event.put(rs.getObject(1, UUID.class), rs.getString(3));
            }
        }
        assertEquals("eisteddfod-2026", event.get(press));
        assertEquals(null, event.get(none));
        assertEquals("pride-2026", event.get(other));
        assertEquals("press", heard.get(press));
        assertEquals(null, heard.get(none));
        assertEquals("other", heard.get(other));
        assertEquals(3, heard.size());
    }

    private static void enquiry(Connection c, UUID id, long seq, String fields, String eventId) throws Exception {
        try (PreparedStatement r = c.prepareStatement("""
                INSERT INTO records (device_id, id, seq, type, captured_at, received_at, boot_id, mono_millis, lang,
                                     schema_version, fields_json, content_hash, figure_date, time_suspect, event_id)
                VALUES ('k', ?, ?, 'enquiry', TIMESTAMP WITH TIME ZONE '2026-04-01 10:00:00+00',
                        TIMESTAMP WITH TIME ZONE '2026-04-01 10:00:01+00', ?, 0, 'en', 1, ?, 'h', DATE '2026-04-01',
                        FALSE, ?)""");
             PreparedStatement e = c.prepareStatement("""
                INSERT INTO enquiries (device_id, record_id, received_at, enquiry_date, due_date, route_kind, route_id,
                                       lang)
                VALUES ('k', ?, TIMESTAMP WITH TIME ZONE '2026-04-01 10:00:01+00', DATE '2026-04-01',
                        DATE '2026-04-08', 'region', 'vale-valleys-cardiff', 'en')""")) {
            r.setObject(1, id);
            r.setLong(2, seq);
            r.setObject(3, UUID.randomUUID());
            r.setString(4, fields);
            r.setString(5, eventId);
            r.executeUpdate();
            e.setObject(1, id);
            e.executeUpdate();
        }
    }
}
