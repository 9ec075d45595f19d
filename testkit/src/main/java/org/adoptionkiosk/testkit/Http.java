package org.adoptionkiosk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JSON-over-HTTP client for the kiosk's API on loopback (HTTP/1.1, no upgrade attempts, no retries). */
public final class Http {
    /** An answer: its status, its body as JSON (a null node when empty or not JSON) and as text. */
    public record Reply(int status, JsonNode body, String text) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    public Reply post(int port, String path, String json, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(port, path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request);
    }

    public Reply get(int port, String path, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(timeout).GET().build());
    }

    /** The body of a GET that must answer 200 within 5 s. */
    public JsonNode getOk(int port, String path) throws IOException, InterruptedException {
        Reply reply = get(port, path, Duration.ofSeconds(5));
        if (reply.status() != 200) {
            throw new IOException("GET " + path + " answered " + reply.status() + ": " + reply.text());
        }
        return reply.body();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
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
