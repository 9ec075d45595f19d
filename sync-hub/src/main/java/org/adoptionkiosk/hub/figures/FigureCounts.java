package org.adoptionkiosk.hub.figures;

import org.adoptionkiosk.hub.store.InsertHook;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.hub.store.StoredRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code figure_counts} (per day) and {@code figure_months} (per month) in step with the
 * records: each inserted record adds one to its day's and its month's count under each dimension,
 * in the transaction that stores it. Counts are summed over the whole transaction first (every batch
 * in it), so a group of batches holding 500 sign-ins on one day touches a few dozen rows, not
 * thousands, and each row once.
 * <p>
 * Other hub instances add to the same rows at the same time, so the rows are written in one global
 * order: all days, then all months, each by (date, dim, key, type). Any two transactions then lock
 * the rows they share in the same order and wait for each other rather than deadlock.
 */
public final class FigureCounts implements InsertHook {
    public static final String COUNCIL = "council";
    public static final String EVENT = "event";
    public static final String KIOSK = "kiosk";
    public static final String LANG = "lang";
    public static final String TOPIC = "topic";
    /** The key of "none": no council given, no event set, no topic. */
    public static final String NONE = "";

    /** H2: standard MERGE. */
    private static final String MERGE = "MERGE INTO figure_counts t"
            + " USING (VALUES (CAST(? AS DATE), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(100)),"
            + " CAST(? AS VARCHAR(16)), CAST(? AS BIGINT))) AS s(figure_date, dim, dim_key, type, n)"
            + " ON t.figure_date = s.figure_date AND t.dim = s.dim AND t.dim_key = s.dim_key AND t.type = s.type"
            + " WHEN MATCHED THEN UPDATE SET n = t.n + s.n"
            + " WHEN NOT MATCHED THEN INSERT (figure_date, dim, dim_key, type, n)"
            + " VALUES (s.figure_date, s.dim, s.dim_key, s.type, s.n)";

    private static final String MERGE_MONTH = "MERGE INTO figure_months t"
            + " USING (VALUES (CAST(? AS INTEGER), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(100)),"
            + " CAST(? AS VARCHAR(16)), CAST(? AS BIGINT))) AS s(ym, dim, dim_key, type, n)"
            + " ON t.ym = s.ym AND t.dim = s.dim AND t.dim_key = s.dim_key AND t.type = s.type"
            + " WHEN MATCHED THEN UPDATE SET n = t.n + s.n"
            + " WHEN NOT MATCHED THEN INSERT (ym, dim, dim_key, type, n) VALUES (s.ym, s.dim, s.dim_key, s.type, s.n)";

    /** PostgreSQL: the same, safe when two hub instances add the same new key at once. */
    private static final String UPSERT = "INSERT INTO figure_counts (figure_date, dim, dim_key, type, n)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (figure_date, dim, dim_key, type)"
            + " DO UPDATE SET n = figure_counts.n + EXCLUDED.n";
    private static final String UPSERT_MONTH = "INSERT INTO figure_months (ym, dim, dim_key, type, n)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (ym, dim, dim_key, type)"
            + " DO UPDATE SET n = figure_months.n + EXCLUDED.n";

    private record Key(LocalDate day, String dim, String key, String type) {
    }

    /** A month as figure_months keys it: 202604 for April 2026. */
    public static int ym(LocalDate day) {
        return day.getYear() * 100 + day.getMonthValue();
    }

    /**
     * Rows are updated in one fixed order, so two hub instances adding to the same counts wait for
     * each other rather than deadlock.
     */
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::dim)
            .thenComparing(Key::key).thenComparing(Key::type);

    @Override
    public void inserted(Connection c, List<StoredRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<Key, Long> deltas = new TreeMap<>(ORDER);
        for (StoredRow row : rows) {
            String type = row.record().type().wire();
            LocalDate day = row.figureDate();
            add(deltas, new Key(day, COUNCIL, orNone(row.localAuthority()), type));
            add(deltas, new Key(day, EVENT, orNone(row.record().eventId()), type));
            add(deltas, new Key(day, KIOSK, row.deviceId(), type));
            add(deltas, new Key(day, LANG, row.record().lang().code(), type));
            add(deltas, new Key(day, TOPIC, orNone(row.topic()), type));
        }
        Map<Key, Long> months = new TreeMap<>(ORDER);
        deltas.forEach((k, n) -> months.merge(new Key(k.day().withDayOfMonth(1), k.dim(), k.key(), k.type()), n,
                Long::sum));
        // Days first, then months, each in the fixed order: every instance takes the locks alike.
        boolean pg = Sql.isPostgres(c);
        try (PreparedStatement days = c.prepareStatement(pg ? UPSERT : MERGE);
             PreparedStatement ms = c.prepareStatement(pg ? UPSERT_MONTH : MERGE_MONTH)) {
            for (Map.Entry<Key, Long> e : deltas.entrySet()) {
                Key k = e.getKey();
                days.setObject(1, k.day());
                set(days, k, e.getValue());
            }
            days.executeBatch();
            for (Map.Entry<Key, Long> e : months.entrySet()) {
                Key k = e.getKey();
                ms.setInt(1, ym(k.day()));
                set(ms, k, e.getValue());
            }
            ms.executeBatch();
        }
    }

    private static void set(PreparedStatement ps, Key k, long n) throws SQLException {
        ps.setString(2, k.dim());
        ps.setString(3, k.key());
        ps.setString(4, k.type());
        ps.setLong(5, n);
        ps.addBatch();
    }

    private static void add(Map<Key, Long> deltas, Key key) {
        deltas.merge(key, 1L, Long::sum);
    }

    private static String orNone(String key) {
        return key == null ? NONE : key;
    }
}
