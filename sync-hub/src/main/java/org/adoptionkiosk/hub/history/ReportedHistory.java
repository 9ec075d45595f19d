package org.adoptionkiosk.hub.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the counts imported from before the kiosks ({@code reported_halves}). */
public final class ReportedHistory {
    private final DataSource db;

    public ReportedHistory(DataSource db) {
        this.db = db;
    }

    /** Every imported half, oldest first, then by region. */
    public List<ReportedHalf> halves() throws SQLException {
        List<ReportedHalf> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT region, business_year, half, enquiries, approvals FROM reported_halves
                     ORDER BY business_year, half, region""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // wasNull() speaks of the last column read: ask it straight after approvals.
                long approvals = rs.getLong(5);
                Long known = rs.wasNull() ? null : approvals;
                out.add(new ReportedHalf(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), known));
            }
        }
        return out;
    }
}
