package org.adoptionkiosk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.Hub;
import org.adoptionkiosk.hub.HubConfig;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.followup.FiveDayMeasure;
import org.adoptionkiosk.hub.followup.Funnel;
import org.adoptionkiosk.hub.history.ReportedHistory;
import org.adoptionkiosk.hub.reports.HalfYearReport;
import org.adoptionkiosk.hub.reports.Part;
import org.adoptionkiosk.hub.reports.Reports;
import org.adoptionkiosk.hub.web.PageTexts;
import org.adoptionkiosk.hub.web.Pages;
import org.adoptionkiosk.hub.web.ReportPages;
import org.adoptionkiosk.hub.web.HtmlPdf;
import org.adoptionkiosk.hub.web.ReportPdf;
import org.adoptionkiosk.hub.figures.FigureCounts;
import org.adoptionkiosk.hub.figures.Figures;
import org.adoptionkiosk.hub.figures.FiguresService;
import org.adoptionkiosk.hub.figures.Period;
import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.routing.EnquiryRouting;
import org.adoptionkiosk.hub.routing.Router;
import org.adoptionkiosk.hub.store.BatchResult;
import org.adoptionkiosk.hub.store.DeadLetterStore;
import org.adoptionkiosk.hub.store.DeviceStore;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.hub.store.RecordStore;
import org.adoptionkiosk.hub.web.HubHandler;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures phase: N records of two business years stored on a real PostgreSQL through the hub's
 * own RecordStore (so figure_counts and the enquiries' routes are written as in production), then
 * the figures of the second business year timed three ways: FiguresService in-process (the work
 * GET /api/figures does after parsing the period), the route itself over HTTP on a started hub, and
 * the naive way, a GROUP BY over the records table. The two answers must agree.
 */
final class FiguresRun {
    /** The hub's clock: a few days after the measured year ended, so every capture time is plausible. */
    static final Instant HUB_NOW = Instant.parse("2027-04-06T08:00:00Z");
    static final int BATCH = 1_000;
    private static final long SEED = 20_260_401L;
    private static final String USER = "bench-central";
    private static final String PASSWORD = "bench figures password";

    /** The naive query: the same counts straight from the records, by every dimension and month at once. */
    static final String NAIVE = "SELECT type, local_authority, event_id, device_id, lang, topic,"
            + " EXTRACT(YEAR FROM figure_date) AS y, EXTRACT(MONTH FROM figure_date) AS m, COUNT(*) AS n"
            + " FROM records WHERE figure_date >= ? AND figure_date <= ?"
            + " GROUP BY type, local_authority, event_id, device_id, lang, topic,"
            + " EXTRACT(YEAR FROM figure_date), EXTRACT(MONTH FROM figure_date)";

    private static final String[] DIMS = {FigureCounts.COUNCIL, FigureCounts.EVENT, FigureCounts.KIOSK,
            FigureCounts.LANG, FigureCounts.TOPIC};

    /** Calls timed of the board's report: each builds it and renders a PDF, so a few suffice. */
    static final int REPORT_CALLS = 5;
    /** Each call reads the year's enquiries: two warm-up calls load the JIT and the caches. */
    static final int REPORT_WARMUP = 2;

    private FiguresRun() {
    }

    record Latency(double p50Millis, double p99Millis) {
    }

    /** Sign-ins and enquiries of one key or month. */
    private record Count(long signins, long enquiries) {
        Count plus(Count o) {
            return new Count(signins + o.signins, enquiries + o.enquiries);
        }

        boolean isZero() {
            return signins == 0 && enquiries == 0;
        }

        @Override
        public String toString() {
            return Main.format(signins) + " sign-ins, " + Main.format(enquiries) + " enquiries";
        }
    }

    /** One period's counts by dimension and key, by month, and in all: what the two ways are compared on. */
    private static final class Tallies {
        final Map<String, Map<String, Count>> byDim = new TreeMap<>();
        final Map<YearMonth, Count> byMonth = new TreeMap<>();
        Count total = new Count(0, 0);

        void add(String dim, String key, Count c) {
            if (!c.isZero()) {
                byDim.computeIfAbsent(dim, k -> new TreeMap<>()).merge(key, c, Count::plus);
            }
        }

        void addMonth(YearMonth m, Count c) {
            if (!c.isZero()) {
                byMonth.merge(m, c, Count::plus);
            }
        }

        Map<String, Count> dim(String dim) {
            return byDim.getOrDefault(dim, Map.of());
        }
    }

    static void run(BenchOptions o, Path work, Map<String, Object> result) throws Exception {
        int n = o.figuresRecords();
        result.put("figures_records", n);
        if (n == 0) {
            skip(result, "--figures-records 0");
            return;
        }
        Properties login = new Properties();
        if (o.figuresJdbcUser() != null) {
            login.setProperty("user", o.figuresJdbcUser());
        }
        if (o.figuresJdbcPassword() != null) {
            login.setProperty("password", o.figuresJdbcPassword());
        }
        byte[] tag = new byte[4];
        new SecureRandom().nextBytes(tag);
        String schema = "bench_" + HexFormat.of().formatHex(tag);
        String version;
        try (Connection admin = DriverManager.getConnection(o.figuresJdbcUrl(), login);
             Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                version = "PostgreSQL " + rs.getString(1);
            }
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")) {
                skip(result, "no usable PostgreSQL at " + o.figuresJdbcUrl() + " (" + e.getMessage() + ")");
                return;
            }
            throw e;
        }
        result.put("figures_postgresql", version);
        result.put("figures_schema", schema);
        String url = o.figuresJdbcUrl() + (o.figuresJdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        System.out.println("figures: " + version + ", schema " + schema
                + (o.figuresKeep() ? " (kept afterwards: --figures-keep-schema)" : " (dropped afterwards)"));
        try {
            measure(o, work, url, result);
        } finally {
            if (o.figuresKeep()) {
                System.out.println("figures: schema " + schema + " kept; drop it with DROP SCHEMA " + schema
                        + " CASCADE");
            } else {
                try (Connection admin = DriverManager.getConnection(o.figuresJdbcUrl(), login);
                     Statement st = admin.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static void skip(Map<String, Object> result, String why) {
        System.out.println("figures: SKIPPED: " + why);
        result.put("figures_skipped", why);
    }

    private static void measure(BenchOptions o, Path work, String url, Map<String, Object> result) throws Exception {
        int n = o.figuresRecords();
        WireCodec codec = new WireCodec();
        RegionMap regions = RegionMap.wales(codec.mapper());
        WorkingDays workingDays = WorkingDays.englandAndWales(codec.mapper());
        Clock clock = Clock.fixed(HUB_NOW, ZoneOffset.UTC);
        FiguresMix mix = new FiguresMix(regions, workingDays);
        Period year = Period.businessYear(FiguresMix.MEASURED_YEAR);
        Figures figures;
        try (HikariDataSource ds = HubDatabase.open(url, o.figuresJdbcUser(), o.figuresJdbcPassword())) {
            // The hooks Hub.start gives its RecordStore.
            RecordStore store = new RecordStore(ds, codec, new DeviceStore(ds), new DeadLetterStore(ds), clock,
                    List.of(new FigureCounts(), new EnquiryRouting(new Router(regions), workingDays)));
            List<FiguresMix.KioskVisits> kiosks = mix.visits(n, SEED);
            System.out.println("figures: storing " + Main.format(n) + " records of " + mix.kioskIds.size()
                    + " kiosks, " + mix.events.size() + " events, business years "
                    + Period.businessYearLabel(FiguresMix.FIRST_YEAR) + " and "
                    + Period.businessYearLabel(FiguresMix.MEASURED_YEAR) + ", through RecordStore in batches of "
                    + Main.format(BATCH) + " on " + o.figuresThreads() + " threads…");
            double fill = fill(store, mix, kiosks, o.figuresThreads(), n);
            result.put("figures_fill_seconds", Main.round3(fill));
            result.put("figures_fill_rps", Math.round(n / fill));
            System.out.printf("figures: stored in %.1f s (%s records/s)%n", fill, Main.format(n / fill));
            eventsAndSites(ds, mix, regions);
            long vacuumStart = System.nanoTime();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                // The hub's person index marks each enquiry once it has read its sealed part, a little at a
                // time in the background; two years on, every record has been. These sealed parts are not
                // real HPKE, so the job itself could only call them unreadable: they are marked here, at
                // once, rather than leave the started hub's job rewriting rows during the HTTP timing.
                st.executeUpdate("UPDATE records SET person_indexed = TRUE WHERE person_indexed = FALSE");
                // What autovacuum does to tables that have grown for two years: fresh statistics and a
                // visibility map, so the planner sees the real sizes.
                st.execute("VACUUM ANALYZE records");
                st.execute("VACUUM ANALYZE figure_counts");
                st.execute("VACUUM ANALYZE figure_months");
                st.execute("VACUUM ANALYZE enquiries");
            }
            result.put("figures_settle_seconds", Main.round3((System.nanoTime() - vacuumStart) / 1e9));
            sizes(ds, year, result);

            FiguresService service = new FiguresService(ds, regions, new Texts()::get);
            System.out.println("figures: FiguresService.figures(" + year.label() + "), " + BenchOptions.FIGURES_WARMUP
                    + " warm-up + " + o.figuresCalls() + " calls…");
            Figures[] last = new Figures[1];
            Latency fast = time(o.figuresCalls(), () -> last[0] = service.figures(year));
            figures = last[0];
            result.put("figures_p50_ms", Main.round3(fast.p50Millis()));
            result.put("figures_p99_ms", Main.round3(fast.p99Millis()));

            System.out.println("figures: naive GROUP BY over records, " + BenchOptions.FIGURES_WARMUP + " warm-up + "
                    + o.figuresCalls() + " calls…");
            Tallies[] naive = new Tallies[2];
            Latency slow = time(o.figuresCalls(), () -> {
                try (Connection c = ds.getConnection()) {
                    naive[0] = naive(c, year, regions);
                    naive[1] = naive(c, year.yearEarlier(), regions);
                }
            });
            result.put("figures_naive_p50_ms", Main.round3(slow.p50Millis()));
            result.put("figures_naive_p99_ms", Main.round3(slow.p99Millis()));
            result.put("figures_speedup", Main.round3(slow.p50Millis() / fast.p50Millis()));
            check(figures, naive[0], naive[1], n);
            result.put("figures_agree", true);
            result.put("figures_year_signins", figures.totals().signins());
            result.put("figures_year_enquiries", figures.totals().enquiries());
            report(ds, service, regions, clock, result);
        }
        http(o, work, url, clock, year, figures, result);
    }

    /**
     * The board's report on the measured business year (its comparison, figures, 5-day measure and
     * funnel) built and rendered as an English PDF: {@code report_ms}, the p50 of a few calls after
     * the warm-up.
     */
    private static void report(HikariDataSource ds, FiguresService service, RegionMap regions, Clock clock,
                               Map<String, Object> result) throws Exception {
        Texts texts = new Texts();
        Reports reports = new Reports(service, new FiveDayMeasure(ds, regions, clock),
                new Funnel(ds, regions, texts::get, clock), new ReportedHistory(ds), clock);
        ReportPdf pdf = new ReportPdf(new Pages(), new HtmlPdf());
        PageTexts en = new PageTexts(PageTexts.EN, texts);
        User board = new User("bench", Role.VIEWER, null, null);
        System.out.println("figures: the board's report on " + Period.businessYearLabel(FiguresMix.MEASURED_YEAR)
                + " as a PDF, " + REPORT_WARMUP + " warm-up + " + REPORT_CALLS + " calls…");
        long[] build = new long[REPORT_WARMUP + REPORT_CALLS];
        int[] call = new int[1];
        int[] bytes = new int[1];
        Call one = () -> {
            long start = System.nanoTime();
            HalfYearReport r = reports.report(board, FiguresMix.MEASURED_YEAR, Part.YEAR);
            build[call[0]++] = System.nanoTime() - start;
            bytes[0] = pdf.render(new ReportPages.PdfView(ReportPages.body(en, r), "bench")).length;
        };
        for (int i = 0; i < REPORT_WARMUP; i++) {
            one.run();
        }
        long[] nanos = new long[REPORT_CALLS];
        for (int i = 0; i < REPORT_CALLS; i++) {
            long start = System.nanoTime();
            one.run();
            nanos[i] = System.nanoTime() - start;
        }
        long[] built = Arrays.copyOfRange(build, REPORT_WARMUP, build.length);
        Arrays.sort(nanos);
        Arrays.sort(built);
        double total = CaptureRun.percentile(nanos, 0.50) / 1e6;
        double model = CaptureRun.percentile(built, 0.50) / 1e6;
        result.put("report_ms", Main.round3(total));
        result.put("report_build_ms", Main.round3(model));
        result.put("report_pdf_bytes", bytes[0]);
        System.out.printf("figures: report p50 %.0f ms (building it %.0f ms, the PDF the rest), %s bytes%n", total,
                model, Main.format(bytes[0]));
    }

    /** Stores every kiosk's batches, kiosks shared out to the threads largest first; returns the seconds. */
    private static double fill(RecordStore store, FiguresMix mix, List<FiguresMix.KioskVisits> kiosks, int threads,
                               int n) throws Exception {
        List<FiguresMix.KioskVisits> order = new ArrayList<>(kiosks);
        order.sort(Comparator.comparingInt((FiguresMix.KioskVisits k) -> k.visits().size()).reversed());
        AtomicInteger next = new AtomicInteger();
        AtomicLong stored = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < order.size(); k = next.getAndIncrement()) {
                        FiguresMix.KioskVisits kiosk = order.get(k);
                        Random random = new Random(SEED + kiosk.deviceId().hashCode());
                        String topic = Topics.records(kiosk.deviceId());
                        for (RecordBatch batch : mix.batches(kiosk, BATCH, random)) {
                            BatchResult r = store.store(topic, batch);
                            if (r.inserted() != batch.records().size() || !r.rejected().isEmpty()) {
                                throw new IllegalStateException(kiosk.deviceId() + ": the hub stored " + r.inserted()
                                        + " of a batch of " + batch.records().size() + ", rejected " + r.rejected());
                            }
                            stored.addAndGet(r.inserted());
                        }
                    }
                    return null;
                }));
            }
            long lastReport = System.nanoTime();
            for (Future<?> part : parts) {
                while (true) {
                    try {
                        part.get(1, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        if (System.nanoTime() - lastReport > 15e9) {
                            lastReport = System.nanoTime();
                            System.out.printf("figures:   %s of %s stored (%.0f s)%n", Main.format(stored.get()),
                                    Main.format(n), (lastReport - start) / 1e9);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * What kiosks' status messages will bring: each event's name, venue and footfall, and each kiosk's
     * office. No hub code writes these yet, so they are written here, as rows.
     */
    private static void eventsAndSites(HikariDataSource ds, FiguresMix mix, RegionMap regions) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ev = c.prepareStatement(
                    "INSERT INTO events (event_id, name, venue, updated_at) VALUES (?, ?, ?, ?)");
                 PreparedStatement ff = c.prepareStatement("INSERT INTO event_footfall (device_id, event_id,"
                         + " footfall, updated_at) VALUES (?, ?, ?, ?)");
                 PreparedStatement site = c.prepareStatement(
                         "UPDATE devices SET site_id = ?, region_id = ? WHERE device_id = ?")) {
                java.sql.Timestamp now = java.sql.Timestamp.from(HUB_NOW);
                for (FiguresMix.Event e : mix.events) {
                    ev.setString(1, e.id());
                    ev.setString(2, e.name());
                    ev.setString(3, e.venue());
                    ev.setTimestamp(4, now);
                    ev.addBatch();
                    for (int k : e.kiosks()) {
                        ff.setString(1, mix.kioskIds.get(k));
                        ff.setString(2, e.id());
                        ff.setLong(3, e.footfall() / e.kiosks().length);
                        ff.setTimestamp(4, now);
                        ff.addBatch();
                    }
                }
                for (int k = 0; k < mix.kioskIds.size(); k++) {
                    RegionMap.Region r = regions.regions().get(mix.kioskRegion[k]);
                    site.setString(1, r.sites().isEmpty() ? null : r.sites().get(0).id());
                    site.setString(2, r.id());
                    site.setString(3, mix.kioskIds.get(k));
                    site.addBatch();
                }
                ev.executeBatch();
                ff.executeBatch();
                site.executeBatch();
                c.commit();
            }
        }
    }

    /** How much each way reads for the measured year. */
    private static void sizes(HikariDataSource ds, Period year, Map<String, Object> result) throws SQLException {
        try (Connection c = ds.getConnection()) {
            result.put("figures_year_records", count(c, "SELECT COUNT(*) FROM records WHERE figure_date >= ?"
                    + " AND figure_date <= ?", year));
            result.put("figures_year_count_rows", count(c, "SELECT COUNT(*) FROM figure_counts WHERE"
                    + " figure_date >= ? AND figure_date <= ?", year));
            result.put("figures_count_rows", count(c, "SELECT COUNT(*) FROM figure_counts", null));
            // A business year is whole months: the figures read these rows, not the daily ones.
            result.put("figures_year_month_rows", count(c, "SELECT COUNT(*) FROM figure_months WHERE ym >= "
                    + FigureCounts.ym(year.from()) + " AND ym <= " + FigureCounts.ym(year.to()), null));
        }
    }

    private static long count(Connection c, String sql, Period p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (p != null) {
                ps.setObject(1, p.from());
                ps.setObject(2, p.to());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static Latency time(int calls, Call call) throws Exception {
        for (int i = 0; i < BenchOptions.FIGURES_WARMUP; i++) {
            call.run();
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Latency(CaptureRun.percentile(nanos, 0.50) / 1e6, CaptureRun.percentile(nanos, 0.99) / 1e6);
    }

    /** The same counts the figures give, straight from the records table. */
    private static Tallies naive(Connection c, Period p, RegionMap regions) throws SQLException {
        Tallies t = new Tallies();
        try (PreparedStatement ps = c.prepareStatement(NAIVE)) {
            ps.setObject(1, p.from());
            ps.setObject(2, p.to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong("n");
                    Count count = RecordType.SIGNIN.wire().equals(rs.getString("type")) ? new Count(n, 0)
                            : new Count(0, n);
                    String la = rs.getString("local_authority");
                    t.add(FigureCounts.COUNCIL, la != null && regions.isKnownLocalAuthority(la) ? la
                            : FiguresService.UNKNOWN, count);
                    t.add(FigureCounts.EVENT, orNone(rs.getString("event_id")), count);
                    t.add(FigureCounts.KIOSK, rs.getString("device_id"), count);
                    t.add(FigureCounts.LANG, rs.getString("lang"), count);
                    t.add(FigureCounts.TOPIC, orNone(rs.getString("topic")), count);
                    t.addMonth(YearMonth.of(rs.getInt("y"), rs.getInt("m")), count);
                    t.total = t.total.plus(count);
                }
            }
        }
        return t;
    }

    private static String orNone(String key) {
        return key == null ? FigureCounts.NONE : key;
    }

    /** The figures' answer as the same tallies: this period's, and the year before's. */
    private static Tallies[] tallies(Figures f) {
        Tallies now = new Tallies();
        Tallies then = new Tallies();
        now.total = new Count(f.totals().signins(), f.totals().enquiries());
        then.total = count(f.totals().lastYear());
        for (Figures.LocalAuthorityCounts c : f.byLocalAuthority()) {
            now.add(FigureCounts.COUNCIL, c.slug(), new Count(c.signins(), c.enquiries()));
            then.add(FigureCounts.COUNCIL, c.slug(), count(c.lastYear()));
        }
        for (Figures.EventCounts e : f.byEvent()) {
            now.add(FigureCounts.EVENT, orNone(e.eventId()), new Count(e.signins(), e.enquiries()));
            then.add(FigureCounts.EVENT, orNone(e.eventId()), count(e.lastYear()));
        }
        keys(now, then, FigureCounts.KIOSK, f.byKiosk());
        keys(now, then, FigureCounts.LANG, f.byLanguage());
        keys(now, then, FigureCounts.TOPIC, f.byTopic());
        for (Figures.SpanCounts s : f.byPeriod().months()) {
            YearMonth m = YearMonth.from(s.from());
            now.addMonth(m, new Count(s.signins(), s.enquiries()));
            then.addMonth(m.minusYears(1), count(s.lastYear()));
        }
        return new Tallies[] {now, then};
    }

    private static void keys(Tallies now, Tallies then, String dim, List<Figures.KeyCounts> counts) {
        for (Figures.KeyCounts k : counts) {
            now.add(dim, orNone(k.key()), new Count(k.signins(), k.enquiries()));
            then.add(dim, orNone(k.key()), count(k.lastYear()));
        }
    }

    private static Count count(Figures.LastYear y) {
        return new Count(y.signins(), y.enquiries());
    }

    /** Fails the phase unless the figures and the naive GROUP BY give the same counts, every one. */
    private static void check(Figures f, Tallies naiveNow, Tallies naiveThen, long stored) {
        Tallies[] fig = tallies(f);
        List<String> problems = new ArrayList<>();
        compare("total", Map.of("", fig[0].total), Map.of("", naiveNow.total), problems);
        compare("total a year earlier", Map.of("", fig[1].total), Map.of("", naiveThen.total), problems);
        for (String dim : DIMS) {
            compare(dim, fig[0].dim(dim), naiveNow.dim(dim), problems);
            Map<String, Count> then = new HashMap<>(naiveThen.dim(dim));
            if (dim.equals(FigureCounts.EVENT)) {
                // The figures list this period's events only, each with its count a year earlier.
                then.keySet().retainAll(naiveNow.dim(dim).keySet());
            }
            compare(dim + " a year earlier", fig[1].dim(dim), then, problems);
        }
        compare("month", stringKeys(fig[0].byMonth), stringKeys(naiveNow.byMonth), problems);
        compare("month a year earlier", stringKeys(fig[1].byMonth), stringKeys(naiveThen.byMonth), problems);
        long both = naiveNow.total.signins() + naiveNow.total.enquiries() + naiveThen.total.signins()
                + naiveThen.total.enquiries();
        if (both != stored) {
            problems.add("the two business years hold " + both + " records, not the " + stored + " stored");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("figures and the naive GROUP BY over records disagree ("
                    + problems.size() + "): " + String.join("; ", problems.subList(0, Math.min(10, problems.size()))));
        }
        System.out.println("figures: the figures and the naive GROUP BY agree on every count ("
                + fig[0].total + " in " + f.period().label() + ", " + fig[1].total + " a year earlier)");
    }

    private static Map<String, Count> stringKeys(Map<YearMonth, Count> m) {
        Map<String, Count> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    private static void compare(String what, Map<String, Count> figures, Map<String, Count> naive,
                                List<String> problems) {
        Map<String, Count> a = nonZero(figures);
        Map<String, Count> b = nonZero(naive);
        if (a.isEmpty() && b.isEmpty() && !what.contains("earlier")) {
            problems.add(what + ": no counts at all");
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Count x = a.getOrDefault(k, new Count(0, 0));
            Count y = b.getOrDefault(k, new Count(0, 0));
            if (!x.equals(y)) {
                problems.add(what + " '" + k + "': figures " + x + ", naive " + y);
            }
        }
    }

    private static Map<String, Count> nonZero(Map<String, Count> m) {
        Map<String, Count> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (!v.isZero()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * GET /api/figures for real: a hub started on the same schema (embedded broker, HTTP on a free
     * port, the same pinned clock), a central user signed in through the login form, one client.
     */
    private static void http(BenchOptions o, Path work, String url, Clock clock, Period year, Figures expected,
                             Map<String, Object> result) throws Exception {
        List<String> args = new ArrayList<>(List.of("--http-port", "0", "--mqtt-port", "0", "--data",
                work.resolve("figures-hub").toString(), "--jdbc-url", url, "--instance-id", "bench-figures",
                // Nothing of these two years is old enough for the retention job to rewrite.
                "--retention-days", "3650"));
        if (o.figuresJdbcUser() != null) {
            args.addAll(List.of("--jdbc-user", o.figuresJdbcUser()));
        }
        if (o.figuresJdbcPassword() != null) {
            args.addAll(List.of("--jdbc-password", o.figuresJdbcPassword()));
        }
        try (Hub hub = Hub.start(HubConfig.parse(args.toArray(String[]::new), Map.of()), clock)) {
            new UserStore(hub.dataSource()).add(new User(USER, Role.CENTRAL, null, null),
                    new Passwords(new SecureRandom(), 4).hash(PASSWORD), clock.instant());
            String base = "http://127.0.0.1:" + hub.httpPort();
            CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
            HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            signIn(client, cookies, base);
            // The hub's start-up retention pass reads the records table once; let it finish first.
            Thread.sleep(3_000);
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/figures?businessYear="
                    + FiguresMix.MEASURED_YEAR)).GET().build();
            System.out.println("figures: GET /api/figures?businessYear=" + FiguresMix.MEASURED_YEAR + " over HTTP, "
                    + BenchOptions.FIGURES_WARMUP + " warm-up + " + o.figuresCalls() + " calls…");
            String[] body = new String[1];
            Latency route = time(o.figuresCalls(), () -> {
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/figures answered " + r.statusCode() + ": " + r.body());
                }
                body[0] = r.body();
            });
            JsonNode totals = new WireCodec().mapper().readTree(body[0]).path("totals");
            if (totals.path("signins").asLong(-1) != expected.totals().signins()
                    || totals.path("enquiries").asLong(-1) != expected.totals().enquiries()) {
                throw new IllegalStateException("GET /api/figures gave totals " + totals + ", FiguresService "
                        + expected.totals());
            }
            result.put("figures_http_p50_ms", Main.round3(route.p50Millis()));
            result.put("figures_http_p99_ms", Main.round3(route.p99Millis()));
            result.put("figures_http_bytes", body[0].getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static void signIn(HttpClient client, CookieManager cookies, String base) throws Exception {
        client.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String pre = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(HubHandler.PRE_COOKIE)).map(HttpCookie::getValue).findFirst()
                .orElse("");
        String form = "csrf=" + enc(pre) + "&username=" + enc(USER) + "&password=" + enc(PASSWORD) + "&next=%2Ffigures";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("signing in to the hub answered " + r.statusCode());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
