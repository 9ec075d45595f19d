package org.adoptionkiosk.appliance.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.adoptionkiosk.appliance.sync.SyncAgent;
import org.adoptionkiosk.appliance.sync.SyncStatus;
import org.adoptionkiosk.protocol.RecordType;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The kiosk's few meters, in one registry made here (never Micrometer's global one), for
 * {@code GET /metrics} on loopback: captures by type, the outbox's backlog and its oldest record's
 * age, batches sent and acked, whether the broker is connected, and the JVM's memory, threads and
 * uptime. Kept small for a Pi with a 64 MB heap: no timers or histograms, and the outbox is read
 * once per scrape, not once per gauge.
 */
public final class KioskMetrics {
    static final String CAPTURES = "adoption.kiosk.captures";
    static final String BACKLOG = "adoption.kiosk.outbox.backlog";
    static final String OLDEST_UNSYNCED_AGE = "adoption.kiosk.oldest.unsynced.age";
    static final String BATCHES_SENT = "adoption.kiosk.batches.sent";
    static final String BATCHES_ACKED = "adoption.kiosk.batches.acked";
    static final String BROKER_CONNECTED = "adoption.kiosk.broker.connected";
    static final String RECORDS_REJECTED = "adoption.kiosk.records.rejected";
    static final String FORGED_ACKS = "adoption.kiosk.forged.acks";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<RecordType, Counter> captures = new EnumMap<>(RecordType.class);
    private final Supplier<SyncStatus> status;
    /** The status read for the scrape in progress: every gauge shows the same reading. */
    private volatile SyncStatus last;

    /**
     * @param status the sync state (reads the outbox: called once per scrape)
     * @param agent  its counts of batches sent and acked and of forged acks
     */
    public KioskMetrics(Supplier<SyncStatus> status, SyncAgent agent) {
        this.status = status;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (RecordType t : RecordType.values()) {
            captures.put(t, Counter.builder(CAPTURES).tag("type", t.wire())
                    .description("Records captured and committed since the kiosk started, by type")
                    .register(registry));
        }
        // The gauges read the status taken for the scrape; this object lives as long as the kiosk.
        Gauge.builder(BACKLOG, this, m -> m.last == null ? Double.NaN : m.last.backlog()).baseUnit("records")
                .description("Records captured and not yet acknowledged by the hub").register(registry);
        Gauge.builder(OLDEST_UNSYNCED_AGE, this, m -> m.last == null || m.last.oldestUnsyncedAgeSeconds() == null
                        ? 0 : m.last.oldestUnsyncedAgeSeconds()).baseUnit("seconds")
                .description("Age of the oldest record waiting to be sent (0 when none waits)").register(registry);
        Gauge.builder(BROKER_CONNECTED, this, m -> m.last != null && m.last.brokerConnected() ? 1 : 0)
                .description("1 while the kiosk is connected to the broker, else 0").register(registry);
        FunctionCounter.builder(RECORDS_REJECTED, this, m -> m.last == null ? 0 : m.last.rejected())
                .description("Records the hub refused (dead-lettered there, kept here), over the kiosk's life")
                .register(registry);
        FunctionCounter.builder(BATCHES_SENT, agent, SyncAgent::batchesSent)
                .description("Batches published to the broker since the kiosk started (a resend counts again)")
                .register(registry);
        FunctionCounter.builder(BATCHES_ACKED, agent, SyncAgent::batchesAcked)
                .description("Batches the hub acknowledged since the kiosk started").register(registry);
        FunctionCounter.builder(FORGED_ACKS, agent, SyncAgent::forgedAcks)
                .description("Acks ignored since the kiosk started because the hub had not signed them")
                .register(registry);
    }

    /** A record committed (not a repeat of one). Quick, never blocks. */
    public void captured(RecordType type) {
        captures.get(type).increment();
    }

    /** Every meter in Prometheus text format (version 0.0.4); reads the outbox once. One at a time. */
    public synchronized String scrape() {
        last = status.get();
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}'s text. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
