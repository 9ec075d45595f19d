package org.adoptionkiosk.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.RealServices;
import org.adoptionkiosk.testkit.Started;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Prometheus (Debian's, on loopback) scrapes a real hub's {@code /metrics} with the shipped
 * rules loaded: the target is up, and a batch the hub cannot read makes {@code DeadLettersRising}
 * fire with its reason code. Skipped where Prometheus is not installed; required in CI
 * ({@code -Dit.require.services=true}: {@code .ci/run} installs the {@code prometheus} package).
 */
class PrometheusScrapeIT {
    @RegisterExtension
    final Started<HubFixture> hub = Started.perTest(HubFixture::new);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRealPrometheusScrapesTheHubAndTheRulesFire(@TempDir Path tmp) throws Exception {
        Path prometheus = RealServices.program("prometheus", "/usr/bin/prometheus");
        int port = freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: adoption-hub
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(HubAlertRulesTest.RULES.toAbsolutePath(), hub.get().hub.metricsPort()));
        Path log = tmp.resolve("prometheus.log");
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1/";
            Await.atMost(Duration.ofSeconds(60)).showing(() -> tail(log)).until("the hub scraped and up",
                    () -> value(api, "up{job=\"adoption-hub\"}") == 1);
            assertEquals(0, value(api, "sum(adoption_hub_dead_letters_total)"));

            String d = "kiosk-prometheus";
            hub.get().as(d).publish(Topics.records(d), "{not a batch".getBytes(StandardCharsets.UTF_8));
            Await.atMost(Duration.ofSeconds(60)).showing(() -> tail(log)).until("DeadLettersRising firing",
                    () -> firing(api).contains("DeadLettersRising/unreadable"));
        } finally {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The one sample's value of an instant query; NaN while there is none. */
    private double value(String api, String query) throws Exception {
        JsonNode result = get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("data").path("result");
        return result.size() == 1 ? result.get(0).path("value").get(1).asDouble() : Double.NaN;
    }

    /** The firing alerts as name/reason. */
    private List<String> firing(String api) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode a : get(api + "alerts").path("data").path("alerts")) {
            if ("firing".equals(a.path("state").asText())) {
                out.add(a.path("labels").path("alertname").asText() + "/" + a.path("labels").path("reason").asText());
            }
        }
        return out;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return hub.get().codec.mapper().readTree(r.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
