package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.figures.FigureCounts;
import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.ingest.Ingest;
import org.adoptionkiosk.hub.ingest.RecordsIngest;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.hub.metrics.HubMetrics;
import org.adoptionkiosk.hub.ingest.StatusIngest;
import org.adoptionkiosk.hub.routing.EnquiryRouting;
import org.adoptionkiosk.hub.routing.Router;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.DeviceStore;
import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.hub.store.TransientRetry;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A store failure that is not the batch's fault (deadlock, lost connection, lock timeout) is
 * retried, and when it lasts it is neither dead-lettered nor acked: the kiosk's resend stores it.
 * Only a failure of the batch itself is a dead letter. On H2, and on PostgreSQL in the build's
 * second run. The hub's metrics count each outcome (their own meters, scraped as text).
 */
class TransientStoreFailureTest {
    private final WireCodec codec = new WireCodec();
    private final Clock clock = Clock.systemUTC();
    private CapturingLink link;
    private TestStore store;
    private HikariDataSource ds;
    private FaultyDataSource faulty;
    private RecordsIngest ingest;
    private DeviceStore devices;
    private DeadLetterStore deadLetters;
    private HubMetrics metrics;
    /** The waits the retry asked for: noted, never slept. */
    private final List<Long> waits = new ArrayList<>();
    private final TransientRetry retry = new TransientRetry(TransientRetry.ATTEMPTS, 50, 2_000, waits::add, () -> 0.5);

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        link = new CapturingLink(dir);
        store = TestStore.open();
        ds = store.dataSource(dir);
        faulty = new FaultyDataSource(ds);
        devices = new DeviceStore(faulty);
        deadLetters = new DeadLetterStore(faulty);
        RecordStore records = new RecordStore(faulty, codec, devices, deadLetters, clock,
                List.of(new FigureCounts(), new EnquiryRouting(new Router(RegionMap.wales(codec.mapper())),
                        WorkingDays.englandAndWales(codec.mapper()))));
        metrics = new HubMetrics(dir, clock);
        ingest = new RecordsIngest(codec, records, deadLetters, link, clock, d -> false, retry,
                SigningKeys.loadOrCreate(dir, null), metrics.ingestEvents());
    }

    @AfterEach
    void stop() {
        try {
            ds.close();
        } finally {
            try {
                store.close();
            } finally {
                metrics.close();
            }
        }
    }

    private double batches(String outcome) {
        return PrometheusText.parse(metrics.scrape()).get("adoption_hub_batches_total", "outcome", outcome);
    }

    @Test
    void aDeadlockThatLastsIsNeitherDeadLetteredNorAckedAndTheResendIsStored() throws Exception {
        String d = "kiosk-deadlocked";
        RecordBatch b = batch(d, List.of(signin(1), signin(2)));
        faulty.failLocks(Integer.MAX_VALUE, "40P01");
        ingest.handle(List.of(message(b)));

        assertEquals(List.of(), reasons(), "a deadlock is not the batch's fault");
        assertEquals(List.of(), link.acks(d), "nothing acked that is not stored");
        assertEquals(0, count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
        assertEquals(TransientRetry.ATTEMPTS, faulty.failed(), "tried again up to the bound, then left");
        assertEquals(List.of(38L, 75L, 150L, 300L), waits, "growing waits between the attempts");
        assertEquals(TransientRetry.ATTEMPTS, retry.seen("40P01"));
        assertEquals(1, batches("not_stored"));
        assertEquals(0, batches("stored"));

        // The kiosk resends on ack timeout (a new batch id, the same records).
        faulty.heal();
        RecordBatch resend = new RecordBatch(b.schema(), d, java.util.UUID.randomUUID(), b.bootId(), b.records());
        ingest.handle(List.of(message(resend)));
        List<Ack> acks = link.acks(d);
        assertEquals(1, acks.size());
        assertEquals(resend.batchId(), acks.get(0).batchId());
        assertEquals(b.records().stream().map(KioskRecord::id).toList(), acks.get(0).accepted());
        assertEquals(2, count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
        assertEquals(List.of(), reasons());
        assertEquals(1, batches("stored"));
        assertEquals(1, batches("not_stored"));
    }

    @Test
    void aLostConnectionInAGroupDeadLettersNoneOfItsBatches() throws Exception {
        List<RecordBatch> group = List.of(batch("kiosk-a", List.of(signin(1))), batch("kiosk-b", List.of(signin(1))),
                batch("kiosk-c", List.of(signin(1), signin(2))));
        faulty.failLocks(Integer.MAX_VALUE, "08006");
        ingest.handle(group.stream().map(this::message).toList());

        assertEquals(List.of(), reasons());
        assertEquals(List.of(), link.acks());
        assertEquals(0, count("SELECT COUNT(*) FROM records"));
        assertEquals(TransientRetry.ATTEMPTS, faulty.failed(), "the group as a whole, not one batch at a time");
        assertEquals(3, batches("not_stored"));

        faulty.heal();
        ingest.handle(group.stream().map(this::message).toList());
        assertEquals(group.stream().map(RecordBatch::batchId).toList(),
                link.acks().stream().map(Ack::batchId).toList());
        assertEquals(4, count("SELECT COUNT(*) FROM records"));
        assertEquals(List.of(), reasons());
    }

    @Test
    void aBriefDeadlockIsRetriedAndTheBatchAckedAtOnce() throws Exception {
        String d = "kiosk-brief";
        RecordBatch b = batch(d, List.of(signin(1), signin(2), signin(3)));
        faulty.failLocks(2, "40P01");
        ingest.handle(List.of(message(b)));

        assertEquals(2, faulty.failed());
        assertEquals(List.of(b.batchId()), link.acks(d).stream().map(Ack::batchId).toList());
        assertEquals(3, count("SELECT COUNT(*) FROM records WHERE device_id = ?", d));
        assertEquals(3, count("SELECT SUM(n) FROM figure_counts WHERE dim = ? AND dim_key = ?",
                FigureCounts.KIOSK, d), "counted once, whatever was rolled back");
        assertEquals(List.of(), reasons());
    }

    @Test
    void aFailureOfTheBatchItselfIsStillADeadLetter() throws Exception {
        String d = "kiosk-broken";
        RecordBatch b = batch(d, List.of(signin(1)));
        faulty.failLocks(Integer.MAX_VALUE, "22001");
        ingest.handle(List.of(message(b)));

        assertEquals(1, faulty.failed(), "not retried: trying again cannot help");
        assertEquals(List.of(), waits);
        assertEquals(List.of("hub could not store the batch (SQL state 22001)"), reasons());
        assertEquals(List.of(), link.acks(d));
        PrometheusText m = PrometheusText.parse(metrics.scrape());
        assertEquals(1, m.get("adoption_hub_dead_letters_total", "reason", "store_failed"));
        assertEquals(1, m.get("adoption_hub_batches_total", "outcome", "dead_lettered"));
        assertEquals(0, m.get("adoption_hub_batches_total", "outcome", "not_stored"));
    }

    @Test
    void aStatusAndADeadLetterOutlastABriefFailure() throws Exception {
        String d = "kiosk-status";
        StatusIngest status = new StatusIngest(codec, devices, deadLetters, clock, x -> false, retry);
        Statuses s = Statuses.of(d);
        s.backlog = 7L;
        faulty.fail("UPDATE devices SET online", 2, "08006");
        status.handle(Topics.status(d), codec.encode(s.build()), false);
        assertEquals(2, faulty.failed());
        assertEquals(7, count("SELECT backlog FROM devices WHERE device_id = ?", d));

        faulty.fail("INSERT INTO dead_letters", 1, "40001");
        ingest.handle(List.of(new Ingest.Message(Topics.records(d), "{not a batch".getBytes(UTF_8), false)));
        assertEquals(3, faulty.failed());
        assertEquals(1, reasons().size(), "written once, after the retry");
        assertEquals(List.of(38L, 75L, 38L), waits);
    }

    private Ingest.Message message(RecordBatch b) {
        return new Ingest.Message(Topics.records(b.deviceId()), codec.encode(b), false);
    }

    private List<String> reasons() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reason FROM dead_letters ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(String sql, Object... params) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
