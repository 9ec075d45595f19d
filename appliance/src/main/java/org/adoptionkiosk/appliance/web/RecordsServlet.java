package org.adoptionkiosk.appliance.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.capture.CaptureRejected;
import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.capture.CaptureService;
import org.adoptionkiosk.appliance.capture.Captured;
import org.adoptionkiosk.appliance.capture.ErrorCode;
import org.adoptionkiosk.appliance.store.StoreException;
import org.adoptionkiosk.protocol.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/records}: a visitor's sign-in or enquiry. 201 only once the record is forced to
 * disk; 200 with the same answer for a retry carrying the id of a stored record and the same
 * content; 409 {@code id_conflict} for that id with other content.
 */
final class RecordsServlet extends ApiServlet {
    private static final Logger log = LoggerFactory.getLogger(RecordsServlet.class);
    /** Far above any valid form (personal text is capped at about 1.4 KB). */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** How much of an oversized body is read (and dropped) so the client can take the 413. */
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final CaptureService capture;
    private final ObjectMapper reader;

    RecordsServlet(Responses responses, CaptureService capture) {
        super(responses, Set.of("POST"));
        this.capture = capture;
        this.reader = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Never echo the body in a parse error.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Lang fallback = lang(request);
        if (!isJson(request.getContentType())) {
            responses.error(response, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, null, fallback);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            long declared = request.getContentLengthLong();
            if (declared > DRAIN_LIMIT_BYTES) {
                // Far too big to bother reading: answer now and let Jetty close the connection.
                responses.error(response, 413, ErrorCode.BODY_TOO_LARGE, null, fallback);
                return;
            }
            if (declared > MAX_BODY_BYTES) {
                tooLarge(in, response, fallback);
                return;
            }
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                tooLarge(in, response, fallback);
                return;
            }
        }
        if (!Utf8.isValid(body)) {
            responses.error(response, 400, ErrorCode.BAD_ENCODING, null, fallback);
            return;
        }
        Map<String, Object> json = parse(body);
        if (json == null) {
            responses.error(response, 400, ErrorCode.BAD_JSON, null, fallback);
            return;
        }
        try {
            capture.validator().checkRequestKeys(json.keySet(), json.get("lang"));
            Captured captured = capture.capture(CaptureRequest.fromJson(json));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", captured.id());
            answer.put("seq", captured.seq());
            // A retried save that was stored before: the same answer, but nothing was created.
            responses.json(response, captured.repeat() ? 200 : 201, answer);
        } catch (CaptureRejected rejected) {
            Lang lang = rejected.lang() != null ? rejected.lang() : fallback;
            responses.error(response, rejected.code().captureStatus(), rejected.code(), rejected.field(),
                    rejected.message(lang));
        } catch (StoreException e) {
            log.error("capture could not be stored: {}", e.getMessage());
            responses.error(response, 503, ErrorCode.UNAVAILABLE, null, fallback);
        }
    }

    /**
     * 413, after reading what the client is still sending (up to a limit): a client that is
     * cut off mid-body may never see the answer. Beyond the limit Jetty closes the connection.
     */
    private void tooLarge(InputStream in, HttpServletResponse response, Lang lang) throws IOException {
        long left = DRAIN_LIMIT_BYTES;
        byte[] sink = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= n;
        }
        responses.error(response, 413, ErrorCode.BODY_TOO_LARGE, null, lang);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(byte[] body) {
        try {
            Object value = reader.readValue(body, Object.class);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** application/json, with no charset or UTF-8 (JSON's only charset on the wire). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "");
                if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
