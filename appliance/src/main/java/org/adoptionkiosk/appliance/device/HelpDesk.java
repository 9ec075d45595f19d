package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.appliance.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Help requests from the visitor's help button: raised by a press, shown to the visitor ("help is
 * coming"), listed on the staff dashboard and counted in the status to the hub until staff mark
 * them answered. Presses while one is open are the same request.
 */
public final class HelpDesk {
    /** How long the visitor's screen says help is coming if nobody marks the request answered. */
    public static final Duration NOTE_FOR = Duration.ofMinutes(2);

    /** One request, for the dashboard. */
    public record Request(long id, Instant requestedAt, Instant answeredAt) {
    }

    /** What the visitor's screen and the status need. */
    public record Summary(int open, Instant lastRequestedAt, boolean noteShowing) {
    }

    private final Database db;
    private final Clock clock;

    public HelpDesk(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A press of the help button. Returns true when it opened a new request. */
    public boolean raise() {
        Instant now = clock.instant();
        return db.call(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM help_requests WHERE answered_at IS NULL")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO help_requests (requested_at) VALUES (?)")) {
                s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                s.executeUpdate();
            }
            return true;
        });
    }

    /** Staff have seen to every open request. Returns how many were open. */
    public int answerAll() {
        Instant now = clock.instant();
        return db.call(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE help_requests SET answered_at = ? WHERE answered_at IS NULL")) {
                s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                return s.executeUpdate();
            }
        });
    }

    public Summary summary() {
        Instant now = clock.instant();
        return db.call(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(CASE WHEN answered_at IS NULL THEN 1 END), "
                         + "MAX(requested_at), MAX(CASE WHEN answered_at IS NULL THEN requested_at END) "
                         + "FROM help_requests")) {
                rs.next();
                OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
                OffsetDateTime openSince = rs.getObject(3, OffsetDateTime.class);
                boolean note = openSince != null && now.isBefore(openSince.toInstant().plus(NOTE_FOR));
                return new Summary(rs.getInt(1), last == null ? null : last.toInstant(), note);
            }
        });
    }

    /** The latest requests, newest first, for the dashboard. */
    public List<Request> recent(int limit) {
        return db.call(c -> {
            List<Request> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, requested_at, answered_at FROM help_requests ORDER BY id DESC LIMIT ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime answered = rs.getObject(3, OffsetDateTime.class);
                        out.add(new Request(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                                answered == null ? null : answered.toInstant()));
                    }
                }
            }
            return out;
        });
    }
}
