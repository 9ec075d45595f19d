package org.adoptionkiosk.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.hub.fleet.KioskHealth;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.followup.OpenEnquiries;
import org.adoptionkiosk.hub.store.RecordTiming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges read from the store: the fleet as the kiosks' statuses left it, the open enquiries per
 * queue and the 5-day measure. They are store-wide, so every hub instance on one store reports the
 * same values (take max() across instances, never sum()).
 * <p>
 * A scrape must not hammer the store: {@link #refreshIfStale} queries it at most once per
 * {@link #REFRESH} and the gauges show what it read then. The ages are worked out at the scrape
 * from the instants read, so they do not stand still between two reads.
 */
final class StoreGauges {
    private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);
    static final Duration REFRESH = Duration.ofSeconds(15);

    static final String KIOSKS_KNOWN = "adoption.hub.kiosks.known";
    static final String KIOSKS_ONLINE = "adoption.hub.kiosks.online";
    static final String KIOSK_BACKLOG = "adoption.hub.kiosk.backlog";
    static final String KIOSK_OLDEST_UNSYNCED_AGE = "adoption.hub.kiosk.oldest.unsynced.age";
    static final String KIOSK_LAST_SEEN = "adoption.hub.kiosk.last.seen.timestamp";
    static final String KIOSK_AT_EVENT = "adoption.hub.kiosk.at.event";
    static final String ENQUIRIES_OPEN = "adoption.hub.enquiries.open";
    static final String ENQUIRIES_OVERDUE = "adoption.hub.enquiries.overdue";
    static final String ENQUIRIES_DUE_TODAY = "adoption.hub.enquiries.due.today.unanswered";
    static final String FIVE_DAY_SHARE = "adoption.hub.five.day.share";
    static final String REFRESH_FAILURES = "adoption.hub.metrics.store.refresh.failures";

    private final FleetService fleet;
    private final OpenEnquiries enquiries;
    private final FiveDayMeasure measure;
    private final Clock clock;
    private final AtomicLong known = new AtomicLong();
    private final AtomicLong online = new AtomicLong();
    private final MultiGauge backlog;
    private final MultiGauge oldestAge;
    private final MultiGauge lastSeen;
    private final MultiGauge atEvent;
    private final MultiGauge open;
    private final MultiGauge overdue;
    private final MultiGauge dueToday;
    private final MultiGauge share;
    private final Counter failures;
    /** When the store was last read; null before the first time. */
    private Instant readAt;

    StoreGauges(MeterRegistry registry, FleetService fleet, OpenEnquiries enquiries, FiveDayMeasure measure,
                Clock clock) {
        this.fleet = fleet;
        this.enquiries = enquiries;
        this.measure = measure;
        this.clock = clock;
        Gauge.builder(KIOSKS_KNOWN, known, AtomicLong::get)
                .description("Kiosks the hub has heard from (store-wide)").register(registry);
        Gauge.builder(KIOSKS_ONLINE, online, AtomicLong::get)
                .description("Kiosks whose last status said online (store-wide)").register(registry);
        backlog = MultiGauge.builder(KIOSK_BACKLOG).baseUnit("records")
                .description("Records waiting on the kiosk, as its last status said").register(registry);
        oldestAge = MultiGauge.builder(KIOSK_OLDEST_UNSYNCED_AGE).baseUnit("seconds")
                .description("Age of the oldest record waiting on the kiosk (0 when none waits), as its last "
                        + "status said").register(registry);
        lastSeen = MultiGauge.builder(KIOSK_LAST_SEEN).baseUnit("seconds")
                .description("When the hub last heard from the kiosk (a batch, a status or its last-will), "
                        + "Unix time").register(registry);
        atEvent = MultiGauge.builder(KIOSK_AT_EVENT)
                .description("1 when the kiosk's last status said it stands at an event (event mode), else 0")
                .register(registry);
        open = MultiGauge.builder(ENQUIRIES_OPEN)
                .description("Enquiries not closed, per queue").register(registry);
        overdue = MultiGauge.builder(ENQUIRIES_OVERDUE)
                .description("Enquiries not closed, never answered and past their due day, per queue")
                .register(registry);
        dueToday = MultiGauge.builder(ENQUIRIES_DUE_TODAY)
                .description("Enquiries not closed, never answered and due today, per queue").register(registry);
        share = MultiGauge.builder(FIVE_DAY_SHARE)
                .description("Share (0..1) of the enquiries of the current business year (1 April to 31 March) "
                        + "come due that were first answered within 5 working days, per queue and national")
                .register(registry);
        failures = Counter.builder(REFRESH_FAILURES)
                .description("Times these gauges could not be read from the store (they keep the last values)")
                .register(registry);
    }

    /** Reads the store when the last read is older than {@link #REFRESH} (or the clock went back). */
    synchronized void refreshIfStale() {
        Instant now = clock.instant();
        if (readAt != null && !now.isBefore(readAt) && now.isBefore(readAt.plus(REFRESH))) {
            return;
        }
        readAt = now;
        try {
            readFleet();
            readEnquiries(now);
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            // The class and SQL state only: a message could quote a value.
            log.warn("metrics: could not read the store ({}{}); the gauges keep their last values",
                    e.getClass().getSimpleName(), e instanceof SQLException s ? ", SQL state " + s.getSQLState() : "");
        }
    }

    private void readFleet() throws SQLException {
        List<KioskHealth> kiosks = fleet.health();
        known.set(kiosks.size());
        online.set(kiosks.stream().filter(k -> Boolean.TRUE.equals(k.online())).count());
        List<MultiGauge.Row<?>> backlogs = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        List<MultiGauge.Row<?>> seen = new ArrayList<>();
        List<MultiGauge.Row<?>> events = new ArrayList<>();
        for (KioskHealth k : kiosks) {
            Tags device = Tags.of("device", k.deviceId());
            if (k.backlog() != null) {
                backlogs.add(MultiGauge.Row.of(device, k.backlog()));
                ages.add(MultiGauge.Row.of(device, k, this::oldestAgeSeconds));
            }
            if (k.lastSeen() != null) {
                seen.add(MultiGauge.Row.of(device, k.lastSeen().toEpochMilli() / 1000.0));
            }
            events.add(MultiGauge.Row.of(device, k.atEvent() ? 1 : 0));
        }
        backlog.register(backlogs, true);
        oldestAge.register(ages, true);
        lastSeen.register(seen, true);
        atEvent.register(events, true);
    }

    private double oldestAgeSeconds(KioskHealth k) {
        if (k.oldestUnsyncedAt() == null || k.backlog() == null || k.backlog() == 0) {
            return 0;
        }
        return Math.max(0, Duration.between(k.oldestUnsyncedAt(), clock.instant()).toMillis() / 1000.0);
    }

    private void readEnquiries(Instant now) throws SQLException {
        List<MultiGauge.Row<?>> opens = new ArrayList<>();
        List<MultiGauge.Row<?>> overdues = new ArrayList<>();
        List<MultiGauge.Row<?>> dues = new ArrayList<>();
        for (OpenEnquiries.Queue q : enquiries.byQueue()) {
            Tags queue = queue(q.kind(), q.id());
            opens.add(MultiGauge.Row.of(queue, q.open()));
            overdues.add(MultiGauge.Row.of(queue, q.overdue()));
            dues.add(MultiGauge.Row.of(queue, q.dueTodayUnanswered()));
        }
        open.register(opens, true);
        overdue.register(overdues, true);
        dueToday.register(dues, true);

        Period year = Period.businessYear(Period.businessYearOf(RecordTiming.day(now)));
        FiveDayMeasure.Result r = measure.measure(year);
        List<MultiGauge.Row<?>> shares = new ArrayList<>();
        for (FiveDayMeasure.Line l : r.queues()) {
            // No share until one of the queue's enquiries has come due: no series rather than NaN.
            if (l.share() != null) {
                shares.add(MultiGauge.Row.of(queue(l.kind(), l.id()), l.share()));
            }
        }
        if (r.national().share() != null) {
            shares.add(MultiGauge.Row.of(queue("national", "national"), r.national().share()));
        }
        share.register(shares, true);
    }

    private static Tags queue(String kind, String id) {
        return Tags.of("queue_kind", kind, "queue", id);
    }
}
