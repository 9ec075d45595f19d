package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/** The hub's HTTP routes. Every answer is JSON except the home page; no stack trace ever leaves. */
final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final Set<String> PATHS = Set.of("/", "/healthz", "/api/figures", "/api/devices",
            "/api/dead-letters");
    private static final int MAX_LIMIT = 1000;

    private final HttpJson json;
    private final Texts texts;
    private final HomePage home;
    private final HealthCheck health;
    private final FiguresService figures;
    private final FleetService fleet;
    private final DeadLetterStore deadLetters;
    private final Clock clock;

    ApiHandler(HttpJson json, Texts texts, HealthCheck health, FiguresService figures, FleetService fleet,
               DeadLetterStore deadLetters, Clock clock) {
        this.json = json;
        this.texts = texts;
        this.home = new HomePage(texts);
        this.health = health;
        this.figures = figures;
        this.fleet = fleet;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        try {
            if (!PATHS.contains(path)) {
                error(response, callback, 404, "not_found", "error.not_found");
                return true;
            }
            if (!HttpMethod.GET.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                error(response, callback, 405, "method_not_allowed", "error.method_not_allowed");
                return true;
            }
            Fields query = Request.extractQueryParameters(request);
            switch (path) {
                case "/" -> sendHome(response, callback);
                case "/healthz" -> {
                    HealthCheck.Health h = health.check();
                    json.send(response, callback, h.ok() ? 200 : 503, h);
                }
                case "/api/figures" -> sendFigures(query, response, callback);
                case "/api/devices" -> json.send(response, callback, 200, Map.of("devices", fleet.devices()));
                case "/api/dead-letters" -> sendDeadLetters(query, response, callback);
                default -> error(response, callback, 404, "not_found", "error.not_found");
            }
        } catch (SQLException e) {
            log.warn("{} failed: database error (SQL state {})", path, e.getSQLState());
            error(response, callback, 503, "database_unavailable", "error.database_unavailable");
        } catch (RuntimeException e) {
            log.error("{} failed: {}", path, e.getClass().getName());
            error(response, callback, 500, "internal", "error.internal");
        }
        return true;
    }

    private void sendHome(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(home.html()), callback);
    }

    private void sendFigures(Fields query, Response response, Callback callback) throws SQLException {
        Period period;
        try {
            LocalDate today = clock.instant().atZone(org.adoptionkiosk.hub.store.RecordTiming.FIGURES_ZONE)
                    .toLocalDate();
            period = Period.parse(query.getValue("businessYear"), query.getValue("from"), query.getValue("to"),
                    today);
        } catch (Period.BadPeriodException e) {
            error(response, callback, 400, "bad_period", e.problem());
            return;
        }
        json.send(response, callback, 200, figures.figures(period));
    }

    private void sendDeadLetters(Fields query, Response response, Callback callback) throws SQLException {
        int limit = 100;
        String text = query.getValue("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                error(response, callback, 400, "bad_limit", "error.bad_limit");
                return;
            }
        }
        json.send(response, callback, 200, Map.of("deadLetters", deadLetters.latest(limit)));
    }

    private void error(Response response, Callback callback, int status, String code, String textKey) {
        json.send(response, callback, status, new ErrorBody(code, texts.get(textKey)));
    }
}
