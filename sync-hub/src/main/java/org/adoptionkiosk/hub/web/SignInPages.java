package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.LoginThrottle;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Sessions;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;

/** Signing in and out, and the language toggle. */
public final class SignInPages {
    /** What login.jte shows. */
    public record LoginView(Chrome chrome, String next, String username, String errorKey, long waitSeconds) {
    }

    private final UserStore users;
    private final Passwords passwords;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public SignInPages(UserStore users, Passwords passwords, Sessions sessions, LoginThrottle throttle,
                       AuditLog audit, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(HubHandler h) {
        h.route("GET", "/login", HubHandler.Access.PUBLIC, this::form)
                .route("POST", "/login", HubHandler.Access.PUBLIC, this::signIn)
                .route("POST", "/logout", HubHandler.Access.PUBLIC, this::signOut)
                .route("POST", "/lang", HubHandler.Access.PUBLIC, this::lang)
                .route("GET", "/", HubHandler.Access.PUBLIC, (ctx, m) ->
                        ctx.redirect(ctx.user() == null ? "/login" : "/figures"));
    }

    private void form(PageRequest ctx, Matcher m) {
        if (ctx.user() != null) {
            ctx.redirect(safeNext(ctx.param("next")));
            return;
        }
        ctx.html("login.jte", new LoginView(ctx.chrome("login"), safeNext(ctx.param("next")), "", null, 0));
    }

    private void signIn(PageRequest ctx, Matcher m) throws SQLException {
        String username = UserStore.normalise(ctx.field("username"));
        String password = ctx.rawField("password");
        String next = safeNext(ctx.field("next"));
        String address = Request.getRemoteAddr(ctx.request());
        Instant locked = throttle.lockedUntil(username, address);
        if (locked != null) {
            long wait = Math.max(1, Duration.between(clock.instant(), locked).toSeconds());
            ctx.html(429, "login.jte", new LoginView(ctx.chrome("login"), next, username, "login.locked", wait));
            return;
        }
        Optional<UserStore.Stored> found = UserStore.isValidName(username) ? users.find(username) : Optional.empty();
        // Always one bcrypt check, so an unknown user name answers as slowly as a wrong password.
        boolean ok = passwords.matches(password, found.map(UserStore.Stored::passwordHash).orElse(null))
                && found.get().enabled();
        if (!ok) {
            throttle.failed(username, address);
            audit.add(found.isPresent() ? username : null, AuditLog.SIGN_IN_FAILED, null, null,
                    found.isPresent() ? null : "unknown user name");
            ctx.html(401, "login.jte", new LoginView(ctx.chrome("login"), next, username, "login.wrong", 0));
            return;
        }
        throttle.succeeded(username);
        Sessions.Opened opened = sessions.open(found.get().user(), ctx.t().lang());
        audit.add(username, AuditLog.SIGN_IN, null, null, null);
        Response.addCookie(ctx.response(), HubHandler.cookieOf(ctx.request(), HubHandler.SESSION_COOKIE,
                opened.token(), -1));
        ctx.redirect(next);
    }

    private void signOut(PageRequest ctx, Matcher m) throws SQLException {
        if (ctx.session() != null) {
            sessions.end(ctx.session());
        }
        Response.addCookie(ctx.response(), HubHandler.cookieOf(ctx.request(), HubHandler.SESSION_COOKIE, "", 0));
        ctx.redirect("/login");
    }

    private void lang(PageRequest ctx, Matcher m) throws SQLException {
        String to = PageTexts.orWelsh(ctx.field("to"));
        if (ctx.session() != null) {
            sessions.setLang(ctx.session(), to);
        }
        Response.addCookie(ctx.response(), HubHandler.cookieOf(ctx.request(), HubHandler.LANG_COOKIE, to,
                Duration.ofDays(365).toSeconds()));
        ctx.redirect(safeNext(ctx.field("back")));
    }

    /** Only a path of this hub: never another site, never a scheme-relative "//host". */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.length() > 500 || next.startsWith("/login") || next.chars().anyMatch(ch -> ch < 0x20)) {
            return "/figures";
        }
        return next;
    }
}
