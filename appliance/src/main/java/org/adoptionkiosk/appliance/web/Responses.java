package org.adoptionkiosk.appliance.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.appliance.capture.ErrorCode;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the API's JSON answers, with the headers every API answer carries. */
final class Responses {
    private final ObjectMapper mapper;
    private final Messages messages;

    Responses(Messages messages) {
        // Unlike the wire mapper this one keeps nulls: the status page shows "none yet" as null.
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        this.messages = messages;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Messages messages() {
        return messages;
    }

    void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** {@code {"error":code,"message":…}} in {@code lang}, with {@code "field"} when one is at fault. */
    void error(HttpServletResponse response, int status, ErrorCode code, String field, Lang lang) throws IOException {
        error(response, status, code, field, messages.get(lang, code));
    }

    void error(HttpServletResponse response, int status, ErrorCode code, String field, String message)
            throws IOException {
        error(response, status, code.code(), field, message);
    }

    /** An error whose code is not a visitor's (the staff dashboard's, say). */
    void error(HttpServletResponse response, int status, String code, String field, String message)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        json(response, status, body);
    }
}
