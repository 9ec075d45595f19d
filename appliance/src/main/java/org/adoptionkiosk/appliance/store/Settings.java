package org.adoptionkiosk.appliance.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Named values that must outlive a restart (current event, office mode, PIN lockout), in H2. */
public final class Settings {
    private Settings() {
    }

    public static Optional<String> get(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets the value, or removes the setting when {@code value} is null. */
    public static void put(Connection c, String name, String value) throws SQLException {
        if (value == null) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM settings WHERE name = ?")) {
                s.setString(1, name);
                s.executeUpdate();
            }
            return;
        }
        try (PreparedStatement s = c.prepareStatement("MERGE INTO settings (name, setting_value) KEY (name) VALUES (?, ?)")) {
            s.setString(1, name);
            s.setString(2, value);
            s.executeUpdate();
        }
    }
}
