package org.adoptionkiosk.appliance.web;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.appliance.event.EventRejected;
import org.adoptionkiosk.appliance.staff.StaffDesk;
import org.adoptionkiosk.appliance.staff.StaffGate;
import org.adoptionkiosk.appliance.staff.StaffSessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /staff/api/*}: the staff dashboard's sign-in and actions. A session cookie (HttpOnly,
 * SameSite=Strict) says who is signed in; every change must also carry the session's CSRF token in
 * {@code X-CSRF-Token} and come from this kiosk's own page. Errors name a {@code staff.error.*}
 * text, given in the staff member's language.
 */
final class StaffApiServlet extends ApiServlet {
    static final String COOKIE = "kiosk_staff";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int MAX_BODY = 4096;
    /** How much more of an oversized body is read and dropped; beyond it Jetty closes the connection. */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final StaffGate gate;
    private final StaffSessions sessions;
    private final StaffDesk desk;
    private final Clock clock;
    /** Names this kiosk's page is served under: loopback, and the address it was told to listen on. */
    private final Set<String> ownHosts;

    /** @param bindHost the address the kiosk's web server listens on (its page may be opened there too) */
    StaffApiServlet(Responses responses, StaffGate gate, StaffSessions sessions, StaffDesk desk, Clock clock,
                    String bindHost) {
        super(responses, Set.of("GET", "POST"));
        this.ownHosts = ownHosts(bindHost);
        this.gate = gate;
        this.sessions = sessions;
        this.desk = desk;
        this.clock = clock;
    }

    private static final Set<String> GETS = Set.of("/dashboard", "/figures.csv");
    private static final Set<String> POSTS = Set.of("/login", "/logout", "/alive", "/event", "/mode", "/sync",
            "/wipe", "/help/answer", "/simulate");

