package org.adoptionkiosk.hub.metrics;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The hub's {@code GET /metrics}, on a listener of its own (by default on 127.0.0.1): not the
 * dashboard's port, so it needs no session, and a reverse proxy in front of the dashboard never
 * passes it on by accident. It answers nothing else.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    public static final String PATH = "/metrics";

    private final Server server;
    private final ServerConnector connector;

    private MetricsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening on {@code host}:{@code port} (port 0: any free port).
     *
     * @param scrape the text to answer with, made at each request
     */
    public static MetricsServer start(String host, int port, Supplier<String> scrape, String contentType)
            throws Exception {
        // A scrape every few seconds from one Prometheus or two: a handful of threads is plenty.
        QueuedThreadPool threads = new QueuedThreadPool(6, 1);
        threads.setName("hub-metrics");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!PATH.equals(Request.getPathInContext(request))) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                String method = request.getMethod();
                if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                    Response.writeError(request, response, callback, 405);
                    return true;
                }
                byte[] body;
                try {
                    body = scrape.get().getBytes(StandardCharsets.UTF_8);
                } catch (RuntimeException e) {
                    log.warn("metrics scrape failed: {}", e.getClass().getName());
                    Response.writeError(request, response, callback, 500);
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.write(true, HttpMethod.HEAD.is(method) ? null : ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new MetricsServer(server, connector);
    }

    /** The port actually bound (useful when asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The address and port the listening socket is bound to. */
    public InetSocketAddress boundAddress() throws IOException {
        return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
