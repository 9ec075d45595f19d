package org.adoptionkiosk.hub.mail;

import org.adoptionkiosk.hub.store.InsertHook;
import org.adoptionkiosk.hub.store.StoredRow;
import org.adoptionkiosk.protocol.RecordType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the arrival email of each new enquiry into the outbox, in the transaction that stores it:
 * the email exists exactly when the enquiry does, and a resent batch (no rows inserted) writes
 * none. Runs after the routing hook and reads the route it wrote, so the queue and due day are the
 * ones the dashboard shows.
 */
public final class ArrivalMail implements InsertHook {
    private static final String ROUTED = "SELECT route_kind, route_id, region_id, local_authority, topic, enquiry_date,"
            + " due_date FROM enquiries WHERE device_id = ? AND record_id = ?";

    private final MailQueues queues;
    private final Letters letters;
    private final Clock clock;

    public ArrivalMail(MailQueues queues, Letters letters, Clock clock) {
        this.queues = queues;
        this.letters = letters;
        this.clock = clock;
    }

    @Override
    public void inserted(Connection c, List<StoredRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROUTED)) {
            for (StoredRow row : rows) {
                if (row.record().type() != RecordType.ENQUIRY) {
                    continue;
                }
                ps.setString(1, row.deviceId());
                ps.setObject(2, row.record().id());
                Letters.About about;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    about = new Letters.About(row.deviceId(), row.record().id(), rs.getString("route_kind"),
                            rs.getString("route_id"), rs.getString("region_id"), rs.getString("local_authority"),
                            rs.getString("topic"), row.record().eventId(),
                            rs.getObject("enquiry_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                            null);
                }
                MailQueues.Queue queue = queues.queue(about.routeKind(), about.routeId());
                if (!queue.hasMailbox()) {
                    continue;
                }
                Outbox.add(c, new Outbox.Entry("arrival:" + row.deviceId() + ":" + row.record().id(), MailKind.ARRIVAL,
                        about.routeKind(), about.routeId(), row.deviceId(), row.record().id(), queue.mailboxes(),
                        letters.arrival(queue, about)), clock.instant());
            }
        }
    }
}
