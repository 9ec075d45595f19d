package org.adoptionkiosk.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-in client of the hub's dashboard and API, as a browser would be: it keeps the cookies,
 * signs in through the real form (with its pre-sign-in CSRF token), and sends the session's CSRF
 * token with every change.
 */
public final class HubSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private String csrf;

    private HubSession(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A client that has not signed in. */
    public static HubSession anonymous(int port) {
        return new HubSession("http://127.0.0.1:" + port);
    }

    /** Signs in; fails with the hub's answer when it refuses. */
    public static HubSession signIn(int port, String username, String password) throws IOException {
        HubSession s = anonymous(port);
        HttpResponse<String> r = s.tryToSignIn(username, password);
        if (r.statusCode() != 303) {
            throw new IOException("sign-in as " + username + " answered " + r.statusCode());
        }
        return s;
    }

    /** Posts the sign-in form and returns the hub's answer (303 when signed in). */
    public HttpResponse<String> tryToSignIn(String username, String password) throws IOException {
        get("/login");
        String pre = cookie("hub_pre");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", pre == null ? "" : pre);
        form.put("username", username);
        form.put("password", password);
        form.put("next", "/figures");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
        csrf = null;
        return r;
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    /** A GET whose answer is taken as bytes (a PDF, say). */
    public HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Posts a form with this session's CSRF token added. */
    public HttpResponse<String> post(String path, Map<String, String> fields) throws IOException {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.putIfAbsent("csrf", csrf());
        return postRaw(path, form);
    }

    /** Posts a form with this session's CSRF token added, and takes the answer as bytes (a PDF, say). */
    public HttpResponse<byte[]> postForBytes(String path, Map<String, String> fields) throws IOException {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.putIfAbsent("csrf", csrf());
        try {
            return client.send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Posts exactly these fields, with no CSRF token added. */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields) throws IOException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build());
    }

    /** The session's CSRF token, read from a page's forms. */
    public String csrf() throws IOException {
        if (csrf == null) {
            Matcher m = CSRF.matcher(get("/figures").body());
            if (!m.find()) {
                throw new IOException("no CSRF token on /figures: not signed in?");
            }
            csrf = m.group(1);
        }
        return csrf;
    }

    /** A cookie this client holds for the hub, or null. */
    public String cookie(String name) {
        for (HttpCookie c : cookies.getCookieStore().get(URI.create(base))) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private static String encode(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
