package org.adoptionkiosk.hub.metrics;

import org.adoptionkiosk.hub.HubConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's metrics listener: on loopback unless told otherwise, and {@code GET /metrics} its only answer. */
class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listensOnLoopbackByDefaultAndAnswersOnlyGetMetrics() throws Exception {
        try (MetricsServer server = MetricsServer.start(HubConfig.DEFAULT_METRICS_BIND, 0, () -> "up 1\n",
                HubMetrics.contentType())) {
            assertTrue(server.boundAddress().getAddress().isLoopbackAddress(), server.boundAddress().toString());
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build());
            assertEquals(200, r.statusCode());
            assertEquals("up 1\n", r.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(404, send(HttpRequest.newBuilder(URI.create(base + "/")).build()).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(URI.create(base + "/metrics/x")).build()).statusCode());
            assertEquals(405, send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode());
        }
    }

    @Test
    void aFailedScrapeIsA500NotAStackTrace() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, () -> {
            throw new IllegalStateException("secret detail");
        }, HubMetrics.contentType())) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build());
            assertEquals(500, r.statusCode());
            assertTrue(!r.body().contains("secret detail"), r.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
