package org.adoptionkiosk.hub.history;

import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Writes imported halves into {@code reported_halves}, all in one transaction: a half not held is
 * added, a held one whose counts differ gets the file's counts, and one that is the same is left
 * alone (its import time too), so that importing the same file again changes nothing.
 */
public final class HistoryImport {
    /** How the file's halves compared with what was held. */
    public record Outcome(int added, int changed, int unchanged) {
    }

    /** A held half, with where and when it came from. */
    public record Held(ReportedHalf half, String importedFrom, Instant importedAt) {
    }

    /** Another import wrote the same half between this one's reading and writing: run it again. */
    public static final class Collision extends Exception {
        Collision(SQLException cause) {
            super("another import wrote the same halves at the same time", cause);
        }
    }

    /** What {@code imported_from} can hold. */
    static final int MAX_SOURCE = 255;

    private final DataSource db;
    private final Clock clock;

    public HistoryImport(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @param source the file's name, kept with each half written */
    public Outcome apply(List<ReportedHalf> halves, String source) throws SQLException, Collision {
        String from = source.length() > MAX_SOURCE ? source.substring(0, MAX_SOURCE) : source;
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, ReportedHalf> held = new HashMap<>();
                for (Held h : held(c)) {
                    held.put(key(h.half()), h.half());
                }
                List<ReportedHalf> added = new ArrayList<>();
                List<ReportedHalf> changed = new ArrayList<>();
                for (ReportedHalf h : halves) {
                    ReportedHalf old = held.get(key(h));
                    if (old == null) {
                        added.add(h);
                    } else if (old.enquiries() != h.enquiries() || !Objects.equals(old.approvals(), h.approvals())) {
                        changed.add(h);
                    }
                }
                insert(c, added, from, now);
                update(c, changed, from, now);
                c.commit();
                return new Outcome(added.size(), changed.size(), halves.size() - added.size() - changed.size());
            } catch (SQLException e) {
                c.rollback();
                if (Sql.isUniqueViolation(e)) {
                    throw new Collision(e);
                }
                throw e;
            }
        }
    }

    /** Every half held, oldest first, then by region. */
    public List<Held> held() throws SQLException {
        try (Connection c = db.getConnection()) {
            return held(c);
        }
    }

    private static List<Held> held(Connection c) throws SQLException {
        List<Held> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT region, business_year, half, enquiries, approvals, imported_from, imported_at
                FROM reported_halves ORDER BY business_year, half, region""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long approvals = rs.getLong("approvals");
                Long known = rs.wasNull() ? null : approvals;
                out.add(new Held(new ReportedHalf(rs.getString("region"), rs.getInt("business_year"),
                        rs.getInt("half"), rs.getLong("enquiries"), known), rs.getString("imported_from"),
                        Sql.getInstant(rs, "imported_at")));
            }
        }
        return out;
    }

    private static String key(ReportedHalf h) {
        return h.region() + "/" + h.businessYear() + "/" + h.half();
    }

    private static void insert(Connection c, List<ReportedHalf> halves, String from, Instant now)
            throws SQLException {
        if (halves.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO reported_halves (region, business_year, half, enquiries, approvals, imported_from,
                imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (ReportedHalf h : halves) {
                ps.setString(1, h.region());
                ps.setInt(2, h.businessYear());
                ps.setInt(3, h.half());
                ps.setInt(4, Math.toIntExact(h.enquiries()));
                setCount(ps, 5, h.approvals());
                ps.setString(6, from);
                Sql.setInstant(ps, 7, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void update(Connection c, List<ReportedHalf> halves, String from, Instant now)
            throws SQLException {
        if (halves.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE reported_halves SET enquiries = ?, approvals = ?, imported_from = ?, imported_at = ?
                WHERE region = ? AND business_year = ? AND half = ?""")) {
            for (ReportedHalf h : halves) {
                ps.setInt(1, Math.toIntExact(h.enquiries()));
                setCount(ps, 2, h.approvals());
                ps.setString(3, from);
                Sql.setInstant(ps, 4, now);
                ps.setString(5, h.region());
                ps.setInt(6, h.businessYear());
                ps.setInt(7, h.half());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The columns are INTEGER (the file's counts are checked to fit); null when unknown. */
    private static void setCount(PreparedStatement ps, int i, Long count) throws SQLException {
        if (count == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, Math.toIntExact(count));
        }
    }
}
