package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.device.HelpDesk;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/help}: whether the visitor's screen should say "help is coming" (the help
 * button was pressed and staff have not yet marked it answered). The page asks every few seconds.
 */
final class HelpServlet extends ApiServlet {
    private final HelpDesk help;

    HelpServlet(Responses responses, HelpDesk help) {
        super(responses, Set.of("GET"));
        this.help = help;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.json(response, 200, Map.of("helpComing", help.summary().noteShowing()));
    }
}
