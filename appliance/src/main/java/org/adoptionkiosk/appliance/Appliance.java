package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.capture.CaptureRejected;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.CaptureService;
import org.adoptionkiosk.appliance.capture.CaptureValidator;
import org.adoptionkiosk.appliance.capture.Captured;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.outbox.Outbox;
import org.adoptionkiosk.appliance.sealing.Sealer;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.RecordStore;
import org.adoptionkiosk.appliance.sync.Backoff;
import org.adoptionkiosk.appliance.sync.DeviceHealth;
import org.adoptionkiosk.appliance.sync.PahoLink;
import org.adoptionkiosk.appliance.sync.SyncAgent;
import org.adoptionkiosk.appliance.sync.SyncStatus;
import org.adoptionkiosk.appliance.web.WebServer;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One running kiosk: database, capture, web server and sync agent, wired together. Start it,
 * use it, close it; {@link Main} does the same from the command line.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Appliance.class);
    /** How long the agent waits for the broker to connect, subscribe or take a message. */
    private static final long LINK_TIMEOUT_MILLIS = 10_000;

    private final ApplianceConfig config;
    private final Database db;
    private final CaptureService capture;
    private final Outbox outbox;
    private final SyncAgent agent;
    private final WebServer web;
    private boolean closed;

    private Appliance(ApplianceConfig config, Database db, CaptureService capture, Outbox outbox, SyncAgent agent,
                      WebServer web) {
        this.config = config;
        this.db = db;
        this.capture = capture;
        this.outbox = outbox;
        this.agent = agent;
        this.web = web;
    }

    /**
     * Opens the database, loads the hub key and regions, starts the web server, and the sync agent
     * unless {@code config.syncOnStart()} is false. A broker that cannot be reached is not an
     * error: capture works without one and the agent keeps trying.
     */
    public static Appliance start(ApplianceConfig config) throws Exception {
        WireCodec codec = new WireCodec();
        Sealer sealer = Sealer.fromFile(config.hubKeyFile());
        RegionMap regions = config.regionsFile() == null
                ? RegionMap.wales(codec.mapper())
                : RegionMap.load(config.regionsFile(), codec.mapper());
        Messages messages = Messages.load();
        String version = version();
        UUID bootId = UUID.randomUUID();
        long bootNanos = System.nanoTime();
        Clock clock = Clock.systemUTC();

        Database db = Database.open(config.dataDir());
        SyncAgent agent = null;
        WebServer web = null;
        try {
            Outbox outbox = new Outbox(db, codec, config.deviceId(), bootId);
            SyncAgent.Settings settings = new SyncAgent.Settings(config.deviceId(), config.batchSize(),
                    config.ackTimeoutMillis(), config.statusIntervalMillis(), version, config.eventId());
            agent = new SyncAgent(settings, outbox, codec,
                    listener -> new PahoLink(config.brokerUrl(), config.deviceId(), config.brokerUsername(),
                            config.brokerPassword(), LINK_TIMEOUT_MILLIS, listener),
                    Backoff.reconnect(RandomGenerator.getDefault()), clock,
                    new DeviceHealth(config.dataDir(), DeviceHealth.PI_THERMAL_ZONE));
            CaptureService capture = new CaptureService(new CaptureValidator(regions, messages), sealer,
                    new RecordStore(db), codec.mapper(), clock, bootId, bootNanos, config.eventId(),
                    agent::workAvailable);
            web = new WebServer(config.bindHost(), config.httpPort(), messages, capture, regions, agent::status,
                    () -> db.isHealthy(2_000));
            web.start();
            Appliance appliance = new Appliance(config, db, capture, outbox, agent, web);
            if (config.syncOnStart()) {
                appliance.startSync();
            }
            log.info("kiosk {} started on port {} (broker {})", config.deviceId(), web.port(), config.brokerUrl());
            return appliance;
        } catch (Exception | Error e) {
            if (agent != null) {
                agent.close();
            }
            if (web != null) {
                try {
                    web.close();
                } catch (Exception stop) {
                    e.addSuppressed(stop);
                }
            }
            db.close();
            throw e;
        }
    }

    public ApplianceConfig config() {
        return config;
    }

    public int httpPort() {
        return web.port();
    }

    /** Starts sending the outbox to the hub; does nothing if already sending. */
    public void startSync() {
        agent.start();
    }

    /** Records captured but not yet acknowledged by the hub. */
    public long backlog() {
        return outbox.backlog();
    }

    /** What {@code GET /api/status} shows. */
    public SyncStatus status() {
        return agent.status();
    }

    /**
     * Captures a record by the same path as {@code POST /api/records}: validation, sealing and
     * one committed transaction.
     *
     * @throws CaptureRejected when the request is invalid (no seq is used)
     */
    public Captured capture(CaptureRequest request) {
        return capture.capture(request);
    }

    /** Stops the sync agent, then the web server, then the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        agent.close();
        try {
            web.close();
        } catch (Exception e) {
            log.warn("stopping the web server: {}", e.toString());
        }
        db.close();
        log.info("kiosk {} stopped", config.deviceId());
    }

    /** The build's version, or "dev" when run from an unpackaged build. */
    public static String version() {
        try (InputStream in = Appliance.class.getResourceAsStream("/appliance-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // Fall through to "dev".
        }
        return "dev";
    }
}
