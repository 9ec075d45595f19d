package org.adoptionkiosk.hub.mail;

import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes each working day's reminders, escalations and digests into the outbox, from the set hour
 * (Wales's time) on. Working days are the measure's own calendar (weekends and bank holidays left
 * out), counted from the enquiry's day as its due day is:
 * <ul>
 * <li>the 3rd working day, nobody having claimed it: a reminder to its queue;</li>
 * <li>the 4th: a reminder to its queue naming who claimed it (the hub's accounts have no email);</li>
 * <li>the due day, the 5th: an escalation to the central team;</li>
 * <li>and per queue a digest of what is due today, overdue, and not yet taken on.</li>
 * </ul>
 * Only enquiries without a first response that are still open count. Every instance may run this
 * (it is cheap, and done once a day per instance): each message's dedup key lets only the first
 * writing of it count. A day whose hour passes with no instance running is not caught up: the next
 * day's digest lists what is overdue.
 */
public final class MailScheduler {
    public static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** How long a sent or cancelled email stays in the outbox. */
    static final java.time.Duration KEEP_SENT = java.time.Duration.ofDays(90);

    private static final String OPEN = "SELECT e.device_id, e.record_id, e.route_kind, e.route_id, e.region_id,"
            + " e.local_authority, e.topic, e.enquiry_date, e.due_date, e.claimed_by, r.event_id FROM enquiries e"
            + " JOIN records r ON r.device_id = e.device_id AND r.id = e.record_id"
            + " WHERE e.first_response_on IS NULL AND e.closed_at IS NULL ORDER BY e.due_date, e.received_at";

    /** What one run wrote (messages already written by another instance are not counted). */
    public record Run(LocalDate day, int reminders, int escalations, int digests) {
        public static Run nothing(LocalDate day) {
            return new Run(day, 0, 0, 0);
        }
    }

    private final DataSource dataSource;
    private final MailQueues queues;
    private final Letters letters;
    private final WorkingDays workingDays;
    private final Clock clock;
    private final int hour;
    /** The last day this instance wrote its messages for; only ever this instance's own. */
    private LocalDate doneFor;

    public MailScheduler(DataSource dataSource, MailQueues queues, Letters letters, WorkingDays workingDays,
                         Clock clock, int hour) {
        this.dataSource = dataSource;
        this.queues = queues;
        this.letters = letters;
        this.workingDays = workingDays;
        this.clock = clock;
        this.hour = hour;
    }

    /** Writes today's messages if it is a working day, the hour has come and this instance has not yet. */
    public synchronized Run runIfDue() throws SQLException {
        Instant now = clock.instant();
        ZonedDateTime local = now.atZone(ZONE);
        LocalDate today = local.toLocalDate();
        if (today.equals(doneFor) || !workingDays.isWorkingDay(today) || local.getHour() < hour) {
            return Run.nothing(today);
        }
        Run run = write(today, now);
        doneFor = today;
        return run;
    }

    private Run write(LocalDate today, Instant now) throws SQLException {
        int reminders = 0;
        int escalations = 0;
        int digests = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Letters.About> open = open(c);
                MailQueues.Queue central = queues.central();
                Map<String, List<Letters.About>[]> perQueue = new LinkedHashMap<>();
                for (Letters.About e : open) {
                    MailQueues.Queue queue = queues.queue(e.routeKind(), e.routeId());
                    int n = workingDays.between(e.enquiryDate(), today);
                    String key = e.deviceId() + ":" + e.recordId() + ":" + today;
                    if (today.equals(e.dueDate())) {
                        if (Outbox.add(c, entry("escalation:" + key, MailKind.ESCALATION, e, central.mailboxes(),
                                letters.escalation(central, e)), now)) {
                            escalations++;
                        }
                    } else if (n == 4 && today.isBefore(e.dueDate())) {
                        if (Outbox.add(c, entry("reminder-claimed:" + key, MailKind.REMINDER_CLAIMED, e,
                                queue.mailboxes(), letters.reminderClaimed(queue, e)), now)) {
                            reminders++;
                        }
                    } else if (n == 3 && e.claimedBy() == null && today.isBefore(e.dueDate())) {
                        if (Outbox.add(c, entry("reminder-unclaimed:" + key, MailKind.REMINDER_UNCLAIMED, e,
                                queue.mailboxes(), letters.reminderUnclaimed(queue, e)), now)) {
                            reminders++;
                        }
                    }
                    // Parts: due today, overdue, not yet taken on (and due later): each enquiry in one.
                    List<Letters.About>[] parts = perQueue.computeIfAbsent(e.routeKind() + ":" + e.routeId(),
                            k -> newParts());
                    if (today.equals(e.dueDate())) {
                        parts[0].add(e);
                    } else if (today.isAfter(e.dueDate())) {
                        parts[1].add(e);
                    } else if (e.claimedBy() == null) {
                        parts[2].add(e);
                    }
                }
                for (MailQueues.Queue queue : queues.all()) {
                    List<Letters.About>[] parts = Route.CENTRAL.equals(queue.kind())
                            ? perQueue.getOrDefault(Route.CENTRAL + ":" + Route.CENTRAL_ID, newParts())
                            : perQueue.getOrDefault(queue.kind() + ":" + queue.id(), newParts());
                    if (!queue.hasMailbox() || (parts[0].isEmpty() && parts[1].isEmpty() && parts[2].isEmpty())) {
                        continue;
                    }
                    Letter letter = letters.digest(queue, today, new Letters.Digest(parts[0], parts[1], parts[2]));
                    if (Outbox.add(c, new Outbox.Entry("digest:" + queue.kind() + ":" + queue.id() + ":" + today,
                            MailKind.DIGEST, queue.kind(), queue.id(), null, null, queue.mailboxes(), letter), now)) {
                        digests++;
                    }
                }
                // Sent and cancelled emails are kept a while for the record, then go: nothing
                // personal is in them, but nothing needs them either.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_outbox WHERE sent_at < ?"
                        + " OR cancelled_at < ?")) {
                    Sql.setInstant(ps, 1, now.minus(KEEP_SENT));
                    Sql.setInstant(ps, 2, now.minus(KEEP_SENT));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Run(today, reminders, escalations, digests);
    }

    @SuppressWarnings("unchecked")
    private static List<Letters.About>[] newParts() {
        return new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()};
    }

    private static Outbox.Entry entry(String key, MailKind kind, Letters.About e, List<String> to, Letter letter) {
        return new Outbox.Entry(key, kind, e.routeKind(), e.routeId(), e.deviceId(), e.recordId(), to, letter);
    }

    private static List<Letters.About> open(Connection c) throws SQLException {
        List<Letters.About> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OPEN);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Letters.About(rs.getString("device_id"), Sql.getUuid(rs, "record_id"), rs.getString("route_kind"), rs.getString("route_id"),
                        rs.getString("region_id"), rs.getString("local_authority"), rs.getString("topic"), rs.getString("event_id"),
                        rs.getObject("enquiry_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                        rs.getString("claimed_by")));
            }
        }
        return out;
    }
}
