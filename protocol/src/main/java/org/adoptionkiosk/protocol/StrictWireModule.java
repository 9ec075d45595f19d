package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.AccessPattern;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Deserializers for the wire's own value types that take exactly one JSON form and nothing that
 * merely converts to it. Jackson's coercion settings (see {@link WireCodec}) already refuse most
 * conversions; these cover what they do not: Jackson reads an Instant from an epoch number and a
 * date from an array, a UUID from 24 characters of base64, an enum with a String creator from
 * any scalar, a huge number as an infinite double, and keeps NUL and unpaired surrogates in text
 * (a PostgreSQL text column refuses the one and silently turns the other into '?').
 *
 * <p>Each refusal is a {@link com.fasterxml.jackson.databind.exc.MismatchedInputException} for
 * the target type; {@link WireRefusal} turns it into a reason that names the member and never
 * quotes the value.
 */
final class StrictWireModule extends SimpleModule {
    /** The UTC form {@link Instant#toString()} writes for years 0001 to 9999; nothing else. */
    private static final Pattern INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final LocalDate EARLIEST_DATE = LocalDate.of(1, 1, 1);

    /**
     * @param cleanText refuse NUL and unpaired surrogates in strings. Off only for the sealed
     *                  part: it was accepted (sealed) long before it is opened, and a visitor's own
     *                  words are shown as they came rather than locked away for one odd character.
     */
    StrictWireModule(boolean cleanText) {
        super(cleanText ? "strict-wire" : "strict-wire-any-text");
        addDeserializer(String.class, new TextOnly<>(String.class, s -> s, false, cleanText));
        addDeserializer(UUID.class, new TextOnly<>(UUID.class,
                s -> isUuidText(s) ? UUID.fromString(s) : null));
        addDeserializer(Instant.class, new TextOnly<>(Instant.class, StrictWireModule::instant));
        addDeserializer(LocalDate.class, new TextOnly<>(LocalDate.class, StrictWireModule::date));
        // An unknown type or language string is not a type error: it reads as null, and the
        // hub rejects that one record with a reason (WireCodec.problemWith).
        addDeserializer(RecordType.class, new TextOnly<>(RecordType.class, RecordType::fromWire, true));
        addDeserializer(Lang.class, new TextOnly<>(Lang.class, Lang::fromCode, true));
        addDeserializer(Double.class, new FiniteDouble());
        // An explicit null where a number or boolean goes is a wrong type (a kiosk never writes
        // one); a member left out still reads as 0 or false, as before: a missing seq reads as 0
        // and is rejected per record, not for the whole batch.
        notNull(Integer.TYPE, "int");
        notNull(Long.TYPE, "long");
        notNull(Boolean.TYPE, "boolean");
        // Numbers inside untyped members (a record's fields): as Jackson reads them, but finite.
        addDeserializer(Number.class, new UntypedNumber());
        addKeyDeserializer(String.class, new TextKey());
    }

    @SuppressWarnings("unchecked")
    private <T> void notNull(Class<T> primitive, String name) {
        addDeserializer(primitive, new NotNull<>(primitive, (JsonDeserializer<T>) NumberDeserializers.find(primitive, name)));
    }

    /** 8-4-4-4-12 hex digits: UUID.fromString alone also takes "1-2-3-4-5". */
    private static boolean isUuidText(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Instant instant(String s) {
        if (!INSTANT.matcher(s).matches()) {
            return null;
        }
        try {
            Instant t = Instant.parse(s);
            return t.isBefore(EARLIEST) ? null : t;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate date(String s) {
        if (!DATE.matcher(s).matches()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(s);
            return d.isBefore(EARLIEST_DATE) ? null : d;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** True when the text is well-formed Unicode without NUL: every surrogate is in a pair. */
    static boolean isCleanText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A JSON string, and only a string, parsed by {@code parse} (null from it: refused). */
    private static final class TextOnly<T> extends StdScalarDeserializer<T> {
        private final Function<String, T> parse;
        private final boolean nullIsAnswer;

        private final boolean cleanText;

        TextOnly(Class<T> type, Function<String, T> parse) {
            this(type, parse, false);
        }

        TextOnly(Class<T> type, Function<String, T> parse, boolean nullIsAnswer) {
            this(type, parse, nullIsAnswer, true);
        }

        TextOnly(Class<T> type, Function<String, T> parse, boolean nullIsAnswer, boolean cleanText) {
            super(type);
            this.parse = parse;
            this.nullIsAnswer = nullIsAnswer;
            this.cleanText = cleanText;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return reportWrongType(p, ctxt);
            }
            String text = p.getText();
            if (cleanText && !isCleanText(text)) {
                return ctxt.reportInputMismatch(this, "not clean text");
            }
            T value = parse.apply(text);
            if (value == null && !nullIsAnswer) {
                return ctxt.reportInputMismatch(this, "not in the one accepted form");
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        private T reportWrongType(JsonParser p, DeserializationContext ctxt) throws IOException {
            return (T) ctxt.handleUnexpectedToken(handledType(), p);
        }
    }

    /**
     * Jackson's own reader of a primitive (so the coercion settings apply), refusing an explicit
     * null but giving the type's default for a member left out.
     */
    private static final class NotNull<T> extends StdDeserializer<T> {
        private final JsonDeserializer<T> standard;

        NotNull(Class<T> type, JsonDeserializer<T> standard) {
            super(type);
            this.standard = standard;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return standard.deserialize(p, ctxt);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return ctxt.reportInputMismatch(this, "null for a primitive");
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
            return standard.getNullValue(ctxt);
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }

        @Override
        public LogicalType logicalType() {
            return standard.logicalType();
        }
    }

    /** A JSON number (a whole one is fine) that is finite as a double: 1e400 is not. */
    private static final class FiniteDouble extends StdScalarDeserializer<Double> {
        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isNumeric()) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                return (Double) ctxt.reportInputMismatch(this, "not finite");
            }
            return d;
        }
    }

    /**
     * A number in an untyped member: Integer, Long or BigInteger as Jackson picks for whole
     * numbers, Double for the rest, refusing those too large for a finite double.
     */
    private static final class UntypedNumber extends StdScalarDeserializer<Number> {
        UntypedNumber() {
            super(Number.class);
        }

        @Override
        public Number deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getNumberValue();
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    return (Number) ctxt.reportInputMismatch(Double.class, "not finite");
                }
                return d;
            }
            return (Number) ctxt.handleUnexpectedToken(Number.class, p);
        }
    }

    /** A member name inside an untyped member: clean text, as for values. */
    private static final class TextKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (!isCleanText(key)) {
                return ctxt.reportInputMismatch(String.class, "member name is not clean text");
            }
            return key;
        }
    }
}
