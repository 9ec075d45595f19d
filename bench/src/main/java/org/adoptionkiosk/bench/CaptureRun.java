package org.adoptionkiosk.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** POST /api/records latency from concurrent clients, each waiting for its 201 before the next. */
final class CaptureRun {
    record Latency(double p50Millis, double p99Millis) {
    }

    private CaptureRun() {
    }

    static Latency run(int port, int requests, int clients, VisitorMix visitors) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/records");
        // Warm-up: JIT, connection pool, H2 caches; not measured.
        runClients(http, uri, Math.max(clients, Math.min(2_000, requests)), clients, visitors, 1_000_000);
        long[] nanos = runClients(http, uri, requests, clients, visitors, 0);
        Arrays.sort(nanos);
        return new Latency(percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6);
    }

    private static long[] runClients(HttpClient http, URI uri, int requests, int clients, VisitorMix visitors,
                                     int offset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int first = c;
                parts.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int n = first; n < requests; n += clients) {
                        HttpRequest request = HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(visitors.json(offset + n)))
                                .build();
                        long start = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("capture answered " + response.statusCode());
                        }
                        mine.add(took);
                    }
                    return mine.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> part : parts) {
                for (long v : part.get()) {
                    all.add(v);
                }
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            pool.shutdown();
        }
    }

    static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
