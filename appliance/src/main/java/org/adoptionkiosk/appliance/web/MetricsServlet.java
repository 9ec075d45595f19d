package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in Prometheus text format, answered only on a connection made to a loopback
 * address of this kiosk: a kiosk told to listen on its network address ({@code --bind}) still keeps
 * its metrics to itself. Elsewhere the path does not exist (404). The kernel drops packets from
 * outside addressed to 127.0.0.0/8 or ::1, so a connection to a loopback address comes from this
 * machine; no header can change what address the connection was made to.
 */
final class MetricsServlet extends ApiServlet {
    private final Supplier<String> scrape;
    private final String contentType;

    MetricsServlet(Responses responses, Supplier<String> scrape, String contentType) {
        super(responses, Set.of("GET"));
        this.scrape = scrape;
        this.contentType = contentType;
    }

    @Override
    protected boolean exists(HttpServletRequest request) {
        return isLoopback(request.getLocalAddr());
    }

    /** True for an address of 127.0.0.0/8, ::1 or ::ffff:127.x; false for anything else or nothing. */
    static boolean isLoopback(String localAddress) {
        if (localAddress == null) {
            return false;
        }
        String literal = localAddress.startsWith("[") && localAddress.endsWith("]")
                ? localAddress.substring(1, localAddress.length() - 1) : localAddress;
        // IP literals only, so the check never looks a name up.
        boolean v6 = literal.contains(":");
        if (!v6 && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(contentType);
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
