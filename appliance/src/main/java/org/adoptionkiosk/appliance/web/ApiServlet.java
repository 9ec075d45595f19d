package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.capture.ErrorCode;
import org.adoptionkiosk.protocol.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;

/**
 * A servlet that answers only its own methods and turns every failure into a JSON error: a
 * visitor's screen never gets an HTML error page or a bare 500.
 */
abstract class ApiServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);

    protected final Responses responses;
    private final Set<String> methods;

    ApiServlet(Responses responses, Set<String> methods) {
        this.responses = responses;
        this.methods = methods;
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!exists(request)) {
                responses.error(response, 404, ErrorCode.NOT_FOUND, null, lang(request));
                return;
            }
            if (!methods.contains(request.getMethod())) {
                response.setHeader("Allow", String.join(", ", methods));
                responses.error(response, 405, ErrorCode.METHOD_NOT_ALLOWED, null, lang(request));
                return;
            }
            handle(request, response);
        } catch (IOException e) {
            // The client went away mid-answer; nothing to tell it.
            log.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            // Exceptions here carry no personal data: it is sealed before anything can fail on it.
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.reset();
                responses.error(response, 500, ErrorCode.INTERNAL, null, lang(request));
            }
        }
    }

    /** False for a path this servlet does not serve: a 404 whatever the method. */
    protected boolean exists(HttpServletRequest request) {
        return true;
    }

    protected abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

    protected static Lang lang(HttpServletRequest request) {
        return Languages.fromAcceptLanguage(request.getHeader("Accept-Language"));
    }
}
