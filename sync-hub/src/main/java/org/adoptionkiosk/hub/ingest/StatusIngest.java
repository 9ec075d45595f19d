package org.adoptionkiosk.hub.ingest;

import org.adoptionkiosk.hub.registry.Revocations;
import org.adoptionkiosk.hub.store.DeadLetter;
import org.adoptionkiosk.hub.store.DeadLetterReason;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.DeviceStore;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.hub.store.TransientRetry;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** One status message (health, or the last-will's online=false) into the device registry. */
public final class StatusIngest {
    private static final Logger log = LoggerFactory.getLogger(StatusIngest.class);
    public static final int MAX_STATUS_BYTES = 64 * 1024;

    private final WireCodec codec;
    private final DeviceStore devices;
    private final DeadLetterStore deadLetters;
    private final Clock clock;
    private final Revocations revocations;
    private final TransientRetry retry;
    private final IngestEvents events;

    /** As the full constructor, telling no one of its dead letters ({@link IngestEvents#NONE}). */
    public StatusIngest(WireCodec codec, DeviceStore devices, DeadLetterStore deadLetters, Clock clock,
                        Revocations revocations, TransientRetry retry) {
        this(codec, devices, deadLetters, clock, revocations, retry, IngestEvents.NONE);
    }

    /**
     * @param revocations the device registry: a revoked device's statuses are dead letters, not health
     * @param retry       how transient store failures are tried again
     * @param events      told of each dead letter this instance writes (the metrics)
     */
    public StatusIngest(WireCodec codec, DeviceStore devices, DeadLetterStore deadLetters, Clock clock,
                        Revocations revocations, TransientRetry retry, IngestEvents events) {
        this.events = events;
        this.revocations = revocations;
        this.retry = retry;
        this.codec = codec;
        this.devices = devices;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public void handle(String topic, byte[] payload, boolean retained) {
        Optional<String> topicDevice = Topics.deviceIdOf(topic);
        if (topicDevice.isEmpty()) {
            deadLetter(topic, null, "status topic has no valid device id", DeadLetterReason.TOPIC_INVALID, payload);
            return;
        }
        String deviceId = topicDevice.get();
        if (refusedAsRevoked(topic, deviceId, payload, retained)) {
            return;
        }
        if (payload.length == 0) {
            // An empty retained message is how a retained status is cleared: nothing to record.
            log.debug("retained status of {} cleared", deviceId);
            return;
        }
        if (payload.length > MAX_STATUS_BYTES) {
            deadLetter(topic, deviceId, "status of " + payload.length + " bytes is over the limit of "
                    + MAX_STATUS_BYTES, DeadLetterReason.STATUS_TOO_LARGE, payload);
            return;
        }
        DeviceStatus status;
        try {
            status = codec.decodeStatus(payload);
        } catch (WireException e) {
            deadLetter(topic, deviceId, e.getMessage(), DeadLetterReason.UNREADABLE, payload);
            return;
        }
        if (status.deviceId() != null && !status.deviceId().equals(deviceId)) {
            deadLetter(topic, deviceId, "status deviceId does not match the topic's device id",
                    DeadLetterReason.DEVICE_MISMATCH, payload);
            return;
        }
        try {
            retry.call(() -> {
                devices.applyStatus(deviceId, status, retained, clock.instant());
                return null;
            });
        } catch (SQLException e) {
            // Lost, but a kiosk sends its status again every interval, and never a dead letter: a
            // status the store could not take says nothing against it.
            log.error("could not store the status of {} (SQL state {})", deviceId, Sql.state(e));
        }
    }

    /**
     * True when the device is revoked: a status it sends is dead-lettered. A retained one replayed
     * at (re)subscribe was handled when it first came, so it is only skipped, not stored twice.
     */
    private boolean refusedAsRevoked(String topic, String deviceId, byte[] payload, boolean retained) {
        try {
            if (!retry.call(() -> revocations.isRevoked(deviceId))) {
                return false;
            }
        } catch (SQLException e) {
            log.error("could not check whether {} is revoked (SQL state {})", deviceId, Sql.state(e));
            return true;
        }
        if (retained) {
            log.debug("retained status of revoked device {} skipped", deviceId);
        } else {
            deadLetter(topic, deviceId, Revocations.REASON, DeadLetterReason.DEVICE_REVOKED, payload);
        }
        return true;
    }

    /**
     * Once, whichever instances receive the status: each hub instance gets every status message. Only
     * the instance that wrote it counts it, so the instances' counts add up.
     */
    private void deadLetter(String topic, String deviceId, String reason, DeadLetterReason code, byte[] payload) {
        DeadLetter letter = DeadLetter.of(clock.instant(), topic, deviceId, null, null, reason, payload);
        try {
            if (retry.call(() -> deadLetters.addOnce(letter, payload))) {
                events.deadLettered(code);
                log.info("dead letter from {}: {}", deviceId == null ? "an unnamed device" : deviceId, reason);
            }
        } catch (SQLException e) {
            log.error("could not write a dead letter (SQL state {})", Sql.state(e));
        }
    }
}
