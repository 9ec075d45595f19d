package org.adoptionkiosk.hub.figures;

import org.adoptionkiosk.hub.store.InsertHook;
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
 * Keeps {@code figure_counts} in step with the records: each inserted record adds one to its day's
 * count under each dimension, in the transaction that stores it. Counts are summed per batch first,
 * so a batch of 500 sign-ins from one kiosk on one day touches a few dozen rows, not thousands.
 */
public final class FigureCounts implements InsertHook {
    public static final String COUNCIL = "council";
    public static final String EVENT = "event";
    public static final String KIOSK = "kiosk";
    public static final String LANG = "lang";
    public static final String TOPIC = "topic";
    /** The key of "none": no council given, no event set, no topic. */
    public static final String NONE = "";

    /** Standard MERGE: the same statement runs on H2 and on PostgreSQL 15+. */
    private static final String MERGE = "MERGE INTO figure_counts t"
            + " USING (VALUES (CAST(? AS DATE), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(100)),"
            + " CAST(? AS VARCHAR(16)), CAST(? AS BIGINT))) AS s(figure_date, dim, dim_key, type, n)"
            + " ON t.figure_date = s.figure_date AND t.dim = s.dim AND t.dim_key = s.dim_key AND t.type = s.type"
            + " WHEN MATCHED THEN UPDATE SET n = t.n + s.n"
            + " WHEN NOT MATCHED THEN INSERT (figure_date, dim, dim_key, type, n)"
            + " VALUES (s.figure_date, s.dim, s.dim_key, s.type, s.n)";

    private record Key(LocalDate day, String dim, String key, String type) {
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
        try (PreparedStatement ps = c.prepareStatement(MERGE)) {
            for (Map.Entry<Key, Long> e : deltas.entrySet()) {
                Key k = e.getKey();
                ps.setObject(1, k.day());
                ps.setString(2, k.dim());
                ps.setString(3, k.key());
                ps.setString(4, k.type());
                ps.setLong(5, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void add(Map<Key, Long> deltas, Key key) {
        deltas.merge(key, 1L, Long::sum);
    }

    private static String orNone(String key) {
        return key == null ? NONE : key;
    }
}
