package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.Sessions;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.followup.DueCounts;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * One request as a page handler sees it: who asked (the session, or none), in which language,
 * its query and form, and the ways to answer.
 */
public final class PageRequest {
    public static final String CSRF_FIELD = "csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Sessions.Session session;
    private final PageTexts t;
    private final Fields query;
    private final Pages pages;
    private final String scopeName;
    private final HubHandler.Due due;
    private final String preToken;
    private Fields form;

    /** @param preToken before sign-in, the CSRF token of the sign-in and language forms (else null) */
    PageRequest(Request request, Response response, Callback callback, Sessions.Session session, PageTexts t,
                Pages pages, String scopeName, HubHandler.Due due, String preToken) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.session = session;
        this.t = t;
        this.pages = pages;
        this.scopeName = scopeName;
        this.due = due;
        this.preToken = preToken;
        this.query = Request.extractQueryParameters(request);
    }

    public PageTexts t() {
        return t;
    }

    public Sessions.Session session() {
        return session;
    }

    /** The signed-in user; handlers behind a sign-in always have one. */
    public User user() {
        return session == null ? null : session.user();
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public Callback callback() {
        return callback;
    }

    public String path() {
        return Request.getPathInContext(request);
    }

    /** The path and query, for a "come back here" link. */
    public String here() {
        String q = request.getHttpURI().getQuery();
        return q == null || q.isEmpty() ? path() : path() + "?" + q;
    }

    /** A query parameter, trimmed; null when absent or blank. */
    public String param(String name) {
        String v = query.getValue(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A form field of a POST, trimmed; null when absent or blank. */
    public String field(String name) {
        String v = form().getValue(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A form field exactly as sent (passwords are not trimmed). */
    public String rawField(String name) {
        return form().getValue(name);
    }

    Fields form() {
        if (form == null) {
            try {
                form = org.eclipse.jetty.server.FormFields.getFields(request);
            } catch (RuntimeException e) {
                form = Fields.EMPTY;
            }
        }
        return form;
    }

    boolean csrfOk() {
        String given = request.getHeaders().get(CSRF_HEADER);
        if (given == null) {
            given = form().getValue(CSRF_FIELD);
        }
        if (session != null) {
            return Sessions.csrfMatches(session, given);
        }
        return Sessions.sameToken(preToken, given);
    }

    /** The frame of a page in section {@code section}. */
    public Chrome chrome(String section) {
        return chrome(section, null);
    }

    public Chrome chrome(String section, String notice) {
        return new Chrome(t, user(), scopeName, dueCounts(), session == null ? preToken : session.csrf(), here(),
                section, notice);
    }

    /** Counted for each page drawn, so the header is as fresh as the page. */
    private DueCounts dueCounts() {
        User user = user();
        if (user == null || user.isCentral()) {
            return null;
        }
        try {
            return due.counts(user);
        } catch (SQLException e) {
            // The page says what it can; its own query meets the same store and says so if it fails.
            return null;
        }
    }

    public void html(int status, String template, Object view) {
        byte[] body = pages.render(template, view);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public void html(String template, Object view) {
        html(200, template, view);
    }

    /** See-other after a change, so a reload never repeats it. */
    public void redirect(String location) {
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.write(true, null, callback);
    }

    public void csv(String filename, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/csv; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A file to save, never shown in place; its name must hold no personal data. */
    public void download(String contentType, String filename, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public void text(int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** A bilingual problem page: {@code messageKey} says what went wrong and what to do. */
    public void problem(int status, String messageKey) {
        html(status, "problem.jte", new ProblemView(chrome(null), status, messageKey));
    }

    /** What problem.jte shows. */
    public record ProblemView(Chrome chrome, int status, String messageKey) {
    }
}
