package org.adoptionkiosk.hub.followup;

import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.store.RecordTiming;
import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The queues of routed enquiries and their follow-up: who claimed one, when and how it was first
 * answered, and its outcome. Every change is written with its audit entry in one transaction.
 * A user only ever reads or changes the enquiries of a queue they handle.
 */
public final class EnquiryStore {
    public static final Set<String> METHODS = Set.of("phone", "email", "letter", "in-person", "other");
    public static final Set<String> OUTCOMES = Set.of("information-sent", "visit-arranged", "application-started",
            "not-proceeding", "referred", "no-contact");
    /**
     * The later stages of an enquiry, in the order they normally come; the last two end it. Stages
     * may be recorded in any order (the funnel counts an enquiry as having reached every stage up to
     * the furthest one recorded).
     */
    public static final List<String> STAGES = List.of(Stage.SESSION, Stage.REGISTRATION, Stage.STAGE2,
            Stage.APPROVED, Stage.WITHDRAWN, Stage.NOT_PROGRESSED);
    /** Why an enquiry was withdrawn or not progressed: a short fixed list, so the reasons can be counted. */
    public static final List<String> REASONS = List.of("circumstances-changed", "not-ready", "chose-another-agency",
            "not-suitable", "lost-contact", "other");
    /** The longest queue a page lists at once. */
    public static final int PAGE = 500;

    /** Which enquiries a queue page lists. */
    public enum Show { OPEN, CLOSED, ALL }

    /** A change that cannot be made, with the text key that says why. */
    public static final class Refused extends Exception {
        private final String key;

