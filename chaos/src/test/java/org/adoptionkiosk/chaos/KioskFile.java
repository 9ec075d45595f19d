package org.adoptionkiosk.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a kiosk's own H2 file holds, read by the test after the kiosk was stopped cleanly
 * (SIGTERM): opened read-only, so the check changes nothing on the file.
 */
record KioskFile(TreeMap<Long, UUID> idBySeq, Map<UUID, Long> seqById, Map<Long, String> rejectedBySeq,
                 long unsynced, long outbox, long nextSeq) {

    static KioskFile read(Path dataDir) throws Exception {
        Path file = dataDir.resolve("kiosk.mv.db");
        if (!Files.exists(file)) {
            throw new IllegalStateException("no kiosk database at " + file);
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("kiosk") + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        TreeMap<Long, UUID> idBySeq = new TreeMap<>();
        Map<UUID, Long> seqById = new HashMap<>();
        Map<Long, String> rejected = new HashMap<>();
        long unsynced = 0;
        long outbox;
        long nextSeq;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, id, synced_at, rejected_reason FROM records");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    UUID id = rs.getObject(2, UUID.class);
                    idBySeq.put(seq, id);
                    seqById.put(id, seq);
                    if (rs.getObject(3) == null) {
                        unsynced++;
                    }
                    if (rs.getString(4) != null) {
                        rejected.put(seq, rs.getString(4));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                outbox = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT next_value FROM counters WHERE name = 'seq'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                nextSeq = rs.getLong(1);
            }
        }
        return new KioskFile(idBySeq, seqById, rejected, unsynced, outbox, nextSeq);
    }

    long maxSeq() {
        return idBySeq.isEmpty() ? 0 : idBySeq.lastKey();
    }
}
