package org.adoptionkiosk.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hubs' PostgreSQL store for one run: a fresh schema (the hub's Flyway migrates it through the
 * JDBC URL's {@code currentSchema}), read directly by the checks, dropped at the end.
 */
final class HubStore implements AutoCloseable {
    /** What the hub holds of one device. */
    record DeviceRecords(Map<UUID, Long> seqById, Map<UUID, Integer> rowsById, Long contiguousSeq, Long maxSeq) {
    }

    record DeadLetter(Instant receivedAt, String deviceId, UUID batchId, UUID recordId, String reason) {
    }

    final String url;
    final String user;
    final String schema;
    private final boolean keep;

    HubStore(String url, String user, String schema, boolean keep) throws SQLException {
        this.url = url;
        this.user = user;
        this.schema = schema;
        this.keep = keep;
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
    }

    /** The URL the hubs get. */
    String hubJdbcUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(hubJdbcUrl(), user, "");
    }

    DeviceRecords device(String deviceId) throws SQLException {
        Map<UUID, Long> seqById = new HashMap<>();
        Map<UUID, Integer> rows = new HashMap<>();
        Long contiguous = null;
        Long max = null;
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, seq FROM records WHERE device_id = ?")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        seqById.put(id, rs.getLong(2));
                        rows.merge(id, 1, Integer::sum);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT contiguous_seq, max_seq FROM devices WHERE device_id = ?")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        contiguous = rs.getLong(1);
                        max = rs.getLong(2);
                    }
                }
            }
        }
        return new DeviceRecords(seqById, rows, contiguous, max);
    }

    /** How many of {@code ids} the hub holds for the device: cheap enough to poll. */
    long count(String deviceId) throws SQLException {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM records WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<DeadLetter> deadLetters() throws SQLException {
        List<DeadLetter> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT received_at, device_id, batch_id, record_id, reason FROM dead_letters ORDER BY id")) {
            while (rs.next()) {
                OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
                out.add(new DeadLetter(at == null ? null : at.toInstant(), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5)));
            }
        }
        return out;
    }

    /** Rows of the hub's tables whose text holds {@code needle} in clear (fields, sealed, dead-letter payloads). */
    long rowsContaining(String needle) throws SQLException {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT (SELECT COUNT(*) FROM records WHERE fields_json LIKE ? OR sealed LIKE ?)
                          + (SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ? OR reason LIKE ?)""")) {
            String like = "%" + needle + "%";
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, like);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (keep) {
            System.out.println("[chaos] kept PostgreSQL schema " + schema + " (-Dchaos.keep=true)");
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
