package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: 200 while the database answers, 503 when it does not (for the watchdog). */
final class HealthServlet extends ApiServlet {
    private final BooleanSupplier databaseHealthy;

    HealthServlet(Responses responses, BooleanSupplier databaseHealthy) {
        super(responses, Set.of("GET"));
        this.databaseHealthy = databaseHealthy;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (databaseHealthy.getAsBoolean()) {
            responses.json(response, 200, Map.of("status", "ok"));
        } else {
            responses.json(response, 503, Map.of("status", "unavailable"));
        }
    }
}
