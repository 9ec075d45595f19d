package org.adoptionkiosk.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JSON-over-HTTP client for the kiosk's API (HTTP/1.1, no upgrade attempts, no retries). */
final class Http {
    record Reply(int status, JsonNode body, String text) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    Reply post(int port, String path, String json, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request);
    }

    Reply get(int port, String path, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout).GET().build();
        return send(request);
    }

    /** The body of a GET that must answer 200. */
    JsonNode getOk(int port, String path) throws IOException, InterruptedException {
        Reply reply = get(port, path, Duration.ofSeconds(5));
        if (reply.status() != 200) {
            throw new IOException("GET " + path + " answered " + reply.status() + ": " + reply.text());
        }
        return reply.body();
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(body);
        } catch (IOException notJson) {
            json = MAPPER.nullNode();
        }
        return new Reply(response.statusCode(), json, body);
    }
}
