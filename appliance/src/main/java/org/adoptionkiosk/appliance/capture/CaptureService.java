package org.adoptionkiosk.appliance.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.config.FormOptions;
import org.adoptionkiosk.appliance.sealing.Sealer;
import org.adoptionkiosk.appliance.store.Insertion;
import org.adoptionkiosk.appliance.store.NewRecord;
import org.adoptionkiosk.appliance.store.CaptureWriter;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.WireCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Capture: validate, seal the personal part, store in one transaction, then tell the sync agent
 * there is work. The caller hears of success only after the commit.
 */
public final class CaptureService {
    private final CaptureValidator validator;
    private final Sealer sealer;
    private final CaptureWriter store;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final UUID bootId;
    private final long bootNanos;
    private final Supplier<String> eventId;
    private final Supplier<FormOptions> offered;
    private final Consumer<RecordType> onCaptured;
    private final Supplier<Long> clockOffset;

    /**
     * @param bootId     random per process start
     * @param bootNanos  {@link System#nanoTime()} at process start, for monotonic milliseconds
     * @param mapper     writes the sealed part as the wire does: null members left out
     * @param eventId    the current event's id when the capture is made, or null
     * @param offered    the visitor's paths this kiosk offers now (the hub's form options); quick, no I/O
     * @param onCaptured told the type of each new record after its commit (not of a repeat); must not block
     * @param clockOffset the hub's time minus the kiosk's as last learnt from an ack (the sync agent's
     *                    estimate), or null before the first; stored with each record; quick, no I/O
     */
    public CaptureService(CaptureValidator validator, Sealer sealer, CaptureWriter store, ObjectMapper mapper,
                          Clock clock, UUID bootId, long bootNanos, Supplier<String> eventId,
                          Supplier<FormOptions> offered, Consumer<RecordType> onCaptured,
                          Supplier<Long> clockOffset) {
        this.validator = validator;
        this.sealer = sealer;
        this.store = store;
        this.mapper = mapper;
        this.clock = clock;
        this.bootId = bootId;
        this.bootNanos = bootNanos;
        this.eventId = eventId;
        this.offered = offered;
        this.onCaptured = onCaptured;
        this.clockOffset = clockOffset;
    }

    public CaptureValidator validator() {
        return validator;
    }

    /**
     * @throws CaptureRejected when the request is invalid, or its id was saved with other
     *                         answers; nothing is stored and no seq is used
     * @throws org.adoptionkiosk.appliance.store.StoreException when the database fails
     */
    public Captured capture(CaptureRequest request) {
        ValidCapture valid = validator.validate(request, offered.get());
        UUID id = valid.id() != null ? valid.id() : UUID.randomUUID();
        String fingerprint = valid.id() == null ? null : fingerprint(id, valid);
        String sealed = valid.personal() == null ? null : sealer.seal(json(valid.personal()), id);
        NewRecord record = new NewRecord(
                id,
                valid.type(),
                // Milliseconds: the stored value and every resend carry exactly the same instant.
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                bootId,
                (System.nanoTime() - bootNanos) / 1_000_000,
                eventId.get(),
                valid.lang(),
                WireCodec.SCHEMA,
                new String(json(valid.fields()), StandardCharsets.UTF_8),
                sealed,
                fingerprint,
                // What the kiosk knows of its clock now: a resend must say the same.
                clockOffset.get());
        Insertion stored = store.insertOnce(record);
        return switch (stored.outcome()) {
            case NEW -> {
                onCaptured.accept(record.type());
                yield new Captured(id, stored.seq(), false);
            }
            case REPEAT -> new Captured(id, stored.seq(), true);
            case CONFLICT -> throw validator.reject(ErrorCode.ID_CONFLICT, "id", valid.lang());
        };
    }

    /**
     * What the visitor sent, as a digest salted with the record id: equal for a retry of the
     * same save, different for other answers. The id salt means a digest on the kiosk's disk
     * cannot be matched against a table made in advance.
     */
    private String fingerprint(UUID id, ValidCapture valid) {
        Map<String, Object> content = new TreeMap<>();
        content.put("id", id.toString());
        content.put("type", valid.type().wire());
        content.put("lang", valid.lang().code());
        content.put("fields", new TreeMap<>(valid.fields()));
        content.put("personal", valid.personal());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(json(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Jackson's message could quote the value; keep only the kind of failure.
            throw new IllegalStateException("cannot encode a capture as JSON: " + e.getClass().getSimpleName());
        }
    }
}
