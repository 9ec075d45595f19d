package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The kiosk page and its assets, all from the jar (no CDN: a kiosk at a show may have no
 * internet). Every other path is a JSON 404. The page carries what its script needs (texts in
 * both languages, councils and agencies, the privacy notice, the idle timings, and the settings the
 * hub may change, read at each request: the form options) as a JSON data block, so the screens work
 * without another request.
 */
final class PageServlet extends ApiServlet {
    /** Script and style only from this server; no inline script, no framing. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private record Asset(byte[] bytes, String contentType) {
    }

    /** A page in two halves around its data block, which is written at each request. */
    private record Page(String before, String after) {
    }

    /** The script modules and style sheets, served as they are in the jar. */
    private static final List<String> FILES = List.of("kiosk.js", "keyboard.js", "idle.js", "texts.js",
            "checks.js", "lockdown.js", "kiosk.css", "staff.js", "staff.css");
    static final String DATA_PLACEHOLDER = "<!--KIOSK-DATA-->";

    private final Map<String, Asset> assets = new HashMap<>();
    private final Map<String, Page> pages = new HashMap<>();
    private final Map<String, Object> pageData;
    private final Supplier<Map<String, Object>> liveData;

    /**
     * @param pageData     what the pages' scripts read from their data block, the same for every request
     * @param liveData     what they read that may change while the kiosk runs; quick, no personal data
     * @param chartVersion the Chart.js webjar's version, for its path in the jar
     */
    PageServlet(Responses responses, Map<String, Object> pageData, Supplier<Map<String, Object>> liveData,
                String chartVersion) throws IOException {
        super(responses, Set.of("GET", "HEAD"));
        this.pageData = Map.copyOf(pageData);
        this.liveData = liveData;
        page("/", "/web/index.html", responses);
        page("/staff", "/web/staff.html", responses);
        for (String file : FILES) {
            String type = file.endsWith(".css") ? "text/css;charset=utf-8" : "text/javascript;charset=utf-8";
            assets.put("/" + file, new Asset(read("/web/" + file).getBytes(StandardCharsets.UTF_8), type));
        }
        assets.put("/vendor/chart.umd.js", new Asset(read("/META-INF/resources/webjars/chart.js/" + chartVersion
                + "/dist/chart.umd.js").getBytes(StandardCharsets.UTF_8), "text/javascript;charset=utf-8"));
    }

    private void page(String path, String template, Responses responses) {
        String html = PageTemplate.render(read(template), responses.messages());
        int at = html.indexOf(DATA_PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException(template + " has no " + DATA_PLACEHOLDER);
        }
        pages.put(path, new Page(html.substring(0, at), html.substring(at + DATA_PLACEHOLDER.length())));
    }

    private Asset render(Page page) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>(pageData);
        data.putAll(liveData.get());
        String html = page.before() + dataBlock(responses.mapper().writeValueAsString(data)) + page.after();
        return new Asset(html.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8");
    }

    /** JSON inside a script element must never close it: every '<' becomes its JSON escape. */
    static String dataBlock(String json) {
        return json.replace("<", "\\u003c");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Page page = pages.get(request.getRequestURI());
        Asset asset = page != null ? render(page) : assets.get(request.getRequestURI());
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
        return assets.containsKey(request.getRequestURI()) || pages.containsKey(request.getRequestURI());
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
