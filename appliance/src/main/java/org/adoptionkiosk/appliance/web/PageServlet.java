package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The kiosk page and its two assets, all from the jar (no CDN: a kiosk at a show may have no
 * internet). Every other path is a JSON 404.
 */
final class PageServlet extends ApiServlet {
    /** Script and style only from this server; no inline script, no framing. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> assets;

    PageServlet(Responses responses) {
        super(responses, Set.of("GET", "HEAD"));
        String page = PageTemplate.render(read("/web/index.html"), responses.messages());
        this.assets = Map.of(
                "/", new Asset(page.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8"),
                "/app.js", new Asset(read("/web/app.js").getBytes(StandardCharsets.UTF_8),
                        "text/javascript;charset=utf-8"),
                "/app.css", new Asset(read("/web/app.css").getBytes(StandardCharsets.UTF_8),
                        "text/css;charset=utf-8"));
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Asset asset = assets.get(request.getRequestURI());
        response.setStatus(200);
        response.setContentType(asset.contentType());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(asset.bytes().length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(asset.bytes());
            }
        }
    }

    /** A wrong method on one of the page's paths is 405; any other path is 404. */
    @Override
    protected boolean exists(HttpServletRequest request) {
        return assets.containsKey(request.getRequestURI());
    }

    private static String read(String resource) {
        try (InputStream in = PageServlet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
