package org.adoptionkiosk.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.followup.Enquiry;
import org.adoptionkiosk.hub.followup.EnquiryStore;
import org.adoptionkiosk.hub.followup.Stage;
import org.adoptionkiosk.hub.mail.Mail;
import org.adoptionkiosk.hub.privacy.PersonalData;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.store.RecordTiming;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * A queue of routed enquiries (a regional user's own; any for the central team), and one enquiry:
 * the visitor's details opened for this user (and audited), and the follow-up: claim, first response,
 * outcome. An enquiry of a queue the user does not handle is "not found", even by its exact address.
 */
public final class EnquiryPages {
    private static final String ID = "/enquiries/([a-z0-9][a-z0-9-]{1,62})/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

    private static final java.util.Set<String> NOTICES = java.util.Set.of("enquiry.notice.claimed",
            "enquiry.notice.responded", "enquiry.notice.closed", "stage.notice.recorded",
            "stage.notice.removed");

    /**
     * What enquiries.jte shows.
     *
     * @param mailNotices text keys of what the follow-up mail will not do here: mail off, no mailbox
     */
    public record QueueView(Chrome chrome, List<QueueOption> queues, String queue, String show, Table table,
                            List<String> mailNotices) {
    }

    public record QueueOption(String value, String label, boolean selected) {
    }

    /** A fact of the enquiry: a label and what it says. */
    public record Fact(String label, String value) {
    }

    /** What enquiry.jte shows. */
    public record EnquiryView(Chrome chrome, Enquiry enquiry, String path, List<Fact> facts, PersonalData.Opened personal,
                              String status, boolean overdue, List<String> methods, List<String> outcomes,
                              String today, String errorKey, String timeNote, List<Stage> stages,
                              List<String> stageNames, List<String> reasons) {
    }

    private final EnquiryStore store;
    private final PersonalData personal;
    private final RegionMap regions;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Mail mail;

    public EnquiryPages(EnquiryStore store, PersonalData personal, RegionMap regions, Clock clock, ObjectMapper mapper,
                        Mail mail) {
        this.store = store;
        this.personal = personal;
        this.regions = regions;
        this.clock = clock;
        this.mapper = mapper;
        this.mail = mail;
    }

    public void register(HubHandler h) {
        h.route("GET", "/enquiries", HubHandler.Access.ENQUIRIES, this::queue)
                .route("GET", ID, HubHandler.Access.ENQUIRIES, (ctx, m) -> detail(ctx, m, 200, null))
                .route("POST", ID + "/claim", HubHandler.Access.ENQUIRIES, this::claim)
                .route("POST", ID + "/respond", HubHandler.Access.ENQUIRIES, this::respond)
                .route("POST", ID + "/close", HubHandler.Access.ENQUIRIES, this::close)
                .route("POST", ID + "/stage", HubHandler.Access.ENQUIRIES, this::stage)
                .route("POST", ID + "/stage/remove", HubHandler.Access.ENQUIRIES, this::removeStage);
    }

    private LocalDate today() {
        return clock.instant().atZone(RecordTiming.FIGURES_ZONE).toLocalDate();
    }

    private void queue(PageRequest ctx, Matcher m) throws SQLException {
        PageTexts t = ctx.t();
        User user = ctx.user();
        String kind = null;
        String id = null;
        String queue = ctx.param("queue");
        if (user.isCentral() && queue != null && queue.contains(":")) {
            kind = queue.substring(0, queue.indexOf(':'));
            id = queue.substring(queue.indexOf(':') + 1);
        }
        String show = ctx.param("show") == null ? "open" : ctx.param("show");
        EnquiryStore.Show which = switch (show) {
            case "closed" -> EnquiryStore.Show.CLOSED;
            case "all" -> EnquiryStore.Show.ALL;
            default -> EnquiryStore.Show.OPEN;
        };
        List<Enquiry> list = store.queue(user, kind, id, which);
        LocalDate today = today();
        List<Table.Column> cols = List.of(Table.Column.text(t.get("time.received_by_hub")),
                Table.Column.text(t.get("time.made_on_kiosk")), Table.Column.text(t.get("enquiry.col.due")),
                Table.Column.text(t.get("enquiry.col.status")),
                Table.Column.text(t.get("enquiry.col.queue")), Table.Column.text(t.get("enquiry.col.council")),
                Table.Column.text(t.get("enquiry.col.topic")), Table.Column.text(t.get("enquiry.col.language")),
                Table.Column.text(t.get("enquiry.col.claimed")));
        List<Table.Row> rows = new ArrayList<>();
        for (Enquiry e : list) {
            boolean overdue = e.overdue(today);
            rows.add(new Table.Row(List.of(
                    Table.Cell.link(t.time(e.receivedAt()), "/enquiries/" + e.deviceId() + "/" + e.recordId()),
                    Table.Cell.text(e.timeSuspect() ? t.time(e.capturedAt()) + " · " + t.get("time.suspect_short")
                            : t.time(e.capturedAt())),
                    Table.Cell.text(t.day(e.dueDate())),
                    Table.Cell.text(status(t, e, today)),
                    Table.Cell.text(queueName(t, e.routeKind(), e.routeId())),
                    Table.Cell.text(councilName(t, e.localAuthority())),
                    Table.Cell.text(t.get(e.topic() == null ? "topic.none" : "topic." + e.topic())),
                    Table.Cell.text(t.get("lang." + e.lang())),
                    Table.Cell.text(e.claimedBy() == null ? "–" : e.claimedBy())), overdue ? "overdue" : null));
        }
        Table table = new Table("queue", t.f("enquiry.queue_caption", rows.size()), cols, rows, null, false);
        List<QueueOption> options = new ArrayList<>();
        if (user.isCentral()) {
            options.add(new QueueOption("", t.get("enquiry.all_queues"), kind == null));
            for (Route q : EnquiryStore.queues(regions)) {
                String value = q.kind() + ":" + q.id();
                options.add(new QueueOption(value, queueName(t, q.kind(), q.id()), value.equals(queue)));
            }
        }
        ctx.html("enquiries.jte", new QueueView(ctx.chrome("enquiries"), options, queue, show, table,
                mailNotices(user, kind, id)));
    }

    /**
     * Says what the follow-up mail will not do for the queue shown: mail is off (emails wait), or the
     * regions file names no mailbox for it (no email at all).
     */
    private List<String> mailNotices(User user, String kind, String id) {
        List<String> out = new ArrayList<>();
        if (!mail.on()) {
            out.add("mail.notice.off");
        }
        String k = user.isCentral() ? kind : user.scopeKind();
        String i = user.isCentral() ? id : user.scopeId();
        if (k != null && !mail.queues().queue(k, i).hasMailbox()) {
            out.add("mail.notice.no_mailbox");
        } else if (k == null && user.isCentral() && mail.queues().all().stream().anyMatch(q -> !q.hasMailbox())) {
            out.add("mail.notice.some_without_mailbox");
        }
        return out;
    }

    private Optional<Enquiry> enquiry(PageRequest ctx, Matcher m) throws SQLException {
        String device = m.group(1);
        UUID id;
        try {
            id = UUID.fromString(m.group(2));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Topics.isValidDeviceId(device) ? store.find(ctx.user(), device, id) : Optional.empty();
    }

    private void detail(PageRequest ctx, Matcher m, int status, String errorKey) throws SQLException {
        Optional<Enquiry> found = enquiry(ctx, m);
        if (found.isEmpty()) {
            ctx.problem(404, "enquiry.error.none");
            return;
        }
        Enquiry e = found.get();
        PageTexts t = ctx.t();
        LocalDate today = today();
        PersonalData.Opened opened = personal.open(ctx.user(), e);
        String done = ctx.param("done");
        String notice = done != null && NOTICES.contains(done) && errorKey == null ? done : null;
        ctx.html(status, "enquiry.jte", new EnquiryView(ctx.chrome("enquiries", notice), e,
                "/enquiries/" + e.deviceId() + "/" + e.recordId(), facts(t, e), opened, status(t, e, today),
                e.overdue(today), List.copyOf(new java.util.TreeSet<>(EnquiryStore.METHODS)),
                List.copyOf(new java.util.TreeSet<>(EnquiryStore.OUTCOMES)), today.toString(), errorKey,
                timeNote(t, e), store.stages(ctx.user(), e.deviceId(), e.recordId()), EnquiryStore.STAGES,
                EnquiryStore.REASONS));
    }

    private void claim(PageRequest ctx, Matcher m) throws SQLException {
        change(ctx, m, e -> store.claim(ctx.user(), e.deviceId(), e.recordId()), "enquiry.notice.claimed");
    }

    private void respond(PageRequest ctx, Matcher m) throws SQLException {
        change(ctx, m, e -> {
            LocalDate on;
            try {
                on = ctx.field("on") == null ? null : LocalDate.parse(ctx.field("on"));
            } catch (DateTimeParseException ex) {
                throw new EnquiryStore.Refused("enquiry.error.response_date");
            }
            store.respond(ctx.user(), e.deviceId(), e.recordId(), on, String.valueOf(ctx.field("method")));
        }, "enquiry.notice.responded");
    }

    private void close(PageRequest ctx, Matcher m) throws SQLException {
        change(ctx, m, e -> store.close(ctx.user(), e.deviceId(), e.recordId(), String.valueOf(ctx.field("outcome"))),
                "enquiry.notice.closed");
    }

    /** A later stage (the funnel): which, the day it happened, and for an ending, why. */
    private void stage(PageRequest ctx, Matcher m) throws SQLException {
        change(ctx, m, e -> {
            LocalDate on;
            try {
                on = ctx.field("on") == null || ctx.field("on").isBlank() ? null : LocalDate.parse(ctx.field("on"));
            } catch (DateTimeParseException ex) {
                throw new EnquiryStore.Refused("stage.error.date");
            }
            store.recordStage(ctx.user(), e.deviceId(), e.recordId(), String.valueOf(ctx.field("stage")), on,
                    ctx.field("reason"));
        }, "stage.notice.recorded");
    }

    /** A stage recorded in error, taken back so the right one can be recorded. */
    private void removeStage(PageRequest ctx, Matcher m) throws SQLException {
        change(ctx, m, e -> store.removeStage(ctx.user(), e.deviceId(), e.recordId(), String.valueOf(ctx.field("stage"))),
                "stage.notice.removed");
    }

    private interface Action {
        void apply(Enquiry e) throws SQLException, EnquiryStore.Refused;
    }

    private void change(PageRequest ctx, Matcher m, Action action, String notice) throws SQLException {
        Optional<Enquiry> found = enquiry(ctx, m);
        if (found.isEmpty()) {
            ctx.problem(404, "enquiry.error.none");
            return;
        }
        try {
            action.apply(found.get());
        } catch (EnquiryStore.Refused r) {
            detail(ctx, m, r.key().equals("enquiry.error.none") ? 404 : 400, r.key());
            return;
        }
        Enquiry e = found.get();
        ctx.redirect("/enquiries/" + e.deviceId() + "/" + e.recordId() + "?done="
                + URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }

    static String status(PageTexts t, Enquiry e, LocalDate today) {
        if (e.closedAt() != null) {
            return t.f("enquiry.status.closed", t.get("outcome." + e.outcome()));
        }
        if (e.firstResponseOn() != null) {
            return t.f(e.answeredInTime() ? "enquiry.status.answered_in_time" : "enquiry.status.answered_late",
                    t.day(e.firstResponseOn()));
        }
        return e.overdue(today) ? t.get("enquiry.status.overdue") : t.get("enquiry.status.open");
    }

    String queueName(PageTexts t, String kind, String id) {
        return switch (kind) {
            case Route.REGION -> regions.region(id).map(r -> t.name(r.name())).orElse(id);
            case Route.AGENCY -> regions.agency(id).map(a -> t.name(a.name())).orElse(id);
            default -> t.get("enquiry.central_queue");
        };
    }

    private String councilName(PageTexts t, String slug) {
        if (slug == null) {
            return "–";
        }
        if (regions.outside() != null && regions.outside().slug().equals(slug)) {
            return t.name(regions.outside().name());
        }
        for (RegionMap.Region r : regions.regions()) {
            for (RegionMap.LocalAuthority la : r.localAuthorities()) {
                if (la.slug().equals(slug)) {
                    return t.name(la.name());
                }
            }
        }
        return slug;
    }

    /** The enquiry's non-personal facts, each value in the reader's language where the kiosk sent a code. */
    private List<Fact> facts(PageTexts t, Enquiry e) {
        List<Fact> out = new ArrayList<>();
        out.add(new Fact(t.get("time.made_on_kiosk"), t.time(e.capturedAt())));
        out.add(new Fact(t.get("time.received_by_hub"), t.time(e.receivedAt())));
        if (e.correctedAt() != null) {
            out.add(new Fact(t.get("time.corrected"), t.time(e.correctedAt())));
        }
        out.add(new Fact(t.get("enquiry.fact.counted_from"), t.day(e.enquiryDate())));
        out.add(new Fact(t.get("enquiry.col.due"), t.day(e.dueDate())));
        out.add(new Fact(t.get("enquiry.col.queue"), queueName(t, e.routeKind(), e.routeId())));
        out.add(new Fact(t.get("enquiry.col.council"), councilName(t, e.localAuthority())));
        out.add(new Fact(t.get("enquiry.col.topic"), t.get(e.topic() == null ? "topic.none" : "topic." + e.topic())));
        out.add(new Fact(t.get("enquiry.col.language"), t.get("lang." + e.lang())));
        JsonNode f;
        try {
            f = mapper.readTree(e.fieldsJson());
        } catch (IOException ex) {
            f = mapper.createObjectNode();
        }
        List<String> interests = new ArrayList<>();
        for (JsonNode i : f.path("interests")) {
            interests.add(coded(t, "interest.", i.asText()));
        }
        out.add(new Fact(t.get("enquiry.fact.interests"), interests.isEmpty() ? "–" : String.join(", ", interests)));
        out.add(new Fact(t.get("enquiry.fact.contact"), coded(t, "contact.", f.path("preferredContact").asText(""))));
        out.add(new Fact(t.get("enquiry.fact.time"), coded(t, "time.", f.path("preferredTime").asText(""))));
        out.add(new Fact(t.get("enquiry.fact.letters"), coded(t, "lang.", f.path("preferredLanguage").asText(""))));
        out.add(new Fact(t.get("enquiry.fact.kiosk"), e.deviceId()));
        out.add(new Fact(t.get("enquiry.col.claimed"), e.claimedBy() == null ? "–"
                : e.claimedBy() + " · " + t.time(e.claimedAt())));
        if (e.firstResponseOn() != null) {
            out.add(new Fact(t.get("enquiry.fact.first_response"), t.day(e.firstResponseOn()) + " · "
                    + t.get("method." + e.firstResponseMethod()) + " · " + e.firstResponseBy()));
        }
        return out;
    }

    /**
     * When the kiosk's clock looked wrong, which day the enquiry was counted on (RecordTiming): the
     * hub's estimate of when it was made, the day received, or, for one found suspect only after it
     * was counted, the kiosk's own day. Null when the kiosk's time looked right.
     */
    static String timeNote(PageTexts t, Enquiry e) {
        if (!e.timeSuspect()) {
            return null;
        }
        LocalDate counted = e.enquiryDate();
        if (e.correctedAt() != null && counted.equals(RecordTiming.day(e.correctedAt()))) {
            return t.f("time.suspect.counted_corrected", t.day(counted));
        }
        if (counted.equals(RecordTiming.day(e.receivedAt()))) {
            return t.f("time.suspect.counted_received", t.day(counted));
        }
        return t.f("time.suspect.counted_kiosk", t.day(counted));
    }

    /** A code the kiosk sent, in words; one this hub does not know is shown as sent. */
    private static String coded(PageTexts t, String prefix, String code) {
        if (code == null || code.isEmpty()) {
            return "–";
        }
        String key = prefix + code;
        String text = t.get(key);
        return text.equals(key) ? code : text;
    }
}
