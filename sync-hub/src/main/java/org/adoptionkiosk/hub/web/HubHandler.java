package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.Sessions;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.followup.DueCounts;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every request of the hub's web server: the security headers, who is signed in and in which
 * language, which page answers, whether this user may open it, the CSRF check on every change, and
 * an answer (never a stack trace) when something fails.
 */
public final class HubHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(HubHandler.class);

    public static final String SESSION_COOKIE = "hub_session";
    /** Before sign-in, forms (sign-in, language) carry this cookie's value as their CSRF token. */
    public static final String PRE_COOKIE = "hub_pre";
    public static final String LANG_COOKIE = "hub_lang";

    /** No inline script or style anywhere; every script, style and chart library is the hub's own. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Who may open a page. */
    public enum Access {
        /** anyone, signed in or not */
        PUBLIC,
        /** any signed-in user */
        SIGNED_IN,
        /** central or regional users: pages with visitors' details */
        ENQUIRIES,
        /** central users only */
        CENTRAL
    }

    /** A page or API answer. {@code m} holds the path's groups. */
    @FunctionalInterface
    public interface Page {
        void handle(PageRequest ctx, Matcher m) throws Exception;
    }

    private record Route(String method, Pattern path, Access access, Page page) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Sessions sessions;
    private final Texts texts;
    private final Pages pages;
    private final HttpJson json;
    private final StaticAssets assets;
    private final ScopeNames scopeNames;
    private final Due due;
    private final SecureRandom random;

    /** The name of a regional user's region or agency, for the page header. */
    @FunctionalInterface
    public interface ScopeNames {
        String name(User user, PageTexts t);
    }

    /** A regional user's queue's enquiries due today and overdue, for the page header; null for others. */
    @FunctionalInterface
    public interface Due {
        DueCounts counts(User user) throws SQLException;
    }

    public HubHandler(Sessions sessions, Texts texts, Pages pages, HttpJson json, StaticAssets assets,
                      ScopeNames scopeNames, Due due, SecureRandom random) {
        this.sessions = sessions;
        this.texts = texts;
        this.pages = pages;
        this.json = json;
        this.assets = assets;
        this.scopeNames = scopeNames;
        this.due = due;
        this.random = random;
    }

    /** Adds a route; {@code path} is a regular expression for the whole path. */
    public HubHandler route(String method, String path, Access access, Page page) {
        routes.add(new Route(method, Pattern.compile(path), access, page));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        headers(response, path, request.isSecure());
        if (HttpMethod.GET.is(request.getMethod()) && assets.serve(path, response, callback)) {
            return true;
        }
        PageRequest ctx = null;
        try {
            Sessions.Session session = sessions.find(cookie(request, SESSION_COOKIE)).orElse(null);
            PageTexts t = new PageTexts(lang(request, session), texts);
            String pre = session == null ? preToken(request, response) : null;
            String scope = session == null ? null : scopeNames.name(session.user(), t);
            ctx = new PageRequest(request, response, callback, session, t, pages, scope, due, pre);
            dispatch(ctx, path);
        } catch (SQLException e) {
            log.warn("{} failed: database error (SQL state {})", path, e.getSQLState());
            fail(ctx, response, callback, path, 503, "database_unavailable");
        } catch (Exception e) {
            // The class only: a message may quote a visitor's details.
            log.error("{} failed: {}", path, e.getClass().getName());
            fail(ctx, response, callback, path, 500, "internal");
        }
        return true;
    }

    private void dispatch(PageRequest ctx, String path) throws Exception {
        String method = ctx.request().getMethod();
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!r.method().equalsIgnoreCase(method)) {
                continue;
            }
            if (!allowed(ctx, r.access(), path)) {
                return;
            }
            if (!HttpMethod.GET.is(method) && !ctx.csrfOk()) {
                refuse(ctx, path, 403, "csrf");
                return;
            }
            r.page().handle(ctx, m);
            return;
        }
        if (pathKnown) {
            ctx.response().getHeaders().put(HttpHeader.ALLOW, allowedMethods(path));
            refuse(ctx, path, 405, "method_not_allowed");
        } else {
            refuse(ctx, path, 404, "not_found");
        }
    }

    private boolean allowed(PageRequest ctx, Access access, String path) {
        if (access == Access.PUBLIC) {
            return true;
        }
        User user = ctx.user();
        if (user == null) {
            if (isApi(path) || !HttpMethod.GET.is(ctx.request().getMethod())) {
                refuse(ctx, path, 401, "sign_in_needed");
            } else {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(ctx.here(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            return false;
        }
        boolean ok = switch (access) {
            case PUBLIC, SIGNED_IN -> true;
            case ENQUIRIES -> user.seesEnquiries();
            case CENTRAL -> user.role() == Role.CENTRAL;
        };
        if (!ok) {
            refuse(ctx, path, 403, "forbidden");
        }
        return ok;
    }

    private String allowedMethods(String path) {
        List<String> methods = new ArrayList<>();
        for (Route r : routes) {
            if (r.path().matcher(path).matches() && !methods.contains(r.method())) {
                methods.add(r.method());
            }
        }
        return String.join(", ", methods);
    }

    /** A refusal as JSON for the API, as a bilingual page otherwise. */
    private void refuse(PageRequest ctx, String path, int status, String code) {
        if (isApi(path)) {
            json.send(ctx.response(), ctx.callback(), status, new ErrorBody(code, texts.get("error." + code)));
        } else {
            ctx.problem(status, "error." + code);
        }
    }

    private void fail(PageRequest ctx, Response response, Callback callback, String path, int status, String code) {
        try {
            if (isApi(path) || ctx == null) {
                json.send(response, callback, status, new ErrorBody(code, texts.get("error." + code)));
            } else {
                ctx.problem(status, "error." + code);
            }
        } catch (RuntimeException again) {
            // The answer may have started already: nothing more can be said.
            callback.failed(again);
        }
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/healthz");
    }

    /**
     * @param secure the request came over TLS (directly, or through a proxy the hub trusts with
     *               {@code --trust-proxy} and X-Forwarded-Proto)
     */
    private static void headers(Response response, String path, boolean secure) {
        var h = response.getHeaders();
        if (secure) {
            // Once a browser has reached the dashboard over TLS it never falls back to plain HTTP.
            h.put("Strict-Transport-Security", "max-age=31536000");
        }
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        if (!path.startsWith("/static/")) {
            // Pages may hold visitors' details: never kept by a browser or a proxy.
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
        }
    }

    /** The signed-in user's choice, else the toggle's cookie, else the browser's first language. */
    private static String lang(Request request, Sessions.Session session) {
        if (session != null) {
            return PageTexts.orWelsh(session.lang());
        }
        String chosen = cookie(request, LANG_COOKIE);
        if (chosen != null) {
            return PageTexts.orWelsh(chosen);
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE);
        return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("en") ? PageTexts.EN : PageTexts.CY;
    }

    /** The pre-sign-in CSRF token: the cookie's, or a new one set now. */
    private String preToken(Request request, Response response) {
        String token = cookie(request, PRE_COOKIE);
        if (token != null && token.length() >= 32 && token.length() <= 64) {
            return token;
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Response.addCookie(response, cookieOf(request, PRE_COOKIE, token, -1));
        return token;
    }

    public static String cookie(Request request, String name) {
        List<HttpCookie> cookies = Request.getCookies(request);
        if (cookies == null) {
            return null;
        }
        for (HttpCookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /** HttpOnly, SameSite=Strict, and Secure whenever the request came over TLS. */
    public static HttpCookie cookieOf(Request request, String name, String value, long maxAgeSeconds) {
        HttpCookie.Builder b = HttpCookie.build(name, value)
                .path("/")
                .httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT)
                .secure(request.isSecure());
        if (maxAgeSeconds >= 0) {
            b.maxAge(maxAgeSeconds);
        }
        return b.build();
    }
}
