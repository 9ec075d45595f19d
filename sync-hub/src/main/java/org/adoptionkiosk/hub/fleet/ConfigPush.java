package org.adoptionkiosk.hub.fleet;

import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.mqtt.BrokerClient;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.hub.mqtt.BrokerClientException;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The hub's config push: a config is stored first (with its version and an audit entry, in one
 * transaction), then published retained at QoS 1 on {@code kiosk/v1/{d}/config} from this class's
 * own thread. A config stays marked unpublished until the broker has acknowledged it, and the same
 * thread tries every unpublished config again every few seconds while the MQTT link is up, so a
 * push made while the broker was out of reach goes out when it is back.
 *
 * <p>Each publish holds the config's row lock, so two hub instances never publish one device's
 * configs out of order (a retained older version would otherwise outlive a newer one).
 */
public final class ConfigPush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigPush.class);
    /** How often unpublished configs are tried again. */
    static final long RETRY_SECONDS = 3;

    /** The config the hub last pushed to a kiosk. */
    public record Stored(String deviceId, long version, DeviceConfig config, String setBy, Instant setAt,
                         Instant publishedAt) {
    }

    private final DataSource dataSource;
    private final WireCodec codec;
    private final BrokerClient link;
    private final AuditLog audit;
    private final Clock clock;
    private final SigningKeys signing;
    private final ScheduledThreadPoolExecutor worker;
    private volatile boolean closed;

    /** @param signing signs each config as it is published */
    public ConfigPush(DataSource dataSource, WireCodec codec, BrokerClient link, AuditLog audit, Clock clock,
                      SigningKeys signing) {
        this.signing = signing;
        this.dataSource = dataSource;
        this.codec = codec;
        this.link = link;
        this.audit = audit;
        this.clock = clock;
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hub-config-push");
            t.setDaemon(true);
            return t;
        });
        this.worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker.scheduleWithFixedDelay(this::publishPendingQuietly, RETRY_SECONDS, RETRY_SECONDS,
                TimeUnit.SECONDS);
    }

    /**
     * Stores {@code config} as the device's next version (the one before plus one) with an audit
     * entry, both in one transaction, then has it published.
     *
     * @param config the desired config; its version and sentAt are set here
     * @return what was stored, or empty when the hub has never heard of the device
     */
    public Optional<Stored> push(String deviceId, DeviceConfig config, String username) throws SQLException {
        Instant now = clock.instant();
        Stored stored;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // The device row is the lock: pushes for one device, from any hub instance, go one at a time.
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT device_id FROM devices WHERE device_id = ? FOR UPDATE")) {
                    ps.setString(1, deviceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                    }
                }
                Long previous = null;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT version FROM device_configs WHERE device_id = ?")) {
                    ps.setString(1, deviceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            previous = rs.getLong(1);
                        }
                    }
                }
                long version = previous == null ? 1 : previous + 1;
                DeviceConfig next = new DeviceConfig(version, config.mode(), config.event(), config.formOptions(),
                        config.retentionDays(), config.staffPinHash(), config.revoked(), now);
                String json = new String(codec.encode(next), StandardCharsets.UTF_8);
                String sql = previous == null
                        ? "INSERT INTO device_configs (version, config_json, set_by, set_at, published_at, device_id)"
                                + " VALUES (?, ?, ?, ?, NULL, ?)"
                        : "UPDATE device_configs SET version = ?, config_json = ?, set_by = ?, set_at = ?,"
                                + " published_at = NULL WHERE device_id = ?";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, version);
                    ps.setString(2, json);
                    ps.setString(3, username);
                    Sql.setInstant(ps, 4, now);
                    ps.setString(5, deviceId);
                    ps.executeUpdate();
                }
                audit.add(c, username, AuditLog.CONFIG_PUSH, deviceId, null, "version " + version);
                c.commit();
                stored = new Stored(deviceId, version, next, username, now, null);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        kick();
        return Optional.of(stored);
    }

    /** The config the hub last pushed to the device, if any. */
    public Optional<Stored> current(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, config_json, set_by, set_at, published_at"
                     + " FROM device_configs WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                DeviceConfig config;
                try {
                    config = codec.decodeConfig(rs.getString("config_json").getBytes(StandardCharsets.UTF_8));
                } catch (WireException e) {
                    log.warn("stored config of {} does not decode: {}", deviceId, e.getMessage());
                    config = null;
                }
                return Optional.of(new Stored(deviceId, rs.getLong("version"), config, rs.getString("set_by"),
                        Sql.getInstant(rs, "set_at"), Sql.getInstant(rs, "published_at")));
            }
        }
    }

    /** Has the worker publish what is waiting now rather than at its next round. */
    public void kick() {
        if (closed) {
            return;
        }
        try {
            worker.execute(this::publishPendingQuietly);
        } catch (RuntimeException e) {
            // shutting down
        }
    }

    private void publishPendingQuietly() {
        try {
            publishPending();
        } catch (SQLException e) {
            log.warn("config push: database error (SQL state {}); trying again in {} s", e.getSQLState(),
                    RETRY_SECONDS);
        } catch (RuntimeException e) {
            log.error("config push failed: {}", e.getClass().getName());
        }
    }

    /** On the worker thread only. */
    private void publishPending() throws SQLException {
        if (closed || !link.isConnected()) {
            return;
        }
        List<String> waiting = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT device_id FROM device_configs WHERE published_at IS NULL ORDER BY set_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                waiting.add(rs.getString(1));
            }
        }
        for (String deviceId : waiting) {
            if (closed || !publish(deviceId)) {
                return;
            }
        }
    }

    /** Publishes one device's config under its row lock; false when the broker did not take it. */
    private boolean publish(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long version;
                byte[] payload;
                try (PreparedStatement ps = c.prepareStatement("SELECT version, config_json FROM device_configs"
                        + " WHERE device_id = ? AND published_at IS NULL FOR UPDATE")) {
                    ps.setString(1, deviceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            return true; // another hub instance published it meanwhile
                        }
                        version = rs.getLong(1);
                        // Signed as it leaves: a kiosk applies no config the hub did not sign.
                        payload = signing.sign(codec, Topics.config(deviceId),
                                rs.getString(2).getBytes(StandardCharsets.UTF_8));
                    }
                }
                try {
                    link.publishConfirmed(Topics.config(deviceId), payload, 1, true);
                } catch (BrokerClientException e) {
                    c.rollback();
                    log.info("config version {} for {} not sent yet ({}); trying again later", version, deviceId,
                            e.getMessage());
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE device_configs SET published_at = ?"
                        + " WHERE device_id = ? AND version = ?")) {
                    Sql.setInstant(ps, 1, clock.instant());
                    ps.setString(2, deviceId);
                    ps.setLong(3, version);
                    ps.executeUpdate();
                }
                c.commit();
                log.info("config version {} published for {}", version, deviceId);
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Lets a publish in hand finish; no interrupt (an interrupted thread inside H2 closes its file). */
    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(15, TimeUnit.SECONDS)) {
                log.warn("config push still busy at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
