package org.adoptionkiosk.hub.ingest;

import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.hub.mqtt.BrokerClient;
import org.adoptionkiosk.hub.mqtt.BrokerClientException;
import org.adoptionkiosk.hub.registry.Revocations;
import org.adoptionkiosk.hub.store.BatchResult;
import org.adoptionkiosk.hub.store.DeadLetter;
import org.adoptionkiosk.hub.store.DeadLetterReason;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.hub.store.TransientRetry;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.Rejection;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One records message: check the batch, store it, then (only after commit) ack it.
 * <p>
 * A transient store failure (deadlock, lock timeout, lost connection: {@link Sql#isTransient}) is
 * tried again ({@link TransientRetry}); when it lasts, the batch is neither acked nor dead-lettered,
 * and the kiosk sends it again on its ack timeout. Only what is wrong with a batch itself makes it a
 * dead letter.
 */
public final class RecordsIngest {
    private static final Logger log = LoggerFactory.getLogger(RecordsIngest.class);

    private final WireCodec codec;
    private final RecordStore store;
    private final DeadLetterStore deadLetters;
    private final BrokerClient link;
    private final Clock clock;
    private final Revocations revocations;
    private final TransientRetry retry;
    private final SigningKeys signing;
    private final IngestEvents events;

    /** As the full constructor, telling no one what happens ({@link IngestEvents#NONE}). */
    public RecordsIngest(WireCodec codec, RecordStore store, DeadLetterStore deadLetters, BrokerClient link,
                         Clock clock, Revocations revocations, TransientRetry retry, SigningKeys signing) {
        this(codec, store, deadLetters, link, clock, revocations, retry, signing, IngestEvents.NONE);
    }

    /**
     * @param revocations the device registry: a revoked device's batches are refused (dead letter, rejecting ack)
     * @param retry       how transient store failures are tried again
     * @param signing     signs every ack: a kiosk settles nothing the hub did not sign
     * @param events      told each batch's outcome, what it stored and its dead letters (the metrics)
     */
    public RecordsIngest(WireCodec codec, RecordStore store, DeadLetterStore deadLetters, BrokerClient link,
                         Clock clock, Revocations revocations, TransientRetry retry, SigningKeys signing,
                         IngestEvents events) {
        this.events = events;
        this.revocations = revocations;
        this.retry = retry;
        this.signing = signing;
        this.codec = codec;
        this.store = store;
        this.deadLetters = deadLetters;
        this.link = link;
        this.clock = clock;
    }

    /** Thrown by {@link #check} when the store does not answer: nothing more of the group can be done. */
    private static final class StoreAway extends Exception {
        StoreAway(SQLException cause) {
            super(cause);
        }
    }

    /** Checks each message, stores the good batches together, then acks each after the commit. */
    public void handle(List<Ingest.Message> messages) {
        List<RecordStore.Incoming> batches = new ArrayList<>();
        // When each batch's message arrived, by the batch's place in batches.
        List<Long> arrived = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Ingest.Message m = messages.get(i);
            RecordBatch batch;
            try {
                batch = check(m.topic(), m.payload());
            } catch (StoreAway e) {
                // Not acked, so the kiosks send them again; the store is down for the batches too.
                SQLException cause = (SQLException) e.getCause();
                log.error("could not check a device for revocation (SQL state {}); the group's {} messages are"
                        + " not acked, so their kiosks resend them", Sql.state(cause), messages.size());
                for (int n = batches.size() + messages.size() - i; n > 0; n--) {
                    events.batch(IngestEvents.BatchOutcome.NOT_STORED);
                }
                return;
            }
            if (batch != null) {
                batches.add(new RecordStore.Incoming(m.topic(), batch));
                arrived.add(m.arrivedNanos());
            }
        }
        if (batches.isEmpty()) {
            return;
        }
        List<BatchResult> results;
        try {
            results = retry.call(() -> store.store(batches));
        } catch (SQLException e) {
            if (Sql.isTransient(e)) {
                notStored(batches, e);
                return;
            }
            if (batches.size() == 1) {
                failed(batches.get(0), e);
                return;
            }
            // One batch may be the cause: store them one at a time so the others still go in.
            for (int i = 0; i < batches.size(); i++) {
                RecordStore.Incoming in = batches.get(i);
                BatchResult result;
                try {
                    result = retry.call(() -> store.store(in.topic(), in.batch()));
                } catch (SQLException single) {
                    if (Sql.isTransient(single)) {
                        notStored(List.of(in), single);
                    } else {
                        failed(in, single);
                    }
                    continue;
                }
                stored(result, arrived.get(i));
                ack(in.batch(), result);
            }
            return;
        }
        for (int i = 0; i < batches.size(); i++) {
            stored(results.get(i), arrived.get(i));
        }
        for (int i = 0; i < batches.size(); i++) {
            ack(batches.get(i).batch(), results.get(i));
        }
    }

    /** Tells the events a batch committed (before its ack goes: the latency ends at the commit). */
    private void stored(BatchResult result, long arrivedNanos) {
        events.batch(result.inserted() > 0 ? IngestEvents.BatchOutcome.STORED : IngestEvents.BatchOutcome.DUPLICATE);
        events.stored(result, Duration.ofNanos(Math.max(0, System.nanoTime() - arrivedNanos)));
    }

    /**
     * The batch, or null when the message cannot be one (then it is dead-lettered).
     *
     * @throws StoreAway when the store cannot say whether the device is revoked
     */
    private RecordBatch check(String topic, byte[] payload) throws StoreAway {
        Optional<String> topicDevice = Topics.deviceIdOf(topic);
        if (topicDevice.isEmpty()) {
            deadLetter(topic, null, null, "records topic has no valid device id", DeadLetterReason.TOPIC_INVALID,
                    payload);
            return null;
        }
        String deviceId = topicDevice.get();
        RecordBatch batch;
        try {
            batch = codec.decodeBatch(payload);
        } catch (WireException e) {
            deadLetter(topic, deviceId, null, e.getMessage(), DeadLetterReason.UNREADABLE, payload);
            return null;
        }
        if (!batch.deviceId().equals(deviceId)) {
            deadLetter(topic, deviceId, batch.batchId(), "batch deviceId does not match the topic's device id",
                    DeadLetterReason.DEVICE_MISMATCH, payload);
            return null;
        }
        boolean revoked;
        try {
            revoked = retry.call(() -> revocations.isRevoked(deviceId));
        } catch (SQLException e) {
            throw new StoreAway(e);
        }
        if (revoked) {
            refuseRevoked(topic, batch, payload);
            return null;
        }
        return batch;
    }

    /**
     * A revoked device's batch: kept as one dead letter, and answered with every record rejected
     * so the kiosk stops resending it. contiguousSeq is 0: the hub reports no progress to a
     * revoked device.
     */
    private void refuseRevoked(String topic, RecordBatch batch, byte[] payload) {
        deadLetter(topic, batch.deviceId(), batch.batchId(), Revocations.REASON, DeadLetterReason.DEVICE_REVOKED,
                payload);
        List<Rejection> rejected = batch.records().stream()
                .filter(r -> r.id() != null)
                .map(r -> new Rejection(r.id(), Revocations.REASON))
                .toList();
        ack(batch, new BatchResult(List.of(), rejected, 0, 0));
    }

    /**
     * Transient failures outlasted the retries: neither acked nor dead-lettered, as nothing is wrong
     * with the batches; their kiosks send them again on their ack timeout. One line, SQL state only.
     */
    private void notStored(List<RecordStore.Incoming> batches, SQLException e) {
        log.warn("could not store {} batch(es) after {} attempts (SQL state {}); not acked, so their kiosks"
                        + " resend them: {}", batches.size(), retry.attempts(), Sql.state(e),
                batches.stream().map(in -> in.batch().deviceId() + "/" + in.batch().batchId()).toList());
        for (int i = 0; i < batches.size(); i++) {
            events.batch(IngestEvents.BatchOutcome.NOT_STORED);
        }
    }

    /**
     * A failure of the batch itself (not transient): not acked, so the kiosk sends it again later;
     * kept as a dead letter meanwhile.
     */
    private void failed(RecordStore.Incoming in, SQLException e) {
        RecordBatch batch = in.batch();
        log.error("could not store batch {} from {} (SQL state {})", batch.batchId(), batch.deviceId(),
                e.getSQLState());
        deadLetter(in.topic(), batch.deviceId(), batch.batchId(),
                "hub could not store the batch (SQL state " + e.getSQLState() + ")", DeadLetterReason.STORE_FAILED,
                codec.encode(batch));
    }

    private void ack(RecordBatch batch, BatchResult result) {
        String deviceId = batch.deviceId();
        Ack ack = new Ack(batch.batchId(), result.accepted(), result.rejected(), result.contiguousSeq(),
                clock.instant());
        try {
            String topic = Topics.ack(deviceId);
            link.publish(topic, signing.sign(codec, topic, codec.encode(ack)), 1, false);
        } catch (BrokerClientException e) {
            log.warn("ack for batch {} to {} not sent ({}); the kiosk will resend", batch.batchId(), deviceId,
                    e.getMessage());
        }
        if (!result.rejected().isEmpty()) {
            log.info("batch {} from {}: {} accepted, {} rejected (see dead letters)", batch.batchId(), deviceId,
                    result.accepted().size(), result.rejected().size());
        } else {
            log.debug("batch {} from {}: {} accepted, {} new, contiguous {}", batch.batchId(), deviceId,
                    result.accepted().size(), result.inserted(), result.contiguousSeq());
        }
    }

    /** A whole batch refused: kept as one dead letter, and counted as such. */
    private void deadLetter(String topic, String deviceId, UUID batchId, String reason, DeadLetterReason code,
                            byte[] payload) {
        log.info("dead letter from {}: {}", deviceId == null ? "an unnamed device" : deviceId, reason);
        events.batch(IngestEvents.BatchOutcome.DEAD_LETTERED);
        DeadLetter letter = DeadLetter.of(clock.instant(), topic, deviceId, batchId, null, reason, payload);
        try {
            retry.call(() -> {
                deadLetters.add(letter);
                return null;
            });
            events.deadLettered(code);
        } catch (SQLException e) {
            log.error("could not write a dead letter (SQL state {})", Sql.state(e));
        }
    }
}
