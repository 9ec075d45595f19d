package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * JSON mapping of the wire contract, and its validation. Thread-safe; make one and share it.
 *
 * <p>Decoding is strict about types: a member of the wrong JSON type ("1" or 1.0 for a whole
 * number, 0 for a time, 5 for a string, 1 for a boolean), a duplicate member, bytes after the
 * document or bytes that are not UTF-8 make a {@link WireException} naming the member by its JSON
 * path, e.g. {@code records[3].seq must be a whole number, not a string}. Nothing is converted.
 * Unknown members are ignored (see {@link #strictBuilder}), and a member left out reads as null,
 * 0 or false as before, for validation to judge.
 */
public final class WireCodec {
    /** Wire schema version this code speaks. */
    public static final int SCHEMA = 1;
    /** A batch larger than this is dead-lettered whole by the hub. */
    public static final int MAX_BATCH_BYTES = 1024 * 1024;
    public static final int MAX_BATCH_RECORDS = 1000;
    /** The non-personal fields of one record, as JSON. */
    public static final int MAX_FIELDS_BYTES = 4096;
    /** The sealed personal part of one record, base64. */
    public static final int MAX_SEALED_CHARS = 16384;
    /** The largest clock offset a record may carry, either way: 100 years (of 365.25 days) in ms. */
    public static final long MAX_CLOCK_OFFSET_MILLIS = 36_525L * 24 * 60 * 60 * 1000;

    private final ObjectMapper mapper;
    private final ObjectMapper canonical;
    private final ObjectMapper strict;
    private final ObjectMapper strictAnyText;

    public WireCodec() {
        this.mapper = builder().build();
        // Same content always gives the same bytes, whatever order a map was built in.
        this.canonical = builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        this.strict = strictBuilder(true).build();
        this.strictAnyText = strictBuilder(false).build();
    }

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // A newer kiosk may add health fields; the schema number guards real changes.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // A missing seq reads as 0 and is rejected per record, not for the whole batch.
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * The mapper every decode* reads with: the wire's types are strict. A value of the wrong JSON
     * type is refused, never converted: no "1" or 1.0 or 1e0 for a whole number, no number for a
     * string, a time or a UUID, no 0/1 or "true" for a boolean, no string or object where an array
     * goes (or the reverse), no duplicate member, nothing after the document. Every refusal is a
     * {@link WireException} whose reason names the member ({@link WireRefusal}).
     */
    private static JsonMapper.Builder strictBuilder(boolean cleanText) {
        JsonMapper.Builder b = builder()
                // Registered after JavaTimeModule, so its Instant and LocalDate readers win.
                .addModule(new StrictWireModule(cleanText))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                // Checked by read() itself, so the reason can say what is wrong.
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Unknown members stay tolerated, as on the lenient mapper: a kiosk newer than
                // the hub may add optional members (it has, to the status, more than once) and
                // an older hub must still take its records. Ignoring a member loses nothing the
                // hub knows how to use, and anything that changes the meaning of known members
                // comes with a new schema number, which is refused. Unknown members are still
                // parsed: broken JSON or a duplicate key inside one is refused like anywhere.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // No conversion from another JSON type, for any target.
                .withCoercionConfigDefaults(c -> c
                        .setAcceptBlankAsEmpty(false)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
                // JSON has one number type: 48 is as good a temperature as 48.0.
                .withCoercionConfig(LogicalType.Float, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert));
        // A null inside a list (records, accepted, rejected) is refused, not passed on.
        b.withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)));
        return b;
    }

    /**
     * The lenient mapper, for callers that map their own non-wire JSON the same way (the
     * appliance's stored fields and HTTP API, the hub's HTTP JSON, the regions file). It writes
     * what the wire reads, but it reads with Jackson's usual coercions; wire messages are read
     * only through the decode* methods, which are strict.
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(Object message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Parses and checks a batch; every problem comes back as a {@link WireException} with a reason. */
    public RecordBatch decodeBatch(byte[] payload) throws WireException {
        if (payload.length > MAX_BATCH_BYTES) {
            throw new WireException("batch of " + payload.length + " bytes is over the limit of " + MAX_BATCH_BYTES);
        }
        RecordBatch batch = read(payload, RecordBatch.class, "batch");
        if (batch.schema() != SCHEMA) {
            throw new WireException("unknown schema " + batch.schema() + " (this hub speaks " + SCHEMA + ")");
        }
        if (!Topics.isValidDeviceId(batch.deviceId())) {
            throw new WireException("batch has no valid deviceId");
        }
        if (batch.batchId() == null) {
            throw new WireException("batch has no batchId");
        }
        if (batch.records() == null || batch.records().isEmpty()) {
            throw new WireException("batch has no records");
        }
        if (batch.records().size() > MAX_BATCH_RECORDS) {
            throw new WireException("batch of " + batch.records().size() + " records is over the limit of "
                    + MAX_BATCH_RECORDS);
        }
        Set<UUID> ids = new HashSet<>();
        List<KioskRecord> records = new ArrayList<>(batch.records().size());
        for (int i = 0; i < batch.records().size(); i++) {
            KioskRecord r = batch.records().get(i);
            if (r == null) {
                throw new WireException("records[" + i + "] is null");
            }
            if (r.id() != null && !ids.add(r.id())) {
                throw new WireException("records[" + i + "].id: batch holds record " + r.id() + " twice");
            }
            records.add(r.fields() == null ? r : new KioskRecord(r.id(), r.seq(), r.type(), r.capturedAt(),
                    r.bootId(), r.monoMillis(), r.eventId(), r.lang(), r.schema(), withoutNullMembers(r.fields()),
                    r.sealed(), r.clockOffsetMillis()));
        }
        return new RecordBatch(batch.schema(), batch.deviceId(), batch.batchId(), batch.bootId(),
                Collections.unmodifiableList(records));
    }

    /**
     * A null member inside {@code fields} means what it means everywhere on the wire: the same as
     * leaving the member out. It is dropped here, because encode() leaves it out: otherwise the
     * decoded record would differ from the one the hub hashes and stores. Nulls in arrays stay.
     */
    @SuppressWarnings("unchecked")
    private static <T> T withoutNullMembers(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, withoutNullMembers(v));
                }
            });
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(withoutNullMembers(v));
            }
            return (T) out;
        }
        return value;
    }

    public Ack decodeAck(byte[] payload) throws WireException {
        Ack ack = read(payload, Ack.class, "ack");
        if (ack.batchId() == null || ack.hubTime() == null) {
            throw new WireException("ack has no batchId or hubTime");
        }
        List<Rejection> rejected = ack.rejected() == null ? List.of() : ack.rejected();
        for (int i = 0; i < rejected.size(); i++) {
            if (rejected.get(i).id() == null) {
                throw new WireException("rejected[" + i + "].id is missing");
            }
        }
        return new Ack(ack.batchId(), ack.accepted() == null ? List.of() : ack.accepted(),
                rejected, ack.contiguousSeq(), ack.hubTime());
    }

    public DeviceStatus decodeStatus(byte[] payload) throws WireException {
        return read(payload, DeviceStatus.class, "status");
    }

    public DeviceConfig decodeConfig(byte[] payload) throws WireException {
        DeviceConfig config = read(payload, DeviceConfig.class, "config");
        if (config.mode() != null && !DeviceConfig.MODE_EVENT.equals(config.mode())
                && !DeviceConfig.MODE_OFFICE.equals(config.mode())) {
            throw new WireException("config mode must be event or office");
        }
        if (DeviceConfig.MODE_EVENT.equals(config.mode()) && config.event() == null) {
            throw new WireException("config mode event needs an event");
        }
        return config;
    }

    /** The envelope of a message the hub signed; {@link HubSignature#open} checks the signature. */
    public Signed decodeSigned(byte[] payload) throws WireException {
        Signed signed = read(payload, Signed.class, "signed message");
        if (signed.body() == null || signed.sig() == null) {
            throw new WireException("signed message has no body or sig");
        }
        return signed;
    }

    /**
     * Reads an opened sealed part, as strictly as the rest but for the text itself: a NUL or an
     * unpaired surrogate in a visitor's own words is kept, not refused (see StrictWireModule).
     * The reason never quotes its content.
     */
    public SealedPersonal decodeSealed(byte[] plaintext) throws WireException {
        return read(strictAnyText, plaintext, SealedPersonal.class, "sealed part");
    }

    /**
     * Why the hub cannot accept this record, or empty when it can. Reasons name fields, never
     * their values.
     */
    public Optional<String> problemWith(KioskRecord r) {
        if (r.id() == null) {
            return Optional.of("record has no id");
        }
        if (r.seq() < 1) {
            return Optional.of("seq must be 1 or more");
        }
        if (r.type() == null) {
            return Optional.of("unknown record type");
        }
        if (r.capturedAt() == null) {
            return Optional.of("record has no capturedAt");
        }
        if (r.bootId() == null) {
            return Optional.of("record has no bootId");
        }
        if (r.lang() == null) {
            return Optional.of("lang must be cy or en");
        }
        if (r.schema() != SCHEMA) {
            return Optional.of("unknown record schema " + r.schema());
        }
        if (r.fields() == null) {
            return Optional.of("record has no fields");
        }
        if (encode(r.fields()).length > MAX_FIELDS_BYTES) {
            return Optional.of("fields are over " + MAX_FIELDS_BYTES + " bytes");
        }
        if (r.type() == RecordType.ENQUIRY && (r.sealed() == null || r.sealed().isBlank())) {
            return Optional.of("enquiry has no sealed contact details");
        }
        if (r.sealed() != null && r.sealed().length() > MAX_SEALED_CHARS) {
            return Optional.of("sealed part is over " + MAX_SEALED_CHARS + " characters");
        }
        Long offset = r.clockOffsetMillis();
        if (offset != null && (offset > MAX_CLOCK_OFFSET_MILLIS || offset < -MAX_CLOCK_OFFSET_MILLIS)) {
            return Optional.of("clockOffsetMillis is over 100 years either way");
        }
        return Optional.empty();
    }

    /** SHA-256 of the record's canonical JSON: equal for equal content, whatever the key order. */
    public String contentHash(KioskRecord r) {
        try {
            byte[] bytes = canonical.writeValueAsBytes(r);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash record", e);
        }
    }

    /** The record's fields as canonical JSON text, as the hub stores them. */
    public String canonicalJson(Object value) {
        try {
            return canonical.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode", e);
        }
    }

    private <T> T read(byte[] payload, Class<T> type, String what) throws WireException {
        return read(strict, payload, type, what);
    }

    private static <T> T read(ObjectMapper strict, byte[] payload, Class<T> type, String what)
            throws WireException {
        requireUtf8(payload, what);
        try (JsonParser p = strict.createParser(payload)) {
            T value;
            try {
                value = strict.readValue(p, type);
            } catch (JsonProcessingException e) {
                throw new WireException(WireRefusal.reason(what, p, e));
            }
            if (value == null) {
                throw new WireException(what + " is JSON null");
            }
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonProcessingException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw new WireException(what + " has more after the end of its JSON document");
            }
            return value;
        } catch (IOException e) {
            throw new WireException("unreadable " + what + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * JSON on the wire is UTF-8 (RFC 8259). Jackson would also guess UTF-16 or UTF-32 from zero
     * bytes, and lets some invalid UTF-8 through (overlong forms, encoded surrogates); neither is
     * ours. No zero byte can be in UTF-8 JSON (control characters in strings must be escaped).
     */
    private static void requireUtf8(byte[] payload, String what) throws WireException {
        boolean ascii = true;
        for (byte b : payload) {
            if (b == 0) {
                throw new WireException(what + " is not UTF-8 JSON (it holds a zero byte)");
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw new WireException(what + " is not valid UTF-8");
        }
    }
}
