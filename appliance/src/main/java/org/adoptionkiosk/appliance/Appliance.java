package org.adoptionkiosk.appliance;

import org.adoptionkiosk.appliance.capture.CaptureRejected;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.CaptureService;
import org.adoptionkiosk.appliance.capture.CaptureValidator;
import org.adoptionkiosk.appliance.capture.Captured;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.appliance.config.PushedConfig;
import org.adoptionkiosk.appliance.device.Footfall;
import org.adoptionkiosk.appliance.device.HelpDesk;
import org.adoptionkiosk.appliance.device.KioskHardware;
import org.adoptionkiosk.appliance.device.LightPolicy;
import org.adoptionkiosk.appliance.event.EventStore;
import org.adoptionkiosk.appliance.event.KioskEvent;
import org.adoptionkiosk.appliance.figures.DayFigures;
import org.adoptionkiosk.appliance.figures.KioskFigures;
import org.adoptionkiosk.appliance.metrics.KioskMetrics;
import org.adoptionkiosk.appliance.retention.Retention;
import org.adoptionkiosk.appliance.staff.StaffDesk;
import org.adoptionkiosk.appliance.staff.StaffGate;
import org.adoptionkiosk.appliance.staff.StaffSessions;
import org.adoptionkiosk.appliance.sync.KioskState;
import org.adoptionkiosk.hardware.Board;
import org.adoptionkiosk.hardware.Boards;
import org.adoptionkiosk.hardware.Pins;
import org.adoptionkiosk.hardware.Screen;
import org.adoptionkiosk.hardware.SimulatedBoard;
import org.adoptionkiosk.hardware.SysfsBacklight;
import org.adoptionkiosk.appliance.outbox.Outbox;
import com.google.crypto.tink.PublicKeyVerify;
import org.adoptionkiosk.appliance.sealing.HubSigningKey;
import org.adoptionkiosk.appliance.sealing.Sealer;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.CaptureWriter;
import org.adoptionkiosk.appliance.sync.Backoff;
import org.adoptionkiosk.appliance.sync.DeviceHealth;
import org.adoptionkiosk.appliance.sync.MqttLink;
import org.adoptionkiosk.appliance.sync.PahoLink;
import org.adoptionkiosk.appliance.sync.SyncAgent;
import org.adoptionkiosk.appliance.sync.SyncStatus;
import org.adoptionkiosk.appliance.web.KioskWebServer;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
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
    private final PushedConfig pushedConfig;
    private final Retention retention;
    private final KioskHardware hardware;
    private final KioskWebServer web;
    private boolean closed;

    private Appliance(ApplianceConfig config, Database db, CaptureService capture, Outbox outbox, SyncAgent agent,
                      PushedConfig pushedConfig, Retention retention, KioskHardware hardware, KioskWebServer web) {
        this.config = config;
        this.db = db;
        this.capture = capture;
        this.outbox = outbox;
        this.agent = agent;
        this.pushedConfig = pushedConfig;
        this.retention = retention;
        this.hardware = hardware;
        this.web = web;
    }

    /**
     * Opens the database, loads the hub key and regions, starts the web server, and the sync agent
     * unless {@code config.syncOnStart()} is false. A broker that cannot be reached is not an
     * error: capture works without one and the agent keeps trying.
     */
    public static Appliance start(ApplianceConfig config) throws Exception {
        // Built once, so a CA or client key that cannot be used stops the start with its reason.
        SocketFactory sockets = config.brokerTls().socketFactory(config.brokerUrl());
        return start(config, listener -> new PahoLink(config.brokerUrl(), config.deviceId(),
                config.brokerUsername(), config.brokerPassword(), LINK_TIMEOUT_MILLIS, sockets, listener));
    }

    /**
     * As {@link #start(ApplianceConfig)}, with the MQTT link made by {@code links} (once per
     * connection attempt) instead of Paho: a test's stand-in for the broker and the hub.
     */
    public static Appliance start(ApplianceConfig config, Function<MqttLink.Listener, MqttLink> links)
            throws Exception {
        WireCodec codec = new WireCodec();
        Sealer sealer = Sealer.fromFile(config.hubKeyFile());
        PublicKeyVerify hubSignature = HubSigningKey.besidesSealingKey(config.hubKeyFile());
        RegionMap regions = config.regionsFile() == null
                ? RegionMap.wales(codec.mapper())
                : RegionMap.load(config.regionsFile(), codec.mapper());
        // parse() checked these for the command line; a config made in code is checked here.
        String region = ApplianceConfig.placeIn(regions, config.region(), config.site());
        Messages messages = Messages.load();
        PrivacyNotice privacy = PrivacyNotice.load(messages);
        String version = version();
        UUID bootId = UUID.randomUUID();
        long bootNanos = System.nanoTime();
        Clock clock = Clock.systemUTC();

        Database db = Database.open(config.dataDir());
        SyncAgent agent = null;
        Retention retention = null;
        KioskHardware hardware = null;
        KioskWebServer web = null;
        try {
            Outbox outbox = new Outbox(db, codec, config.deviceId(), bootId);
            EventStore events = new EventStore(db, clock, config.eventId());
            PushedConfig pushedConfig = new PushedConfig(db, events, codec, config.staffPinHash());
            HelpDesk help = new HelpDesk(db, clock);
            KioskFigures figures = new KioskFigures(db, clock, ZoneId.systemDefault());
            DeviceHealth health = new DeviceHealth(config.dataDir(), DeviceHealth.PI_THERMAL_ZONE);
            SyncAgent.Settings settings = new SyncAgent.Settings(config.deviceId(), config.batchSize(),
                    config.ackTimeoutMillis(), config.statusIntervalMillis(), version, region, config.site(), config.syncWindow());
            agent = new SyncAgent(settings, outbox, codec, links, Backoff.reconnect(RandomGenerator.getDefault()),
                    clock, health, () -> kioskState(events, help, figures, pushedConfig), pushedConfig,
                    hubSignature);
            retention = new Retention(outbox, clock, pushedConfig::retentionDays);
            retention.start();
            SyncAgent sync = agent;
            KioskMetrics metrics = new KioskMetrics(sync::status, sync);
            Board board = Boards.open(config.hardware(), config.pins() == null ? Pins.DEFAULTS : Pins.parse(config.pins()));
            hardware = new KioskHardware(board, board instanceof SimulatedBoard ? Screen.NONE : SysfsBacklight.system(),
                    help, new Footfall(db, clock), new LightPolicy(), sync::isConnected, outbox::backlog,
                    health::diskFreeBytes, clock);
            hardware.start();
            CaptureService capture = new CaptureService(new CaptureValidator(regions, messages, privacy.version()),
                    sealer, new CaptureWriter(db), codec.mapper(), clock, bootId, bootNanos, events::currentEventId,
                    pushedConfig::formOptions, type -> {
                        sync.workAvailable();
                        metrics.captured(type);
                    }, agent::clockOffsetMillis);
            StaffDesk desk = new StaffDesk(config.deviceId(), version, bootNanos, events, figures, agent, outbox,
                    health, help, hardware, pushedConfig);
            web = new KioskWebServer(config.bindHost(), config.httpPort(), new KioskWebServer.Parts(messages, capture,
                    regions, privacy, config.screen(), agent::status, () -> db.isHealthy(2_000),
                    new StaffGate(db, clock, pushedConfig::staffPinHash), new StaffSessions(clock, new SecureRandom()),
                    desk, help, clock, chartVersion(), pushedConfig::formOptions, metrics::scrape,
                    KioskMetrics.contentType()));
            web.start();
            Appliance appliance = new Appliance(config, db, capture, outbox, agent, pushedConfig, retention, hardware,
                    web);
            if (config.syncOnStart()) {
                appliance.startSync();
            }
            log.info("kiosk {} started on port {} (broker {}, {} board)", config.deviceId(), web.port(),
                    config.brokerUrl(), board.kind());
            return appliance;
        } catch (Exception | Error e) {
            if (agent != null) {
                agent.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (web != null) {
                try {
                    web.close();
                } catch (Exception stop) {
                    e.addSuppressed(stop);
                }
            }
            if (hardware != null) {
                hardware.close();
            }
            db.close();
            throw e;
        }
    }

    /** The event, mode, hardware news and hub config the status to the hub carries. */
    private static KioskState kioskState(EventStore events, HelpDesk help, KioskFigures figures, PushedConfig hub) {
        EventStore.Current current = events.current();
        // The event records carry (none in office mode), and its footfall as the staff dashboard counts it.
        KioskEvent event = current.eventId() == null ? null : current.event();
        HelpDesk.Summary h = help.summary();
        DayFigures day = figures.today(event);
        return new KioskState(current.eventId(), current.officeMode(), h.open(), h.lastRequestedAt(),
                day.today().footfall(), event == null ? null : event.name(), event == null ? null : event.venue(),
                day.event() == null ? null : (long) day.event().footfall(), hub.state().version(), hub.statusError());
    }

    public ApplianceConfig config() {
        return config;
    }

    public int httpPort() {
        return web.port();
    }

    /** The status light, help button and motion sensor at work (the simulated board in tests). */
    public KioskHardware hardware() {
        return hardware;
    }

    /** Starts sending the outbox to the hub; does nothing if already sending. */
    public void startSync() {
        agent.start();
    }

    /**
     * Applies a config message as the sync agent does when one comes from the hub (which also
     * publishes the status): for a kiosk whose agent is not running, such as a test's.
     */
    public void applyHubConfig(byte[] payload) {
        pushedConfig.arrived(payload);
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

    /** Stops the sync agent, the web server, the retention timer and the hardware, then the database. Idempotent. */
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
        retention.close();
        hardware.close();
        db.close();
        log.info("kiosk {} stopped", config.deviceId());
    }

    /** The build's version, or "dev" when run from an unpackaged build. */
    public static String version() {
        return buildProperty("version", "dev");
    }

    /** The Chart.js webjar's version (its files' path in the jar). */
    static String chartVersion() {
        String v = buildProperty("chartjs", null);
        if (v == null) {
            throw new IllegalStateException("appliance-version.properties names no Chart.js version");
        }
        return v;
    }

    private static String buildProperty(String name, String fallback) {
        try (InputStream in = Appliance.class.getResourceAsStream("/appliance-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty(name);
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // Fall through.
        }
        return fallback;
    }
}
