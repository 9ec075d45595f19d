package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.mail.Mail;
import org.adoptionkiosk.hub.mail.MailQueues;
import org.adoptionkiosk.hub.mail.Outbox;
import org.adoptionkiosk.hub.routing.Route;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The follow-up mail, for the central team: whether it is on, each queue's mailboxes (or that it has
 * none), and the messages still waiting in the outbox, failing ones first, with their tries, last
 * error and next try. Nothing here is personal: the outbox never holds anything the visitor gave.
 */
public final class MailPages {
    /** What mail.jte shows. {@code offKey} is the "mail is off" text key, or null when it is on. */
    public record MailView(Chrome chrome, String offKey, String summary, Table queues, Table waiting) {
    }

    private final Mail mail;

    public MailPages(Mail mail) {
        this.mail = mail;
    }

    public void register(HubHandler h) {
        h.route("GET", "/mail", HubHandler.Access.CENTRAL, (ctx, m) -> page(ctx, false))
                .route("GET", "/mail\\.csv", HubHandler.Access.CENTRAL, (ctx, m) -> page(ctx, true));
    }

    private void page(PageRequest ctx, boolean csv) throws SQLException {
        PageTexts t = ctx.t();
        List<Table.Row> waitingRows = new ArrayList<>();
        for (Outbox.Waiting w : mail.outbox().waiting()) {
            waitingRows.add(new Table.Row(List.of(
                    Table.Cell.text(t.time(w.createdAt())),
                    Table.Cell.text(queueName(t, w.routeKind(), w.routeId())),
                    Table.Cell.text(t.get("mail.kind." + w.kind().wire())),
                    w.recordId() == null ? Table.Cell.text("–")
                            : Table.Cell.link(t.get("mail.col.enquiry_link"), "/enquiries/" + w.deviceId() + "/" + w.recordId()),
                    Table.Cell.text(w.recipients().replace(",", ", ")),
                    Table.Cell.number(t, w.attempts()),
                    Table.Cell.text(w.lastError() == null ? "–" : w.lastError()),
                    Table.Cell.text(t.time(w.nextAttemptAt()))), w.attempts() > 0 ? "overdue" : null));
        }
        Table waiting = new Table("mail-waiting", t.f("mail.waiting_caption", t.num(Outbox.LIST)), List.of(
                Table.Column.text(t.get("mail.col.written")), Table.Column.text(t.get("mail.col.queue")),
                Table.Column.text(t.get("mail.col.kind")), Table.Column.text(t.get("mail.col.enquiry")),
                Table.Column.text(t.get("mail.col.to")), Table.Column.number(t.get("mail.col.attempts")),
                Table.Column.text(t.get("mail.col.last_error")), Table.Column.text(t.get("mail.col.next_try"))),
                waitingRows, "/mail.csv", false);
        if (csv) {
            ctx.csv("mail.csv", Csv.of(waiting));
            return;
        }
        List<Table.Row> queueRows = new ArrayList<>();
        for (MailQueues.Queue q : mail.queues().all()) {
            queueRows.add(new Table.Row(List.of(Table.Cell.text(queueName(t, q.kind(), q.id())),
                    Table.Cell.text(q.hasMailbox() ? String.join(", ", q.mailboxes()) : t.get("mail.no_mailbox")),
                    Table.Cell.text(t.get("mail.language." + q.language()))), q.hasMailbox() ? null : "overdue"));
        }
        Table queues = new Table("mail-queues", t.get("mail.queues_caption"), List.of(
                Table.Column.text(t.get("mail.col.queue")), Table.Column.text(t.get("mail.col.mailboxes")),
                Table.Column.text(t.get("mail.col.language"))), queueRows, null, false);
        Outbox.Counts counts = mail.outbox().counts();
        ctx.html("mail.jte", new MailView(ctx.chrome("mail"), mail.on() ? null : "mail.notice.off",
                t.f("mail.summary", t.num(counts.waiting()), t.num(counts.failing())), queues, waiting));
    }

    private String queueName(PageTexts t, String kind, String id) {
        return switch (kind) {
            case Route.REGION -> mail.queues().regions().region(id).map(r -> t.name(r.name())).orElse(id);
            case Route.AGENCY -> mail.queues().regions().agency(id).map(a -> t.name(a.name())).orElse(id);
            default -> t.get("enquiry.central_queue");
        };
    }
}
