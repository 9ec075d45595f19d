package org.adoptionkiosk.hub.routing;

import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.store.InsertHook;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.hub.store.StoredRow;
import org.adoptionkiosk.protocol.RecordType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Routes each enquiry on arrival, in the transaction that stores it: its queue, and the day its
 * first response is due (5 working days on, the national measure).
 */
public final class EnquiryRouting implements InsertHook {
    public static final int RESPONSE_WORKING_DAYS = 5;

    private static final String INSERT = "INSERT INTO enquiries (device_id, record_id, received_at, enquiry_date,"
            + " due_date, route_kind, route_id, region_id, local_authority, topic, lang, how_heard,"
            + " event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The column's width; a longer answer (none is documented) is kept out rather than cut. */
    private static final int HOW_HEARD_MAX = 32;

    private final Router router;
    private final WorkingDays workingDays;

    public EnquiryRouting(Router router, WorkingDays workingDays) {
        this.router = router;
        this.workingDays = workingDays;
    }

    @Override
    public void inserted(Connection c, List<StoredRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int n = 0;
            for (StoredRow row : rows) {
                if (row.record().type() != RecordType.ENQUIRY) {
                    continue;
                }
                Route route = router.route(row.record().fields());
                int i = 1;
                ps.setString(i++, row.deviceId());
                ps.setObject(i++, row.record().id());
                Sql.setInstant(ps, i++, row.receivedAt());
                ps.setObject(i++, row.figureDate());
                ps.setObject(i++, workingDays.plus(row.figureDate(), RESPONSE_WORKING_DAYS));
                ps.setString(i++, route.kind());
                ps.setString(i++, route.id());
                Sql.setText(ps, i++, route.regionId());
                Sql.setText(ps, i++, row.localAuthority());
                Sql.setText(ps, i++, row.topic());
                ps.setString(i++, row.record().lang().code());
                Sql.setText(ps, i++, howHeard(row));
                Sql.setText(ps, i, row.record().eventId());
                ps.addBatch();
                n++;
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }

    /** The visitor's answer to the kiosk's optional how-heard question, or null. */
    static String howHeard(StoredRow row) {
        return row.record().fields().get("howHeard") instanceof String s && !s.isBlank() && s.length() <= HOW_HEARD_MAX
                ? s : null;
    }
}
