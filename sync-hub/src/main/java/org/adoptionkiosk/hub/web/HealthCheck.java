package org.adoptionkiosk.hub.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Whether the hub can do its job: its database answers and its MQTT link is up. */
public final class HealthCheck {
    public record Health(String status, String database, String mqtt) {
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    private final DataSource dataSource;
    private final BooleanSupplier mqttUp;

    public HealthCheck(DataSource dataSource, BooleanSupplier mqttUp) {
        this.dataSource = dataSource;
        this.mqttUp = mqttUp;
    }

    public Health check() {
        boolean db;
        try (Connection c = dataSource.getConnection()) {
            db = c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            db = false;
        }
        boolean mqtt = mqttUp.getAsBoolean();
        return new Health(db && mqtt ? "ok" : "unavailable", db ? "ok" : "down", mqtt ? "ok" : "down");
    }
}
