package org.adoptionkiosk.appliance.web;

import jakarta.servlet.DispatcherType;
import org.adoptionkiosk.appliance.capture.CaptureService;
import org.adoptionkiosk.appliance.capture.CaptureValidator;
import org.adoptionkiosk.appliance.config.FormOptions;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.capture.PrivacyNotice;
import org.adoptionkiosk.appliance.device.HelpDesk;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.appliance.staff.StaffDesk;
import org.adoptionkiosk.appliance.staff.StaffGate;
import org.adoptionkiosk.appliance.staff.StaffSessions;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.appliance.sync.SyncStatus;
import org.adoptionkiosk.protocol.RegionMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The kiosk's Jetty: the page for the touchscreen and the JSON API behind it. */
public final class KioskWebServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /**
     * What the kiosk's pages and APIs serve.
     *
     * @param metrics            the text of {@code GET /metrics} (answered on loopback only)
     * @param metricsContentType its content type
     */
    public record Parts(Messages messages, CaptureService capture, RegionMap regions, PrivacyNotice privacy,
                        ScreenTimings screen, Supplier<SyncStatus> status, BooleanSupplier databaseHealthy,
                        StaffGate gate, StaffSessions sessions, StaffDesk desk, HelpDesk help, Clock clock,
                        String chartVersion, Supplier<FormOptions> formOptions, Supplier<String> metrics,
                        String metricsContentType) {
    }

    public KioskWebServer(String host, int port, Parts parts) throws IOException {
        // A kiosk has one browser on it: a small pool is plenty, and kind to a Pi (each thread is a stack).
        // One acceptor and one selector whatever the cores; no reserved threads kept spinning for bursts.
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("kiosk-http");
        threads.setReservedThreads(0);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        Messages messages = parts.messages();
        Responses responses = new Responses(messages);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new CommonHeadersFilter()), "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
        context.addServlet(new ServletHolder("records", new RecordsServlet(responses, parts.capture())), "/api/records");
        context.addServlet(new ServletHolder("status", new StatusServlet(responses, parts.status())), "/api/status");
        context.addServlet(new ServletHolder("regions", new RegionsServlet(responses, parts.regions())), "/api/regions");
        context.addServlet(new ServletHolder("help", new HelpServlet(responses, parts.help())), "/api/help");
        context.addServlet(new ServletHolder("form-options", new FormOptionsServlet(responses, parts.formOptions())),
                "/api/form-options");
        context.addServlet(new ServletHolder("health", new HealthServlet(responses, parts.databaseHealthy())),
                "/healthz");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(responses, parts.metrics(),
                parts.metricsContentType())), "/metrics");
        context.addServlet(new ServletHolder("staff", new StaffApiServlet(responses, parts.gate(), parts.sessions(),
                parts.desk(), parts.clock(), host)), "/staff/api/*");
        Map<String, Object> notice = parts.privacy().toJson(messages);
        context.addServlet(new ServletHolder("privacy", new PrivacyServlet(responses, notice)), "/api/privacy");
        Map<String, Object> pageData = new LinkedHashMap<>();
        pageData.put("texts", Map.of("cy", messages.texts(Lang.CY), "en", messages.texts(Lang.EN)));
        pageData.put("regions", parts.regions());
        pageData.put("privacy", notice);
        pageData.put("screen", parts.screen());
        pageData.put("staffIdleSeconds", StaffSessions.IDLE_LIMIT.toSeconds());
        pageData.put("limits", limits());
        Supplier<Map<String, Object>> liveData = () -> Map.of("formOptions", parts.formOptions().get());
        context.addServlet(new ServletHolder("page", new PageServlet(responses, pageData, liveData,
                parts.chartVersion())), "/");
        KioskErrorHandler errors = new KioskErrorHandler(responses);
        context.setErrorHandler(errors);
        server.setErrorHandler(errors);
        server.setHandler(context);
        server.setStopTimeout(3_000);
    }

    /**
     * The limits the pages guide people by (inputs' maxlength, the PIN pad, the event's days), from
     * the rules that enforce them, so no number is written twice.
     */
    static Map<String, Object> limits() {
        Map<String, Object> limits = new LinkedHashMap<>(DeviceConfig.limits());
        limits.put("staffPinMinDigits", PinHash.MIN_PIN_DIGITS);
        limits.put("staffPinMaxDigits", PinHash.MAX_PIN_DIGITS);
        limits.put("personalChars", CaptureValidator.ENQUIRY_PERSONAL);
        return limits;
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful when asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
