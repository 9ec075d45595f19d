package org.adoptionkiosk.appliance.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.adoptionkiosk.appliance.capture.ErrorCode;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty raises itself (a malformed request line, headers too large, a request that never
 * reached a servlet) answered as the API answers: JSON in the visitor's language, no stack.
 */
final class KioskErrorHandler extends ErrorHandler {
    private final Responses responses;

    KioskErrorHandler(Responses responses) {
        this.responses = responses;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ErrorCode error = switch (code) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> code >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
        Lang lang = Languages.fromAcceptLanguage(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
        Messages messages = responses.messages();
        String body = "{\"error\":\"" + error.code() + "\",\"message\":" + quote(messages.get(lang, error)) + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private String quote(String text) {
        try {
            return responses.mapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            return "\"\"";
        }
    }
}
