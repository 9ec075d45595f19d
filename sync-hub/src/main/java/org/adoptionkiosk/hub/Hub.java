package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.broker.BrokerAccess;
import org.adoptionkiosk.hub.broker.EmbeddedBroker;
import org.adoptionkiosk.hub.figures.FigureCounts;
import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.routing.EnquiryRouting;
import org.adoptionkiosk.hub.routing.Router;
import org.adoptionkiosk.hub.fleet.ConfigPush;
import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.hub.ingest.Ingest;
import org.adoptionkiosk.hub.mqtt.BrokerClient;
import org.adoptionkiosk.hub.mqtt.PahoBrokerClient;
import org.adoptionkiosk.hub.ingest.RecordsIngest;
import org.adoptionkiosk.hub.ingest.StatusIngest;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.hub.registry.DeviceRegistry;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.DeviceStore;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.hub.store.JobRuns;
import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.hub.store.TransientRetry;
import org.adoptionkiosk.hub.accounts.LoginThrottle;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Sessions;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.followup.EnquiryStore;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.followup.Funnel;
import org.adoptionkiosk.hub.history.ReportedHistory;
import org.adoptionkiosk.hub.reports.Reports;
import org.adoptionkiosk.hub.keys.HubIdentity;
import org.adoptionkiosk.hub.mail.ArrivalMail;
import org.adoptionkiosk.hub.mail.Letters;
import org.adoptionkiosk.hub.mail.Mail;
import org.adoptionkiosk.hub.mail.MailJobs;
import org.adoptionkiosk.hub.mail.MailQueues;
import org.adoptionkiosk.hub.mail.MailScheduler;
import org.adoptionkiosk.hub.mail.MailSender;
import org.adoptionkiosk.hub.mail.Outbox;
import org.adoptionkiosk.hub.metrics.HubMetrics;
import org.adoptionkiosk.hub.metrics.MetricsServer;
import org.adoptionkiosk.hub.followup.OpenEnquiries;
import org.adoptionkiosk.hub.privacy.Erasure;
import org.adoptionkiosk.hub.privacy.PersonIndex;
import org.adoptionkiosk.hub.privacy.PersonalData;
import org.adoptionkiosk.hub.privacy.SubjectAccess;
import org.adoptionkiosk.hub.privacy.PrivacyJobs;
import org.adoptionkiosk.hub.web.ApiPages;
import org.adoptionkiosk.hub.web.EnquiryPages;
import org.adoptionkiosk.hub.web.MailPages;
import org.adoptionkiosk.hub.web.MeasurePages;
import org.adoptionkiosk.hub.web.FunnelPages;
import org.adoptionkiosk.hub.web.ReportPages;
import org.adoptionkiosk.hub.web.ReportPdf;
import org.adoptionkiosk.hub.web.PrivacyPages;
import org.adoptionkiosk.hub.web.AccessPages;
import org.adoptionkiosk.hub.web.AccessPdf;
import org.adoptionkiosk.hub.web.BuildInfo;
import org.adoptionkiosk.hub.web.DeadLetterPages;
import org.adoptionkiosk.hub.web.FleetPages;
import org.adoptionkiosk.hub.web.FiguresPages;
import org.adoptionkiosk.hub.web.HealthCheck;
import org.adoptionkiosk.hub.web.HttpJson;
import org.adoptionkiosk.hub.web.HtmlPdf;
import org.adoptionkiosk.hub.web.HubHandler;
import org.adoptionkiosk.hub.web.Pages;
import org.adoptionkiosk.hub.web.SignInPages;
import org.adoptionkiosk.hub.web.StaticAssets;
import org.adoptionkiosk.hub.web.PageTexts;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.hub.web.WebServer;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The running sync hub: store, keys, (embedded) broker, ingest and web server, wired together.
 * Start it with {@link #start(HubConfig)}; {@link #close()} stops everything.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** How long start waits for the first MQTT connection before carrying on reconnecting in the background. */
    private static final long FIRST_CONNECT_WAIT_MS = 10_000;

    private final HikariDataSource dataSource;
    private final SealingKeys keys;
    private final EmbeddedBroker broker;
    private final String brokerUrl;
    private final BrokerClient link;
    private final Ingest ingest;
    private final WebServer web;
    private final PrivacyJobs privacyJobs;
    private final ConfigPush configPush;
    private final Mail mail;
    private final MailJobs mailJobs;
    private final HubMetrics metrics;
    /** Null when no --metrics-port was given. */
    private final MetricsServer metricsServer;
    private boolean closed;

    private Hub(HikariDataSource dataSource, SealingKeys keys, EmbeddedBroker broker, String brokerUrl,
                BrokerClient link, Ingest ingest, WebServer web, PrivacyJobs privacyJobs, ConfigPush configPush,
                Mail mail, MailJobs mailJobs, HubMetrics metrics, MetricsServer metricsServer) {
        this.metrics = metrics;
        this.metricsServer = metricsServer;
        this.dataSource = dataSource;
        this.keys = keys;
        this.broker = broker;
        this.brokerUrl = brokerUrl;
        this.link = link;
        this.ingest = ingest;
        this.web = web;
        this.privacyJobs = privacyJobs;
        this.configPush = configPush;
        this.mail = mail;
        this.mailJobs = mailJobs;
    }

    public static Hub start(HubConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts with the given clock for the hub's own times (received_at, hubTime in acks, the
     * plausibility check, today's business year): tests pin it so dates do not depend on the day
     * they run.
     */
    public static Hub start(HubConfig config, Clock clock) throws Exception {
        if (config.help()) {
            throw new IllegalArgumentException("--help was asked for: nothing to start");
        }
        Path dir = config.dataDir();
        DataDirectory.createPrivate(dir);
        WireCodec codec = new WireCodec();
        RegionMap regions = config.regionsFile() == null ? RegionMap.wales(codec.mapper())
                : RegionMap.load(config.regionsFile(), codec.mapper());
        WorkingDays workingDays = config.bankHolidaysFile() == null ? WorkingDays.englandAndWales(codec.mapper())
                : WorkingDays.load(config.bankHolidaysFile(), codec.mapper());
        // Made before anything starts, so an unusable CA file stops the start with its reason.
        javax.net.SocketFactory sockets = config.brokerTls()
                .socketFactory(config.brokerUrl() == null ? "tcp://embedded" : config.brokerUrl());

        List<AutoCloseable> started = new ArrayList<>();
        try {
            HubMetrics metrics = new HubMetrics(dir, clock);
            started.add(metrics);
            HikariDataSource ds = HubDatabase.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
            started.add(ds);
            metrics.watchPool(ds);
            // The keys after the store: they must be the ones it was made with (made here only for a new store).
            HubIdentity.Keys identity = HubIdentity.open(ds, dir, config.keyPassphrase(), config.instanceId(), clock);
            SealingKeys keys = identity.sealing();
            SigningKeys signing = identity.signing();
            DeviceRegistry registry = new DeviceRegistry(ds);
            EmbeddedBroker broker = null;
            String brokerUrl = config.brokerUrl();
            String brokerUsername = config.brokerUsername();
            String brokerPassword = config.brokerPassword();
            if (config.embeddedBroker()) {
                // The hub's own credential at its broker: made for this run, in memory only.
                brokerUsername = BrokerAccess.HUB_USER;
                brokerPassword = BrokerAccess.newPassword(new SecureRandom());
                broker = EmbeddedBroker.start(config.mqttBind(), config.mqttPort(), dir.resolve("broker"),
                        new BrokerAccess(brokerPassword, registry::brokerPasswordHash));
                started.add(broker);
                brokerUrl = "tcp://" + reachableHost(config.mqttBind()) + ":" + broker.port();
            }
            DeviceStore devices = new DeviceStore(ds);
            DeadLetterStore deadLetters = new DeadLetterStore(ds);
            Router router = new Router(regions);
            Texts texts = new Texts();
            // The arrival email is written in the transaction that stores (and, just before, routes) the enquiry.
            MailQueues mailQueues = new MailQueues(regions);
            Letters letters = new Letters(regions, texts::get, config.mail().publicUrl());
            RecordStore records = new RecordStore(ds, codec, devices, deadLetters, clock,
                    List.of(new FigureCounts(), new EnquiryRouting(router, workingDays),
                            new ArrivalMail(mailQueues, letters, clock)));
            // An external broker may serve several hub instances: they split the records between them.
            String recordsFilter = config.embeddedBroker() ? Topics.RECORDS_ALL : Topics.RECORDS_SHARED;
            PahoBrokerClient link = new PahoBrokerClient(brokerUrl, "hub-" + config.instanceId(), brokerUsername,
                    brokerPassword, List.of(recordsFilter, Topics.STATUS_ALL), sockets);
            // Configs pushed from the fleet pages are published from here, and again once the link is back.
            AuditLog audit = new AuditLog(ds, clock);
            ConfigPush configPush = new ConfigPush(ds, codec, link, audit, clock, signing);
            started.add(configPush);
            // Deadlocks, lock timeouts and lost connections are tried again, never dead-lettered.
            TransientRetry retry = new TransientRetry();
            Ingest ingest = new Ingest(new RecordsIngest(codec, records, deadLetters, link, clock, registry, retry, signing,
                    metrics.ingestEvents()),
                    new StatusIngest(codec, devices, deadLetters, clock, registry, retry, metrics.ingestEvents()));
            metrics.watchIngest(ingest::backlog, link::isConnected);
            metrics.watchStore(new FleetService(ds), new OpenEnquiries(ds, regions, clock),
                    new FiveDayMeasure(ds, regions, clock));
            HttpJson json = new HttpJson(codec);
            Mail mail = new Mail(config.mail(), mailQueues, new Outbox(ds), new MailSender(ds, config.mail(), clock),
                    new MailScheduler(ds, mailQueues, letters, workingDays, clock, config.mail().hour()));
            if (!mail.on()) {
                log.info("mail is off (no --smtp-host): follow-up emails wait in the outbox");
            }
            PersonIndex personIndex = new PersonIndex(ds, keys, identity.index(), codec, clock);
            Erasure erasure = new Erasure(ds, personIndex, audit, clock, Duration.ofDays(config.retentionDays()));
            WebServer web = WebServer.start(config.httpPort(), dashboard(ds, codec, regions, link, keys, audit,
                    erasure, deadLetters, clock, configPush, texts, json, mail), json, texts, config.trustProxy());
            started.add(web);
            MailJobs mailJobs = MailJobs.start(mail.sender(), mail.scheduler());
            started.add(mailJobs);
            MetricsServer metricsServer = config.metricsPort() == null ? null
                    : MetricsServer.start(config.metricsBind(), config.metricsPort(), metrics::scrape,
                            HubMetrics.contentType());
            if (metricsServer != null) {
                started.add(metricsServer);
            }
            PrivacyJobs privacyJobs = PrivacyJobs.start(personIndex, erasure,
                    new JobRuns(ds, clock, config.instanceId()));
            started.add(privacyJobs);
            started.add(ingest);
            started.add(link);
            if (!link.start(ingest, FIRST_CONNECT_WAIT_MS)) {
                log.warn("MQTT broker {} not reachable yet; the hub keeps trying", brokerUrl);
            }
            return new Hub(ds, keys, broker, brokerUrl, link, ingest, web, privacyJobs, configPush, mail, mailJobs,
                    metrics, metricsServer);
        } catch (Exception | Error e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The dashboard and API: every page and who may open it. */
    private static HubHandler dashboard(HikariDataSource ds, WireCodec codec, RegionMap regions, PahoBrokerClient link,
                                        SealingKeys keys, AuditLog audit, Erasure erasure,
                                        DeadLetterStore deadLetters, Clock clock, ConfigPush configPush,
                                        Texts texts, HttpJson json, Mail mail) {
        SecureRandom random = new SecureRandom();
        UserStore users = new UserStore(ds);
        Sessions sessions = new Sessions(ds, clock, random);
        FleetService fleet = new FleetService(ds);
        EnquiryStore enquiries = new EnquiryStore(ds, audit, clock);
        HubHandler handler = new HubHandler(sessions, texts, new Pages(), json,
                new StaticAssets(BuildInfo.load().chartVersion()), (user, t) -> scopeName(regions, user, t),
                enquiries::dueCounts, random);
        new SignInPages(users, new Passwords(random), sessions, new LoginThrottle(ds, clock), audit, clock)
                .register(handler);
        FiguresService figuresService = new FiguresService(ds, regions, texts::get);
        new FiguresPages(figuresService, json, clock).register(handler);
        new ApiPages(json, new HealthCheck(ds, link::isConnected), fleet, deadLetters).register(handler);
        new EnquiryPages(enquiries, new PersonalData(keys, codec, audit), regions, clock,
                codec.mapper(), mail).register(handler);
        FiveDayMeasure measure = new FiveDayMeasure(ds, regions, clock);
        new MeasurePages(measure, figuresService, clock).register(handler);
        HtmlPdf pdf = new HtmlPdf();
        Funnel funnel = new Funnel(ds, regions, texts::get, clock);
        new FunnelPages(funnel, figuresService, json, clock).register(handler);
        new ReportPages(new Reports(figuresService, measure, funnel, new ReportedHistory(ds), clock),
                new ReportPdf(new Pages(), pdf), texts).register(handler);
        new PrivacyPages(erasure, audit).register(handler);
        new AccessPages(new SubjectAccess(ds, erasure, keys, codec, audit, clock), new AccessPdf(new Pages(), pdf),
                codec.mapper(), regions).register(handler);
        new FleetPages(fleet, configPush, regions, clock).register(handler);
        new DeadLetterPages(deadLetters, audit).register(handler);
        new MailPages(mail).register(handler);
        return handler;
    }

    private static String scopeName(RegionMap regions, User user, PageTexts t) {
        if (user.scopeId() == null) {
            return null;
        }
        if (Route.AGENCY.equals(user.scopeKind())) {
            return regions.agency(user.scopeId()).map(a -> t.name(a.name())).orElse(user.scopeId());
        }
        return regions.region(user.scopeId()).map(r -> t.name(r.name())).orElse(user.scopeId());
    }

    /** The embedded broker is reached on loopback unless it was bound to one specific address. */
    private static String reachableHost(String bind) {
        if (bind == null || bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "127.0.0.1";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    public int httpPort() {
        return web.port();
    }

    /** The port of {@code /metrics}; only when the hub was started with {@code --metrics-port}. */
    public int metricsPort() {
        if (metricsServer == null) {
            throw new IllegalStateException("no /metrics listener: the hub was started without --metrics-port");
        }
        return metricsServer.port();
    }

    /** Where kiosks should connect: the embedded broker's URL, or the external one given. */
    public String brokerUrl() {
        return brokerUrl;
    }

    public Path publicKeyFile() {
        return keys.publicKeyFile();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The follow-up mail: its outbox, and its sender and scheduler, which a test may run at once. */
    public Mail mail() {
        return mail;
    }

    /** Opens a record's sealed personal part (base64 HPKE ciphertext, bound to the record id). */
    public byte[] openSealed(String sealedBase64, UUID recordId) throws GeneralSecurityException {
        return keys.open(sealedBase64, recordId);
    }

    /** Stops taking messages first, then the web servers, the broker, the database and last the meters. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            configPush.close();
            link.close();
            ingest.close();
            try {
                web.close();
            } catch (Exception e) {
                log.warn("web server stop: {}", e.getMessage());
            }
            if (metricsServer != null) {
                try {
                    metricsServer.close();
                } catch (Exception e) {
                    log.warn("metrics server stop: {}", e.getMessage());
                }
            }
            privacyJobs.close();
            mailJobs.close();
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                try {
                    dataSource.close();
                } finally {
                    metrics.close();
                }
            }
        }
    }
}
