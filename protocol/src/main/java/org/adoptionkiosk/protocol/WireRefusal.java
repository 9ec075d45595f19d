package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns Jackson's complaint about a wire document into a reason: the JSON path of the member (as
 * {@code records[3].seq}) and what it must be. Jackson's own messages are never used, since they
 * quote the input, and the input may be personal data; for the same reason a member name that is
 * not a plain identifier shows as {@code ?}.
 */
final class WireRefusal {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    private static final int MAX_PATH_CHARS = 200;

    private WireRefusal() {
    }

    /** The reason for a document ({@code what}: batch, ack, ...) that {@code p} failed to read. */
    static String reason(String what, JsonParser p, JsonProcessingException e) {
        String path = path(e, p);
        String member = path.isEmpty() ? what : path;
        Throwable root = rootOf(e);
        if (root instanceof StreamConstraintsException) {
            return member + " is over the JSON limits (number length, nesting depth or document size)";
        }
        if (root instanceof InputCoercionException c) {
            return member + " must be a whole number " + range(c.getTargetType());
        }
        if (root instanceof JsonParseException && root.getMessage() != null
                && root.getMessage().startsWith("Duplicate field")) {
            return member + " appears twice";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            JsonToken token = p.currentToken();
            if (token == null && path.isEmpty()) {
                return what + " is empty";
            }
            Expected expected = Expected.of(m.getTargetType());
            if (expected.accepts(token)) {
                // The right kind of JSON value, but not a form the member takes.
                return member + " must be " + expected.form;
            }
            return member + " must be " + (path.isEmpty() && expected == Expected.OBJECT ? "a JSON object"
                    : expected.kind) + ", not " + shape(token);
        }
        if (root instanceof JsonParseException || !(e instanceof JsonMappingException)) {
            // Broken JSON: where it broke, as the parser saw it.
            String at = e.getLocation() == null ? "unknown position"
                    : "line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            return "malformed " + what + " JSON at " + at + (path.isEmpty() ? "" : " (in " + path + ")");
        }
        return member + " cannot be read as part of a " + what;
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getCause() instanceof JsonProcessingException) {
            t = t.getCause();
        }
        return t;
    }

    private static String range(Class<?> type) {
        if (type == Integer.TYPE || type == Integer.class) {
            return "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.TYPE || type == Long.class) {
            return "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "in range";
    }

    /**
     * The member's path. Databind's path (JsonMappingException.getPath()) names the typed
     * members; inside an untyped member (a record's fields) it stops there, and the parser's own
     * position goes deeper, so the longer of the two is taken when it extends the other.
     */
    static String path(JsonProcessingException e, JsonParser p) {
        String mapped = e instanceof JsonMappingException m ? mappedPath(m.getPath()) : "";
        String parsed = parserPath(p == null ? null : p.getParsingContext());
        String path = parsed.startsWith(mapped) && parsed.length() > mapped.length() ? parsed
                : mapped.isEmpty() ? parsed : mapped;
        return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS) + "…";
    }

    private static String mappedPath(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                name(b, r.getFieldName());
            }
        }
        return b.toString();
    }

    private static String parserPath(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push(" " + c.getCurrentName());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (part.startsWith(" ")) {
                name(b, part.substring(1));
            } else {
                b.append(part);
            }
        }
        return b.toString();
    }

    private static void name(StringBuilder b, String name) {
        if (b.length() > 0) {
            b.append('.');
        }
        b.append(PLAIN_NAME.matcher(name).matches() ? name : "?");
    }

    private static String shape(JsonToken token) {
        if (token == null) {
            return "missing";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            default -> "another kind of value";
        };
    }

    /** What a target type accepts, in words, and which JSON tokens are of that kind. */
    private enum Expected {
        WHOLE("a whole number", "a whole number", JsonToken.VALUE_NUMBER_INT),
        NUMBER("a number", "a finite number", JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT),
        BOOLEAN("true or false", "true or false", JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE),
        TEXT("a string", "Unicode text without NUL or unpaired surrogates", JsonToken.VALUE_STRING),
        UUID_TEXT("a UUID string", "a UUID string (8-4-4-4-12 hex digits)", JsonToken.VALUE_STRING),
        TIME("an ISO-8601 UTC time string", "an ISO-8601 UTC time string such as 2026-08-05T10:15:30Z"
                + " (years 0001 to 9999)", JsonToken.VALUE_STRING),
        DATE("an ISO-8601 date string", "an ISO-8601 date string such as 2026-08-01 (years 0001 to 9999)",
                JsonToken.VALUE_STRING),
        ARRAY("an array", "an array", JsonToken.START_ARRAY),
        OBJECT("an object", "an object", JsonToken.START_OBJECT, JsonToken.END_OBJECT, JsonToken.FIELD_NAME);

        /** The kind of JSON value, for "must be X, not Y". */
        final String kind;
        /** The one form taken, for a value of the right kind in another form. */
        final String form;
        private final List<JsonToken> tokens;

        Expected(String kind, String form, JsonToken... tokens) {
            this.kind = kind;
            this.form = form;
            this.tokens = List.of(tokens);
        }

        boolean accepts(JsonToken token) {
            return tokens.contains(token);
        }

        static Expected of(Class<?> type) {
            if (type == Integer.TYPE || type == Long.TYPE || type == Short.TYPE || type == Byte.TYPE
                    || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                    || type == java.math.BigInteger.class) {
                return WHOLE;
            }
            if (type == Double.TYPE || type == Float.TYPE || Number.class.isAssignableFrom(type)) {
                return NUMBER;
            }
            if (type == Boolean.TYPE || type == Boolean.class) {
                return BOOLEAN;
            }
            if (type == String.class || type.isEnum() || CharSequence.class.isAssignableFrom(type)) {
                return TEXT;
            }
            if (type == UUID.class) {
                return UUID_TEXT;
            }
            if (type == Instant.class) {
                return TIME;
            }
            if (type == LocalDate.class) {
                return DATE;
            }
            if (Collection.class.isAssignableFrom(type) || type.isArray()) {
                return ARRAY;
            }
            return OBJECT;
        }
    }
}
