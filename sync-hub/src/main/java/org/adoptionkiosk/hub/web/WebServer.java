package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.protocol.WireCodec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Clock;

/** The hub's Jetty server: dashboard page and JSON API. */
public final class WebServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private WebServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static WebServer start(int port, WireCodec codec, HealthCheck health, FiguresService figures,
                                  FleetService fleet, DeadLetterStore deadLetters, Clock clock) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("hub-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        server.addConnector(connector);
        HttpJson json = new HttpJson(codec);
        Texts texts = new Texts();
        server.setHandler(new ApiHandler(json, texts, health, figures, fleet, deadLetters, clock));
        server.setErrorHandler(new JsonErrorHandler(json, texts));
        // Requests in progress may be inside H2: let them finish rather than interrupt them.
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new WebServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
