package org.adoptionkiosk.hub.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's own style sheet and script, and Chart.js from its webjar: all served by the hub,
 * read once at start, so the dashboard needs no internet and no CDN.
 */
public final class StaticAssets {
    private record Asset(byte[] bytes, String type) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    /** @param chartVersion the Chart.js webjar's version, for its path in the jar */
    public StaticAssets(String chartVersion) {
        add("/static/hub.css", "/org/adoptionkiosk/hub/web/static/hub.css", "text/css; charset=utf-8");
        add("/static/hub.js", "/org/adoptionkiosk/hub/web/static/hub.js", "text/javascript; charset=utf-8");
        add("/static/chart.umd.js", "/META-INF/resources/webjars/chart.js/" + chartVersion + "/dist/chart.umd.js",
                "text/javascript; charset=utf-8");
    }

    private void add(String path, String resource, String type) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            assets.put(path, new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers a GET of an asset; false when the path is not one. */
    boolean serve(String path, Response response, Callback callback) {
        Asset a = assets.get(path);
        if (a == null) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.type());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
        response.write(true, ByteBuffer.wrap(a.bytes()), callback);
        return true;
    }
}
