package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.config.FormOptions;

import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/form-options}: which of the visitor's paths this kiosk offers now (the hub may
 * change them at any time). The page asks each time it returns to the attract screen. No personal
 * data: three booleans.
 */
final class FormOptionsServlet extends ApiServlet {
    private final Supplier<FormOptions> options;

    FormOptionsServlet(Responses responses, Supplier<FormOptions> options) {
        super(responses, Set.of("GET"));
        this.options = options;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.json(response, 200, options.get());
    }
}
