package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/privacy}: the privacy notice this kiosk shows now and its version, for a page
 * that learns from a refused capture that the notice changed under it.
 */
final class PrivacyServlet extends ApiServlet {
    private final Map<String, Object> notice;

    PrivacyServlet(Responses responses, Map<String, Object> notice) {
        super(responses, Set.of("GET"));
        this.notice = notice;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.json(response, 200, notice);
    }
}
