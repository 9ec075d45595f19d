package org.adoptionkiosk.hub.web;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty itself produces come out as the API's JSON too, never with a stack trace. */
final class JsonErrorHandler extends ErrorHandler {
    private final HttpJson json;
    private final Texts texts;

    JsonErrorHandler(HttpJson json, Texts texts) {
        this.json = json;
        this.texts = texts;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String error = switch (code) {
            case HttpStatus.NOT_FOUND_404 -> "not_found";
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> "method_not_allowed";
            default -> code >= 500 ? "internal" : "bad_request";
        };
        String key = "error." + error;
        json.send(response, callback, code, new ErrorBody(error, texts.get(key)));
    }

    @Override
    public boolean isShowStacks() {
        return false;
    }
}
