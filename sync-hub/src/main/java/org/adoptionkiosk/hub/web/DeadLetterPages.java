package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.store.DeadLetter;
import org.adoptionkiosk.hub.store.DeadLetterStore;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The dead letters, for the central team: the newest in a table (and its CSV), and one at a time
 * with its payload shown as text. A payload may hold sealed data, so every opening is audited.
 */
public final class DeadLetterPages {
    /** How many the table shows. */
    static final int NEWEST = 200;

    /** What dead-letters.jte shows. */
    public record ListView(Chrome chrome, Table table) {
    }

    /** What dead-letter.jte shows. {@code truncatedNote} is null when the whole payload was kept. */
    public record LetterView(Chrome chrome, String title, List<FleetPages.Fact> facts, String payload,
                             String truncatedNote) {
    }

    private final DeadLetterStore deadLetters;
    private final AuditLog audit;

    public DeadLetterPages(DeadLetterStore deadLetters, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    public void register(HubHandler h) {
        h.route("GET", "/dead-letters", HubHandler.Access.CENTRAL, (ctx, m) -> list(ctx, false))
                .route("GET", "/dead-letters\\.csv", HubHandler.Access.CENTRAL, (ctx, m) -> list(ctx, true))
                .route("GET", "/dead-letters/([0-9]{1,18})", HubHandler.Access.CENTRAL, this::one);
    }

    private void list(PageRequest ctx, boolean csv) throws SQLException {
        PageTexts t = ctx.t();
        List<Table.Column> cols = List.of(Table.Column.text(t.get("dead_letters.col.received")),
                Table.Column.text(t.get("dead_letters.col.device")), Table.Column.text(t.get("dead_letters.col.topic")),
                Table.Column.text(t.get("dead_letters.col.batch")), Table.Column.text(t.get("dead_letters.col.record")),
                Table.Column.text(t.get("dead_letters.col.reason")), Table.Column.number(t.get("dead_letters.col.size")));
        List<Table.Row> rows = new ArrayList<>();
        for (DeadLetterStore.Summary d : deadLetters.latest(NEWEST)) {
            rows.add(new Table.Row(List.of(Table.Cell.link(t.time(d.receivedAt()), "/dead-letters/" + d.id()),
                    Table.Cell.text(orDash(d.deviceId())), Table.Cell.text(d.topic()), Table.Cell.text(orDash(d.batchId())),
                    Table.Cell.text(orDash(d.recordId())), Table.Cell.text(d.reason()),
                    Table.Cell.number(t, d.payloadBytes()))));
        }
        Table table = new Table("dead-letters", t.f("dead_letters.caption", t.num(NEWEST)), cols, rows,
                "/dead-letters.csv", false);
        if (csv) {
            ctx.csv("dead-letters.csv", Csv.of(table));
        } else {
            ctx.html("dead-letters.jte", new ListView(ctx.chrome("dead-letters"), table));
        }
    }

    private void one(PageRequest ctx, Matcher m) throws SQLException {
        long id;
        try {
            id = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            id = -1;
        }
        Optional<DeadLetterStore.Full> found = id < 0 ? Optional.empty() : deadLetters.find(id);
        if (found.isEmpty()) {
            ctx.problem(404, "error.no_such_dead_letter");
            return;
        }
        DeadLetterStore.Summary d = found.get().summary();
        audit.add(ctx.user().username(), AuditLog.DEAD_LETTER_VIEW, d.deviceId(), d.recordId(), "dead letter " + d.id());
        PageTexts t = ctx.t();
        List<FleetPages.Fact> facts = List.of(
                new FleetPages.Fact(t.get("dead_letters.col.received"), t.time(d.receivedAt())),
                new FleetPages.Fact(t.get("dead_letters.col.device"), orDash(d.deviceId())),
                new FleetPages.Fact(t.get("dead_letters.col.topic"), d.topic()),
                new FleetPages.Fact(t.get("dead_letters.col.batch"), orDash(d.batchId())),
                new FleetPages.Fact(t.get("dead_letters.col.record"), orDash(d.recordId())),
                new FleetPages.Fact(t.get("dead_letters.col.reason"), d.reason()),
                new FleetPages.Fact(t.get("dead_letters.col.size"), t.num(d.payloadBytes())));
        String payload = found.get().payload();
        long kept = payload == null ? 0 : payload.getBytes(StandardCharsets.UTF_8).length;
        // Only the first 64 Ki characters are kept (DeadLetter.MAX_PAYLOAD_CHARS).
        String truncated = payload != null && kept < d.payloadBytes() && payload.length() >= DeadLetter.MAX_PAYLOAD_CHARS
                ? t.f("dead_letter.truncated", t.num(d.payloadBytes())) : null;
        ctx.html("dead-letter.jte", new LetterView(ctx.chrome("dead-letters"), t.f("dead_letter.title", d.id()),
                facts, payload, truncated));
    }

    private static String orDash(Object o) {
        return o == null ? "–" : o.toString();
    }
}