        public Refused(String key) {
            super(key);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final DataSource dataSource;
    private final AuditLog audit;
    private final Clock clock;

    public EnquiryStore(DataSource dataSource, AuditLog audit, Clock clock) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String COLUMNS = "e.device_id, e.record_id, e.received_at, e.enquiry_date, e.due_date,"
            + " e.route_kind, e.route_id, e.region_id, e.local_authority, e.topic, e.lang, e.claimed_by, e.claimed_at,"
            + " e.first_response_on, e.first_response_method, e.first_response_by, e.outcome, e.closed_at,"
            + " e.personal_erased_at, r.fields_json, r.sealed, r.captured_at, r.time_suspect, r.corrected_at";

    /**
     * The queue {@code kind}/{@code id} (or, for a central user with no queue named, every queue),
     * oldest due first.
     */
    public List<Enquiry> queue(User user, String kind, String id, Show show) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        if (!user.isCentral()) {
            where.append(" AND e.route_kind = ? AND e.route_id = ?");
            params.add(user.scopeKind());
            params.add(user.scopeId());
        } else if (kind != null) {
            where.append(" AND e.route_kind = ? AND e.route_id = ?");
            params.add(kind);
            params.add(id);
        }
        if (show == Show.OPEN) {
            where.append(" AND e.closed_at IS NULL");
        } else if (show == Show.CLOSED) {
            where.append(" AND e.closed_at IS NOT NULL");
        }
        List<Enquiry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM enquiries e"
                     + " JOIN records r ON r.device_id = e.device_id AND r.id = e.record_id" + where
                     + " ORDER BY e.due_date, e.received_at FETCH FIRST " + PAGE + " ROWS ONLY")) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    /**
     * The user's queue's enquiries without a first response, due today or overdue (by the working-day
     * due dates, in Wales's time); null for a central user, who has no one queue.
     */
    public DueCounts dueCounts(User user) throws SQLException {
        if (user.isCentral()) {
            return null;
        }
        LocalDate today = LocalDate.now(clock.withZone(RecordTiming.FIGURES_ZONE));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT"
                     + " SUM(CASE WHEN due_date = ? THEN 1 ELSE 0 END),"
                     + " SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END) FROM enquiries"
                     + " WHERE route_kind = ? AND route_id = ? AND closed_at IS NULL AND first_response_on IS NULL"
                     + " AND due_date <= ?")) {
            ps.setObject(1, today);
            ps.setObject(2, today);
            ps.setString(3, user.scopeKind());
            ps.setString(4, user.scopeId());
            ps.setObject(5, today);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DueCounts(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The enquiry, only if this user handles its queue: for anyone else it does not exist. */
    public Optional<Enquiry> find(User user, String deviceId, UUID recordId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, user, deviceId, recordId, false);
        }
    }

    private Optional<Enquiry> find(Connection c, User user, String deviceId, UUID recordId, boolean lock)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM enquiries e JOIN records r ON r.device_id = e.device_id"
                + " AND r.id = e.record_id WHERE e.device_id = ? AND e.record_id = ?" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, deviceId);
            ps.setObject(2, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Enquiry e = read(rs);
                return user.handles(e.routeKind(), e.routeId()) ? Optional.of(e) : Optional.empty();
            }
        }
    }

    /** Takes an enquiry on: the queue then shows who is dealing with it. */
    public void claim(User user, String deviceId, UUID recordId) throws SQLException, Refused {
        change(user, deviceId, recordId, AuditLog.CLAIM, null, (c, e) -> {
            if (e.closedAt() != null) {
                throw new Refused("enquiry.error.closed");
            }
            update(c, "UPDATE enquiries SET claimed_by = ?, claimed_at = ? WHERE device_id = ? AND record_id = ?",
                    ps -> {
                        ps.setString(1, user.username());
                        Sql.setInstant(ps, 2, clock.instant());
                        ps.setString(3, deviceId);
                        ps.setObject(4, recordId);
                    });
        });
    }

    /** Records the first response: the day it was made and how. Only the first one counts. */
    public void respond(User user, String deviceId, UUID recordId, LocalDate on, String method)
            throws SQLException, Refused {
        if (!METHODS.contains(method)) {
            throw new Refused("enquiry.error.method");
        }
        LocalDate today = LocalDate.now(clock.withZone(RecordTiming.FIGURES_ZONE));
        if (on == null || on.isAfter(today)) {
            throw new Refused("enquiry.error.response_date");
        }
        change(user, deviceId, recordId, AuditLog.RESPOND, method + " " + on, (c, e) -> {
            if (e.firstResponseOn() != null) {
                throw new Refused("enquiry.error.already_answered");
            }
            if (on.isBefore(e.enquiryDate())) {
                throw new Refused("enquiry.error.response_before_enquiry");
            }
            update(c, "UPDATE enquiries SET first_response_on = ?, first_response_method = ?, first_response_by = ?,"
                    + " claimed_by = COALESCE(claimed_by, ?), claimed_at = COALESCE(claimed_at, ?)"
                    + " WHERE device_id = ? AND record_id = ?", ps -> {
                        ps.setObject(1, on);
                        ps.setString(2, method);
                        ps.setString(3, user.username());
                        ps.setString(4, user.username());
                        Sql.setInstant(ps, 5, clock.instant());
                        ps.setString(6, deviceId);
                        ps.setObject(7, recordId);
                    });
        });
    }

    /** Closes the enquiry with its outcome. One never answered cannot be closed as answered. */
    public void close(User user, String deviceId, UUID recordId, String outcome) throws SQLException, Refused {
        if (!OUTCOMES.contains(outcome)) {
            throw new Refused("enquiry.error.outcome");
        }
        change(user, deviceId, recordId, AuditLog.OUTCOME, outcome, (c, e) -> {
            if (e.closedAt() != null) {
                throw new Refused("enquiry.error.closed");
            }
            if (e.firstResponseOn() == null && !outcome.equals("no-contact")) {
                throw new Refused("enquiry.error.answer_first");
            }
            update(c, "UPDATE enquiries SET outcome = ?, closed_at = ? WHERE device_id = ? AND record_id = ?",
                    ps -> {
                        ps.setString(1, outcome);
                        Sql.setInstant(ps, 2, clock.instant());
                        ps.setString(3, deviceId);
                        ps.setObject(4, recordId);
                    });
        });
    }

    /** The stages recorded for an enquiry, in the order of {@link #STAGES}; empty for one the user cannot see. */
    public List<Stage> stages(User user, String deviceId, UUID recordId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (find(c, user, deviceId, recordId, false).isEmpty()) {
                return List.of();
            }
            return stages(c, deviceId, recordId);
        }
    }

    private static List<Stage> stages(Connection c, String deviceId, UUID recordId) throws SQLException {
        List<Stage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stage, on_date, reason, recorded_by, recorded_at"
                + " FROM enquiry_stages WHERE device_id = ? AND record_id = ?")) {
            ps.setString(1, deviceId);
            ps.setObject(2, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stage(rs.getString("stage"), rs.getObject("on_date", LocalDate.class),
                            rs.getString("reason"), rs.getString("recorded_by"), Sql.getInstant(rs, "recorded_at")));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(s -> STAGES.indexOf(s.stage())));
        return out;
    }

    /**
     * Takes back a later stage recorded in error (a wrong stage or date), so the right one can be
     * recorded: the same users who may record it, audited with the stage and the day it had.
     *
     * @throws Refused {@code stage.error.not_recorded} when the enquiry has no such stage
     */
    public void removeStage(User user, String deviceId, UUID recordId, String stage) throws SQLException, Refused {
        if (!STAGES.contains(stage)) {
            throw new Refused("stage.error.stage");
        }
        LocalDate[] had = new LocalDate[1];
        change(user, deviceId, recordId, AuditLog.STAGE_REMOVED, (c, e) -> {
            for (Stage s : stages(c, deviceId, recordId)) {
                if (s.stage().equals(stage)) {
                    had[0] = s.onDate();
                }
            }
            if (had[0] == null) {
                throw new Refused("stage.error.not_recorded");
            }
            update(c, "DELETE FROM enquiry_stages WHERE device_id = ? AND record_id = ? AND stage = ?", ps -> {
                ps.setString(1, deviceId);
                ps.setObject(2, recordId);
                ps.setString(3, stage);
            });
        }, () -> stage + " " + had[0]);
    }

    /**
     * Records a later stage of an answered enquiry and the day it happened (not before the enquiry,
     * not in the future). Each stage once; an enquiry ends once (withdrawn or not progressed, with a
     * reason from {@link #REASONS}), and not after it was approved. Closed enquiries take stages too:
     * an approval comes months after the follow-up was closed, and after retention, since stages
     * are not personal.
     */
    public void recordStage(User user, String deviceId, UUID recordId, String stage, LocalDate on, String reason)
            throws SQLException, Refused {
        if (!STAGES.contains(stage)) {
            throw new Refused("stage.error.stage");
        }
        boolean ending = Stage.isEnding(stage);
        if (ending && (reason == null || !REASONS.contains(reason))) {
            throw new Refused("stage.error.reason");
        }
        String why = ending ? reason : null;
        LocalDate today = LocalDate.now(clock.withZone(RecordTiming.FIGURES_ZONE));
        if (on == null || on.isAfter(today)) {
            throw new Refused("stage.error.date");
        }
        change(user, deviceId, recordId, AuditLog.STAGE, stage + " " + on + (why == null ? "" : " " + why), (c, e) -> {
            if (e.firstResponseOn() == null) {
                throw new Refused("stage.error.answer_first");
            }
            if (on.isBefore(e.enquiryDate())) {
                throw new Refused("stage.error.before_enquiry");
            }
            List<Stage> done = stages(c, deviceId, recordId);
            for (Stage s : done) {
                if (s.stage().equals(stage)) {
                    throw new Refused("stage.error.recorded");
                }
                if ((ending && (s.ending() || s.stage().equals(Stage.APPROVED)))
                        || (stage.equals(Stage.APPROVED) && s.ending())) {
                    throw new Refused("stage.error.ended");
                }
            }
            update(c, "INSERT INTO enquiry_stages (device_id, record_id, stage, on_date, reason, recorded_by,"
                    + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, deviceId);
                        ps.setObject(2, recordId);
                        ps.setString(3, stage);
                        ps.setObject(4, on);
                        ps.setString(5, why);
                        ps.setString(6, user.username());
                        Sql.setInstant(ps, 7, clock.instant());
                    });
        });
    }

    private interface Change {
        void apply(Connection c, Enquiry e) throws SQLException, Refused;
    }

    private interface Params {
        void set(PreparedStatement ps) throws SQLException;
    }

    private void change(User user, String deviceId, UUID recordId, String action, String detail, Change change)
            throws SQLException, Refused {
        change(user, deviceId, recordId, action, change, () -> detail);
    }

    /** As above, with the audit's detail known only once the change has read what it changes. */
    private void change(User user, String deviceId, UUID recordId, String action, Change change,
                        java.util.function.Supplier<String> detail) throws SQLException, Refused {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Enquiry e = find(c, user, deviceId, recordId, true).orElseThrow(() -> new Refused("enquiry.error.none"));
                change.apply(c, e);
                audit.add(c, user.username(), action, deviceId, recordId, detail.get());
                c.commit();
            } catch (SQLException | RuntimeException | Refused ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    private static void update(Connection c, String sql, Params params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            params.set(ps);
            ps.executeUpdate();
        }
    }

    private static Enquiry read(ResultSet rs) throws SQLException {
        return new Enquiry(rs.getString("device_id"), Sql.getUuid(rs, "record_id"), Sql.getInstant(rs, "received_at"),
                rs.getObject("enquiry_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                rs.getString("route_kind"), rs.getString("route_id"), rs.getString("region_id"),
                rs.getString("local_authority"), rs.getString("topic"), rs.getString("lang"),
                rs.getString("claimed_by"), Sql.getInstant(rs, "claimed_at"),
                rs.getObject("first_response_on", LocalDate.class), rs.getString("first_response_method"),
                rs.getString("first_response_by"), rs.getString("outcome"), Sql.getInstant(rs, "closed_at"),
                Sql.getInstant(rs, "personal_erased_at"), rs.getString("fields_json"), rs.getString("sealed"),
                Sql.getInstant(rs, "captured_at"), rs.getBoolean("time_suspect"), Sql.getInstant(rs, "corrected_at"));
    }

    /** Which queues exist for a central user to choose from: every region and agency, and central. */
    public static List<Route> queues(org.adoptionkiosk.protocol.RegionMap regions) {
        List<Route> out = new ArrayList<>();
        for (var r : regions.regions()) {
            out.add(new Route(Route.REGION, r.id(), r.id()));
        }
        for (var a : regions.agencies()) {
            out.add(new Route(Route.AGENCY, a.id(), null));
        }
        out.add(new Route(Route.CENTRAL, Route.CENTRAL_ID, null));
        return out;
    }
}
