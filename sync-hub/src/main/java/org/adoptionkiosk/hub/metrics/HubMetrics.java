package org.adoptionkiosk.hub.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.followup.OpenEnquiries;
import org.adoptionkiosk.hub.ingest.IngestEvents;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The hub's meters, in one registry made here (never Micrometer's global one), and their text for
 * {@code GET /metrics}: ingest's counters and latency, the store-wide gauges, the JVM's, the data
 * folder's disk and the connection pool's. Every meter name is {@code adoption_hub_*} (the JVM's,
 * the disk's and HikariCP's keep their usual names).
 */
public final class HubMetrics implements AutoCloseable {
    static final String INGEST_QUEUE = "adoption.hub.ingest.queue";
    static final String MQTT_CONNECTED = "adoption.hub.mqtt.connected";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final IngestMeters ingest;
    private StoreGauges store;

    /**
     * @param dataDir the hub's data folder: its disk's free and total space are watched
     * @param clock   the hub's clock: when the store-wide gauges are due to be read again, and ages
     */
    public HubMetrics(Path dataDir, Clock clock) {
        this.clock = clock;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // Tagged, so the disk alert tells the hub's data folder from other programs' disk metrics.
        new DiskSpaceMetrics(dataDir.toFile(), Tags.of("application", "adoption-hub")).bindTo(registry);
        ingest = new IngestMeters(registry);
    }

    /** What ingest reports to: the records, batches and dead-letter counters and the latency. */
    public IngestEvents ingestEvents() {
        return ingest;
    }

    /** The pool's connections (active, idle, pending, timeouts, usage): {@code hikaricp_*}. */
    public void watchPool(HikariDataSource pool) {
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    /**
     * This instance's ingest queue (messages taken from MQTT, not yet handled) and whether its MQTT
     * link is up. Both are read at each scrape, so they must be quick.
     */
    public void watchIngest(IntSupplier queue, BooleanSupplier mqttConnected) {
        // Strong references: a gauge holds its object weakly, and nothing else holds these lambdas.
        Gauge.builder(INGEST_QUEUE, queue, IntSupplier::getAsInt).baseUnit("messages").strongReference(true)
                .description("Messages this instance took from MQTT and has not yet handled").register(registry);
        Gauge.builder(MQTT_CONNECTED, mqttConnected, c -> c.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 while this instance's MQTT link is up, else 0").register(registry);
    }

    /** The store-wide gauges: kiosks, open enquiries per queue, the 5-day share. Once only. */
    public synchronized void watchStore(FleetService fleet, OpenEnquiries enquiries, FiveDayMeasure measure) {
        if (store != null) {
            throw new IllegalStateException("the store is watched already");
        }
        store = new StoreGauges(registry, fleet, enquiries, measure, clock);
    }

    /**
     * Every meter in Prometheus text format (version 0.0.4), the store-wide gauges read first if they
     * are due. One scrape at a time: a second waits, and then finds them fresh.
     */
    public synchronized String scrape() {
        if (store != null) {
            store.refreshIfStale();
        }
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}'s text. */
    public static String contentType() {
        return io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
