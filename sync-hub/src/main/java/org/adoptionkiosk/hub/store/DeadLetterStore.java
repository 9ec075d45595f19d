package org.adoptionkiosk.hub.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The dead-letter table: whatever the hub could not accept, with why. */
public final class DeadLetterStore {
    /** What the HTTP API shows: no payload, which may hold personal data. */
    public record Summary(long id, Instant receivedAt, String topic, String deviceId, UUID batchId,
                          UUID recordId, String reason, long payloadBytes) {
    }

    /** One dead letter with its payload, for the central team's page (which audits each view). */
    public record Full(Summary summary, String payload) {
    }

    private static final String INSERT = "INSERT INTO dead_letters (received_at, topic, device_id, batch_id,"
            + " record_id, reason, payload, payload_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores one dead letter in its own transaction. */
    public void add(DeadLetter d) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            add(c, List.of(d));
        }
    }

    /**
     * Stores a dead letter made from a message every hub instance receives (a status): once,
     * whichever instances store it, keyed by SHA-256 of its topic, reason and whole payload. A
     * second copy is left out without an error (PostgreSQL's ON CONFLICT; on H2, one process, a
     * unique violation means the same).
     *
     * @return false when the same dead letter was there already
     */
    public boolean addOnce(DeadLetter d, byte[] payload) throws SQLException {
        String key = dedupKey(d.topic(), d.reason(), payload);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            boolean pg = Sql.isPostgres(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (received_at, topic, device_id,"
                    + " batch_id, record_id, reason, payload, payload_bytes, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + (pg ? " ON CONFLICT (dedup_key) DO NOTHING" : ""))) {
                set(ps, d);
                ps.setString(9, key);
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                if (!pg && Sql.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        }
    }

    static String dedupKey(String topic, String reason, byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(topic.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(reason.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Stores dead letters within the caller's transaction. */
    public void add(Connection c, List<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (DeadLetter d : letters) {
                set(ps, d);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void set(PreparedStatement ps, DeadLetter d) throws SQLException {
        Sql.setInstant(ps, 1, d.receivedAt());
        ps.setString(2, d.topic());
        ps.setString(3, d.deviceId());
        Sql.setUuid(ps, 4, d.batchId());
        Sql.setUuid(ps, 5, d.recordId());
        ps.setString(6, d.reason());
        if (d.payload() == null) {
            ps.setNull(7, Types.VARCHAR);
        } else {
            ps.setString(7, d.payload());
        }
        ps.setLong(8, d.payloadBytes());
    }

    /** Newest first. */
    public List<Summary> latest(int limit) throws SQLException {
        String sql = "SELECT id, received_at, topic, device_id, batch_id, record_id, reason, payload_bytes"
                + " FROM dead_letters ORDER BY id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
        List<Summary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Summary(rs.getLong("id"), Sql.getInstant(rs, "received_at"), rs.getString("topic"),
                        rs.getString("device_id"), Sql.getUuid(rs, "batch_id"), Sql.getUuid(rs, "record_id"),
                        rs.getString("reason"), rs.getLong("payload_bytes")));
            }
        }
        return out;
    }

    /** One dead letter with its stored payload. */
    public Optional<Full> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, received_at, topic, device_id, batch_id,"
                     + " record_id, reason, payload_bytes, payload FROM dead_letters WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Full(new Summary(rs.getLong("id"), Sql.getInstant(rs, "received_at"),
                        rs.getString("topic"), rs.getString("device_id"), Sql.getUuid(rs, "batch_id"),
                        Sql.getUuid(rs, "record_id"), rs.getString("reason"), rs.getLong("payload_bytes")),
                        rs.getString("payload")));
            }
        }
    }
}
