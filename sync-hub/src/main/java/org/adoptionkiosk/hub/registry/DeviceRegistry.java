package org.adoptionkiosk.hub.registry;

import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.protocol.Topics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The hub's registry of provisioned kiosks (table {@code device_registry}). The provisioning tool
 * and {@code sync-hub.jar device …} register and revoke devices through this class on the hub's
 * own store; ingest asks it whether a device is revoked, and the embedded broker asks it for a
 * device's password hash. Each question is one primary-key read, so a revocation written by the
 * tool in another process holds from the next message (or connection) on, without a cache to go
 * stale.
 */
public final class DeviceRegistry implements Revocations {
    /** A registration or revocation the registry refuses, with a message fit for the operator. */
    public static final class RegistryProblem extends Exception {
        public RegistryProblem(String message) {
            super(message);
        }
    }

    private static final int MAX_TEXT = 100;
    private static final int MAX_NAME = 120;
    private static final int MAX_HASH = 100;
    private static final String BCRYPT_PREFIX = "$2";

    private final DataSource dataSource;

    public DeviceRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds a new device; an id already registered (even revoked) is refused, so ids are never reused. */
    public RegisteredDevice register(String deviceId, String region, String site, String name, Instant now)
            throws SQLException, RegistryProblem {
        return register(deviceId, region, site, name, now, null);
    }

    /**
     * As {@link #register(String, String, String, String, Instant)}, with the hash of the device's
     * password at the embedded broker ({@link org.adoptionkiosk.hub.accounts.Passwords#hash}), in the
     * same row. The region may be null (a kiosk let in with {@code sync-hub.jar device add} alone).
     */
    public RegisteredDevice register(String deviceId, String region, String site, String name, Instant now,
                                     String brokerPasswordHash) throws SQLException, RegistryProblem {
        if (!Topics.isValidDeviceId(deviceId)) {
            throw new RegistryProblem("'" + deviceId + "' is not a device id");
        }
        if ((region != null && (region.isBlank() || region.length() > MAX_TEXT))
                || (site != null && site.length() > MAX_TEXT) || (name != null && name.length() > MAX_NAME)) {
            throw new RegistryProblem("a device's region, site and name are at most "
                    + MAX_TEXT + ", " + MAX_TEXT + " and " + MAX_NAME + " characters");
        }
        checkHash(brokerPasswordHash == null ? BCRYPT_PREFIX : brokerPasswordHash);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO device_registry (device_id, region, site, name,"
                     + " registered_at, broker_password_hash) VALUES (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(true);
            ps.setString(1, deviceId);
            Sql.setText(ps, 2, region);
            Sql.setText(ps, 3, site);
            Sql.setText(ps, 4, name);
            Sql.setInstant(ps, 5, now);
            Sql.setText(ps, 6, brokerPasswordHash);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new RegistryProblem("device " + deviceId + " is already registered");
            }
            throw e;
        }
        return new RegisteredDevice(deviceId, region, site, name, now, null);
    }

    /**
     * Marks a device revoked from {@code now} on. Revoking it again keeps the first time.
     *
     * @return the device as it now stands
     */
    public RegisteredDevice revoke(String deviceId, Instant now) throws SQLException, RegistryProblem {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE device_registry SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL")) {
            c.setAutoCommit(true);
            Sql.setInstant(ps, 1, now);
            ps.setString(2, deviceId);
            ps.executeUpdate();
        }
        return find(deviceId).orElseThrow(() -> new RegistryProblem("no device '" + deviceId + "' is registered"));
    }

    /**
     * Replaces the device's password hash at the embedded broker: from now on only the new password
     * lets it in. A revoked device keeps none.
     */
    public void setBrokerPasswordHash(String deviceId, String brokerPasswordHash) throws SQLException, RegistryProblem {
        checkHash(brokerPasswordHash);
        int changed;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE device_registry SET broker_password_hash = ?"
                     + " WHERE device_id = ? AND revoked_at IS NULL")) {
            c.setAutoCommit(true);
            ps.setString(1, brokerPasswordHash);
            ps.setString(2, deviceId);
            changed = ps.executeUpdate();
        }
        if (changed == 0) {
            throw new RegistryProblem(find(deviceId).isPresent()
                    ? "device " + deviceId + " is revoked; a revoked id is never let in again"
                    : "no device '" + deviceId + "' is registered");
        }
    }

    /**
     * The hash the embedded broker checks the device's password against: empty when the device is
     * not registered, is revoked, or has no password there. One primary-key read, asked at every
     * connection, so a revocation or a new password holds from the next connection on.
     */
    public Optional<String> brokerPasswordHash(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT broker_password_hash FROM device_registry"
                     + " WHERE device_id = ? AND revoked_at IS NULL")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Only a bcrypt hash is ever stored, never a password by mistake. */
    private static void checkHash(String hash) throws RegistryProblem {
        if (hash == null || !hash.startsWith(BCRYPT_PREFIX) || hash.length() > MAX_HASH) {
            throw new RegistryProblem("a broker password is stored only as its bcrypt hash");
        }
    }

    public Optional<RegisteredDevice> find(String deviceId) throws SQLException {
        List<RegisteredDevice> found = query(" WHERE device_id = ?", deviceId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every registered device, oldest first. */
    public List<RegisteredDevice> list() throws SQLException {
        return query(" ORDER BY registered_at, device_id", null);
    }

    /** Unregistered devices are not revoked: they work as before the registry existed. */
    @Override
    public boolean isRevoked(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM device_registry WHERE device_id = ? AND revoked_at IS NOT NULL")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private List<RegisteredDevice> query(String where, String param) throws SQLException {
        List<RegisteredDevice> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT device_id, region, site, name, registered_at,"
                     + " revoked_at FROM device_registry" + where)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RegisteredDevice(rs.getString("device_id"), rs.getString("region"),
                            rs.getString("site"), rs.getString("name"), Sql.getInstant(rs, "registered_at"),
                            Sql.getInstant(rs, "revoked_at")));
                }
            }
        }
        return out;
    }
}
