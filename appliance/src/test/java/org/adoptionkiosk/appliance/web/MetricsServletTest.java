package org.adoptionkiosk.appliance.web;

import jakarta.servlet.DispatcherType;
import org.adoptionkiosk.appliance.capture.Messages;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} answers a connection made to a loopback address only, whatever address the
 * server listens on. A real Jetty listening on every address (as a kiosk started with
 * {@code --bind 0.0.0.0}) answers over 127.0.0.1; a connection whose local address is not loopback
 * gets a 404. That one comes through Jetty's in-process connector (its connections' local address
 * is 0.0.0.0): this workplace sends no test traffic to a non-loopback address, even the machine's own.
 */
class MetricsServletTest {
    private Server server;
    private ServerConnector wide;
    private LocalConnector elsewhere;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        wide = new ServerConnector(server);
        wide.setHost("0.0.0.0");
        wide.setPort(0);
        elsewhere = new LocalConnector(server);
        server.addConnector(wide);
        server.addConnector(elsewhere);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new CommonHeadersFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MetricsServlet(new Responses(Messages.load()),
                () -> "adoption_kiosk_broker_connected 1.0\n", "text/plain; version=0.0.4; charset=utf-8")),
                "/metrics");
        server.setHandler(context);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void answersOverLoopbackOnAServerListeningEverywhere() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + wide.getLocalPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("adoption_kiosk_broker_connected 1.0\n", r.body());
    }

    @Test
    void aConnectionToAnyOtherAddressFindsNothing() throws Exception {
        HttpTester.Response r = HttpTester.parseResponse(elsewhere.getResponse(
                "GET /metrics HTTP/1.1\r\nHost: kiosk.example\r\nConnection: close\r\n\r\n"));
        assertEquals(404, r.getStatus());
        assertFalse(r.getContent().contains("adoption_kiosk"), r.getContent());
        // Headers that claim loopback change nothing: the connection's own address decides.
        r = HttpTester.parseResponse(elsewhere.getResponse("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Forwarded-For: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\nConnection: close\r\n\r\n"));
        assertEquals(404, r.getStatus());
    }

    @Test
    void loopbackAddresses() {
        for (String a : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
            assertTrue(MetricsServlet.isLoopback(a), a);
        }
        for (String a : new String[] {"0.0.0.0", "::", "192.0.2.2", "10.0.0.5", "192.168.1.20", "fd00::2",
                "fe80::1%eth0", "localhost", "127.0.0.1.example.org", "", null}) {
            assertFalse(MetricsServlet.isLoopback(a), String.valueOf(a));
        }
    }
}