    @Override
    protected boolean exists(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path != null && (GETS.contains(path) || POSTS.contains(path));
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        boolean post = "POST".equals(request.getMethod());
        // Every POST body is read before any answer, whether the path uses it or not: Jetty commits a
        // JSON answer as soon as it is written, and a connection with unread body left on it is then
        // closed under a client that may already be sending its next request on it.
        byte[] raw = post ? read(request) : new byte[0];
        if (post != POSTS.contains(path)) {
            response.setHeader("Allow", post ? "GET" : "POST");
            staffError(response, request, 405, "method_not_allowed", null);
            return;
        }
        if (post && !sameOrigin(request)) {
            staffError(response, request, 403, "not_this_kiosk", null);
            return;
        }
        if (path.equals("/login")) {
            login(request, response, raw);
            return;
        }
        Optional<StaffSessions.Session> session = sessions.find(cookie(request));
        if (session.isEmpty()) {
            staffError(response, request, 401, "signed_out", null);
            return;
        }
        if (post && !StaffSessions.same(session.get().csrf(), request.getHeader(CSRF_HEADER))) {
            staffError(response, request, 403, "csrf", null);
            return;
        }
        if (post) {
            sessions.touch(session.get());
        }
        switch (path) {
            case "/dashboard" -> responses.json(response, 200, desk.dashboard());
            case "/figures.csv" -> csv(response);
            case "/logout" -> {
                sessions.close();
                expireCookie(response);
                response.setStatus(204);
            }
            case "/alive" -> response.setStatus(204);
            case "/event" -> setEvent(request, response, raw);
            case "/mode" -> {
                JsonNode body = body(request, raw);
                if (body == null || !body.path("office").isBoolean()) {
                    staffError(response, request, 400, "bad_request", "office");
                    return;
                }
                desk.setOfficeMode(body.get("office").asBoolean());
                responses.json(response, 200, desk.dashboard());
            }
            case "/sync" -> {
                desk.syncNow();
                response.setStatus(202);
            }
            case "/wipe" -> responses.json(response, 200, Map.of("wiped", desk.wipeSyncedPersonalData()));
            case "/help/answer" -> responses.json(response, 200, Map.of("answered", desk.answerHelp()));
            case "/simulate" -> {
                JsonNode body = body(request, raw);
                JsonNode what = body == null ? null : body.get("what");
                if (what == null || !what.isTextual()) {
                    staffError(response, request, 400, "bad_request", "what");
                    return;
                }
                if (!desk.simulate(what.asText())) {
                    staffError(response, request, 409, "not_simulated", "what");
                    return;
                }
                response.setStatus(204);
            }
            default -> staffError(response, request, 404, "not_found", null);
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response, byte[] raw) throws IOException {
        if (!gate.isSetUp()) {
            staffError(response, request, 409, "not_set_up", null);
            return;
        }
        JsonNode body = body(request, raw);
        String pin = body == null ? null : body.path("pin").asText(null);
        StaffGate.Outcome outcome = gate.attempt(pin);
        if (outcome.lockedUntil() != null) {
            long seconds = Math.max(1, Duration.between(clock.instant(), outcome.lockedUntil()).toSeconds() + 1);
            response.setHeader("Retry-After", Long.toString(seconds));
            Map<String, Object> answer = errorBody(request, "locked", Map.of("seconds", seconds));
            answer.put("lockedUntil", outcome.lockedUntil());
            answer.put("retryAfterSeconds", seconds);
            responses.json(response, 429, answer);
            return;
        }
        if (!outcome.ok()) {
            Map<String, Object> answer = errorBody(request, "wrong_pin", Map.of("tries", outcome.triesLeft()));
            answer.put("triesLeft", outcome.triesLeft());
            responses.json(response, 401, answer);
            return;
        }
        StaffSessions.Session s = sessions.open();
        Cookie cookie = new Cookie(COOKIE, s.token());
        cookie.setHttpOnly(true);
        cookie.setPath("/staff");
        cookie.setAttribute("SameSite", "Strict");
        cookie.setSecure(request.isSecure());
        response.addCookie(cookie);
        responses.json(response, 200, Map.of("csrf", s.csrf(), "idleSeconds", StaffSessions.IDLE_LIMIT.toSeconds()));
    }

    private void setEvent(HttpServletRequest request, HttpServletResponse response, byte[] raw) throws IOException {
        JsonNode body = body(request, raw);
        if (body == null) {
            staffError(response, request, 400, "bad_request", null);
            return;
        }
        LocalDate starts;
        LocalDate ends;
        try {
            starts = date(body, "startsOn");
            ends = date(body, "endsOn");
        } catch (DateTimeParseException e) {
            staffError(response, request, 400, "event_dates_invalid", "startsOn");
            return;
        }
        try {
            desk.setEvent(body.path("name").asText(null), body.path("venue").asText(null), starts, ends);
        } catch (EventRejected e) {
            staffError(response, request, 400, e.code(), e.field());
            return;
        }
        responses.json(response, 200, desk.dashboard());
    }

    private static LocalDate date(JsonNode body, String name) {
        String text = body.path(name).asText("");
        return text.isBlank() ? null : LocalDate.parse(text);
    }

    private void csv(HttpServletResponse response) throws IOException {
        byte[] bytes = desk.todayCsv().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/csv;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Disposition", "attachment; filename=\"kiosk-figures-"
                + LocalDate.now(clock) + ".csv\"");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * A change must come from this kiosk's own page: a browser always sends Origin with a POST made
     * by script, and it must be one of the kiosk's own origins, on the port the request really
     * came to. The Host header is the client's to choose (a DNS-rebinding page sends its own name
     * in both), so it proves nothing.
     */
    private boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String port = ":" + request.getLocalPort();
        for (String host : ownHosts) {
            if (origin.equals("http://" + host + port) || origin.equals("https://" + host + port)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> ownHosts(String bindHost) {
        Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
        if (bindHost != null && !bindHost.isBlank() && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            hosts.add(bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost);
        }
        return Set.copyOf(hosts);
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    private static void expireCookie(HttpServletResponse response) {
        Cookie gone = new Cookie(COOKIE, "");
        gone.setPath("/staff");
        gone.setMaxAge(0);
        gone.setHttpOnly(true);
        gone.setAttribute("SameSite", "Strict");
        response.addCookie(gone);
    }

    /** The body, up to one byte over the limit; what is beyond that is read and dropped (up to a limit). */
    private static byte[] read(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            in.skip(DRAIN_LIMIT);
            return bytes;
        }
    }

    /** The body as a JSON object, or null when it is not JSON, too long, not UTF-8 or not an object. */
    private JsonNode body(HttpServletRequest request, byte[] bytes) throws IOException {
        if (!RecordsServlet.isJson(request.getContentType()) || bytes.length > MAX_BODY || !Utf8.isValid(bytes)) {
            return null;
        }
        try {
            JsonNode node = responses.mapper().readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }

    private void staffError(HttpServletResponse response, HttpServletRequest request, int status, String code,
                            String field) throws IOException {
        Map<String, Object> body = errorBody(request, code, Map.of());
        if (field != null) {
            body.put("field", field);
        }
        responses.json(response, status, body);
    }

    /** {@code {"error": code, "message": …}} in the language the staff page asked for. */
    private Map<String, Object> errorBody(HttpServletRequest request, String code, Map<String, Object> params) {
        Messages messages = responses.messages();
        String text = messages.get(lang(request), "staff.error." + code);
        for (Map.Entry<String, Object> p : params.entrySet()) {
            text = text.replace("{" + p.getKey() + "}", String.valueOf(p.getValue()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", text);
        return body;
    }
}
