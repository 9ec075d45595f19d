package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * JSON mapping of the wire contract, and its validation. Thread-safe; make one and share it.
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

    public WireCodec() {
        this.mapper = builder().build();
        // Same content always gives the same bytes, whatever order a map was built in.
        this.canonical = builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
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

    /** The configured mapper, for callers that map their own non-wire JSON the same way. */
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
        for (KioskRecord r : batch.records()) {
            if (r == null) {
                throw new WireException("batch holds a null record");
            }
            if (r.id() != null && !ids.add(r.id())) {
                throw new WireException("batch holds record " + r.id() + " twice");
            }
        }
        return batch;
    }

    public Ack decodeAck(byte[] payload) throws WireException {
        Ack ack = read(payload, Ack.class, "ack");
        if (ack.batchId() == null || ack.hubTime() == null) {
            throw new WireException("ack has no batchId or hubTime");
        }
        return new Ack(ack.batchId(), ack.accepted() == null ? List.of() : ack.accepted(),
                ack.rejected() == null ? List.of() : ack.rejected(), ack.contiguousSeq(), ack.hubTime());
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

    /** Reads an opened sealed part. The reason never quotes its content. */
    public SealedPersonal decodeSealed(byte[] plaintext) throws WireException {
        return read(plaintext, SealedPersonal.class, "sealed part");
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
        try {
            T value = mapper.readValue(payload, type);
            if (value == null) {
                throw new WireException(what + " is JSON null");
            }
            return value;
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the payload: keep only where it broke.
            throw new WireException("malformed " + what + " JSON at " + location(e));
        } catch (IOException e) {
            throw new WireException("unreadable " + what + ": " + e.getClass().getSimpleName());
        }
    }

    private static String location(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "unknown position";
        }
        String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                ? m.getPathReference() : "";
        return "line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()
                + (path == null || path.isEmpty() ? "" : " (" + path + ")");
    }
}
