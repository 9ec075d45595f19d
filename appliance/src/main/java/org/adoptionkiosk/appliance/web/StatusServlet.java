package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.capture.ErrorCode;
import org.adoptionkiosk.appliance.store.StoreException;
import org.adoptionkiosk.appliance.sync.SyncStatus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/status}: is this kiosk keeping up with the hub. */
final class StatusServlet extends ApiServlet {
    private final Supplier<SyncStatus> status;

    StatusServlet(Responses responses, Supplier<SyncStatus> status) {
        super(responses, Set.of("GET"));
        this.status = status;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SyncStatus s;
        try {
            s = status.get();
        } catch (StoreException e) {
            responses.error(response, 503, ErrorCode.UNAVAILABLE, null, lang(request));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", s.deviceId());
        body.put("eventId", s.eventId());
        body.put("backlog", s.backlog());
        body.put("oldestUnsyncedAgeSeconds", s.oldestUnsyncedAgeSeconds());
        body.put("oldestUnsyncedAt", s.oldestUnsyncedAt());
        body.put("lastAckAt", s.lastAckAt());
        body.put("brokerConnected", s.brokerConnected());
        body.put("clockOffsetMillis", s.clockOffsetMillis());
        body.put("rejected", s.rejected());
        body.put("lastCaptureAt", s.lastCaptureAt());
        body.put("version", s.version());
        responses.json(response, 200, body);
    }
}
