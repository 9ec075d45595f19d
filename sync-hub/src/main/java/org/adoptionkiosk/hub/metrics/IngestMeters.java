package org.adoptionkiosk.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.adoptionkiosk.hub.ingest.IngestEvents;
import org.adoptionkiosk.hub.store.BatchResult;
import org.adoptionkiosk.hub.store.DeadLetterReason;
import org.adoptionkiosk.protocol.RecordType;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest's counters and its latency, this instance's own: across instances they add up (sum()).
 * Every label value is registered at start, so each series is there at 0 before its first event
 * and increase() sees the first one.
 */
final class IngestMeters implements IngestEvents {
    static final String RECORDS = "adoption.hub.records.ingested";
    static final String BATCHES = "adoption.hub.batches";
    static final String DEAD_LETTERS = "adoption.hub.dead.letters";
    static final String LATENCY = "adoption.hub.ingest.latency";

    /** The latency histogram's buckets: a commit takes milliseconds, a backlog behind it seconds. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final Map<RecordType, Counter> records = new EnumMap<>(RecordType.class);
    private final Map<BatchOutcome, Counter> batches = new EnumMap<>(BatchOutcome.class);
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Timer latency;

    IngestMeters(MeterRegistry registry) {
        for (RecordType t : RecordType.values()) {
            records.put(t, Counter.builder(RECORDS).tag("type", t.wire())
                    .description("Records stored for the first time (a resend is not counted), by type")
                    .register(registry));
        }
        for (BatchOutcome o : BatchOutcome.values()) {
            batches.put(o, Counter.builder(BATCHES).tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .description("Records messages handled, by outcome: stored (something new), duplicate "
                            + "(nothing new), dead_lettered (refused whole), not_stored (store away; resent later)")
                    .register(registry));
        }
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(r, Counter.builder(DEAD_LETTERS).tag("reason", r.code())
                    .description("Dead letters written by this instance, by reason code")
                    .register(registry));
        }
        latency = Timer.builder(LATENCY)
                .description("From a records message's arrival at the hub to the commit of its batch")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    @Override
    public void batch(BatchOutcome outcome) {
        batches.get(outcome).increment();
    }

    @Override
    public void stored(BatchResult result, Duration sinceArrival) {
        result.insertedByType().forEach((type, n) -> records.get(type).increment(n));
        result.deadLettered().forEach((reason, n) -> deadLetters.get(reason).increment(n));
        latency.record(sinceArrival);
    }

    @Override
    public void deadLettered(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }
}
