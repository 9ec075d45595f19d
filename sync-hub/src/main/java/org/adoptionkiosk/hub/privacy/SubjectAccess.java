package org.adoptionkiosk.hub.privacy;

import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.store.Sql;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A person's right of access: everything the hub holds about one person, found by the email
 * address or phone number they gave (the same keyed index an erasure uses), with their sealed
 * details opened. Only the central team asks; every search and every download is in the audit log
 * by who, when and how many records, never by the details searched for.
 */
public final class SubjectAccess {
    /** The most audit entries given for one record: far more than one enquiry ever gathers. */
    private static final int AUDIT_PER_RECORD = 1000;

    /** How many records hold the details, of each kind. */
    public record Count(int enquiries, int signIns) {
        public int total() {
            return enquiries + signIns;
        }
    }

    /**
     * The follow-up of an enquiry: its route and what the team did.
     *
     * @param routeKind region, agency or central; {@code routeId} the region's or agency's id
     */
    public record FollowUp(String routeKind, String routeId, String regionId, String topic, LocalDate enquiryDate,
                           LocalDate dueDate, String claimedBy, Instant claimedAt, LocalDate firstResponseOn,
                           String firstResponseMethod, String firstResponseBy, String outcome, Instant closedAt) {
    }

    /**
     * One record holding the person's details, as the hub holds it.
     *
     * @param person     the opened sealed details, or null when they could not be opened ({@code unreadable})
     * @param fieldsJson the record's non-personal fields as the kiosk sent them
     * @param followUp   an enquiry's route and follow-up; null for a sign-in
     * @param audit      the audit entries about this record, oldest first
     */
    public record Held(String deviceId, UUID recordId, String type, String eventId, String eventName,
                       String eventVenue, Instant capturedAt, Instant receivedAt, String lang, String localAuthority,
                       String fieldsJson, SealedPersonal person, boolean unreadable, FollowUp followUp,
                       List<AuditLog.Entry> audit) {
    }

    /** A download: when, by whom, and the records. */
    public record Report(Instant at, String username, List<Held> records) {
    }

    private final DataSource dataSource;
    private final Erasure erasure;
    private final SealingKeys keys;
    private final WireCodec codec;
    private final AuditLog audit;
    private final Clock clock;

    public SubjectAccess(DataSource dataSource, Erasure erasure, SealingKeys keys, WireCodec codec, AuditLog audit,
                         Clock clock) {
        this.dataSource = dataSource;
        this.erasure = erasure;
        this.keys = keys;
        this.codec = codec;
        this.audit = audit;
        this.clock = clock;
    }

    /** How many records hold this email or phone; the search is in the audit log. */
    public Count search(User user, String email, String phone) throws SQLException {
        List<Erasure.Ref> refs = erasure.find(email, phone);
        int enquiries = (int) refs.stream().filter(r -> "enquiry".equals(r.type())).count();
        Count n = new Count(enquiries, refs.size() - enquiries);
        audit.add(user.username(), AuditLog.ACCESS_SEARCH, null, null,
                "right-of-access search: " + n.total() + " record(s) found");
        return n;
    }

    /**
     * Everything held about the person with this email or phone. Each record given out gets an audit
     * entry in the same transaction as the reading; with none found, one entry says so.
     *
     * @param format what the download is (json, pdf), for the audit log
     */
    public Report export(User user, String email, String phone, String format) throws SQLException {
        List<Erasure.Ref> refs = erasure.find(email, phone);
        Instant now = clock.instant();
        List<Held> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Erasure.Ref r : refs) {
                    Held h = read(c, r);
                    if (h != null) {
                        out.add(h);
                    }
                }
                if (out.isEmpty()) {
                    audit.add(c, user.username(), AuditLog.ACCESS_EXPORT, null, null,
                            "right-of-access download (" + format + "): no records found");
                }
                for (Held h : out) {
                    audit.add(c, user.username(), AuditLog.ACCESS_EXPORT, h.deviceId(), h.recordId(),
                            "in a right-of-access download (" + format + ") of " + out.size() + " record(s)");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Report(now, user.username(), out);
    }

    /** One record with its event and follow-up; null when it was erased since it was found. */
    private Held read(Connection c, Erasure.Ref ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.type, r.event_id, ev.name AS event_name,"
                + " ev.venue AS event_venue, r.captured_at, r.received_at, r.lang, r.local_authority, r.fields_json,"
                + " r.sealed, e.record_id AS enquiry_id, e.route_kind, e.route_id, e.region_id, e.topic,"
                + " e.enquiry_date, e.due_date, e.claimed_by, e.claimed_at, e.first_response_on,"
                + " e.first_response_method, e.first_response_by, e.outcome, e.closed_at FROM records r"
                + " LEFT JOIN events ev ON ev.event_id = r.event_id"
                + " LEFT JOIN enquiries e ON e.device_id = r.device_id AND e.record_id = r.id"
                + " WHERE r.device_id = ? AND r.id = ? AND r.sealed IS NOT NULL")) {
            ps.setString(1, ref.deviceId());
            ps.setObject(2, ref.recordId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                SealedPersonal person = null;
                boolean unreadable = false;
                try {
                    person = codec.decodeSealed(keys.open(rs.getString("sealed"), ref.recordId()));
                } catch (GeneralSecurityException | WireException e) {
                    unreadable = true;
                }
                FollowUp followUp = Sql.getUuid(rs, "enquiry_id") == null ? null : new FollowUp(
                        rs.getString("route_kind"), rs.getString("route_id"), rs.getString("region_id"),
                        rs.getString("topic"), rs.getObject("enquiry_date", LocalDate.class),
                        rs.getObject("due_date", LocalDate.class), rs.getString("claimed_by"),
                        Sql.getInstant(rs, "claimed_at"), rs.getObject("first_response_on", LocalDate.class),
                        rs.getString("first_response_method"), rs.getString("first_response_by"),
                        rs.getString("outcome"), Sql.getInstant(rs, "closed_at"));
                List<AuditLog.Entry> entries = new ArrayList<>(audit.latest(AUDIT_PER_RECORD, ref.deviceId(),
                        ref.recordId()));
                Collections.reverse(entries);
                return new Held(ref.deviceId(), ref.recordId(), rs.getString("type"), rs.getString("event_id"),
                        rs.getString("event_name"), rs.getString("event_venue"), Sql.getInstant(rs, "captured_at"),
                        Sql.getInstant(rs, "received_at"), rs.getString("lang"), rs.getString("local_authority"),
                        rs.getString("fields_json"), person, unreadable, followUp, List.copyOf(entries));
            }
        }
    }
}
