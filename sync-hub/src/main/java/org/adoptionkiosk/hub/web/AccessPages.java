package org.adoptionkiosk.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.privacy.PersonIndex;
import org.adoptionkiosk.hub.privacy.SubjectAccess;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.SealedPersonal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the central team: a person's right of access. Find their records by the email or phone they
 * gave, then download everything held about them as JSON or as a PDF in Welsh and English. The
 * details searched for only ever travel in a POST's body, never in an address, and are not shown
 * in the audit log; the file's name holds only the time.
 */
public final class AccessPages {
    /** Version of the JSON download's structure (docs/hub.md describes it). */
    static final String JSON_KIND = "adoption-hub-right-of-access";
    static final int JSON_VERSION = 1;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\-. ]+");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /**
     * What access.jte shows.
     *
     * @param found how many records hold the details, or null before a search
     */
    public record AccessView(Chrome chrome, String email, String phone, SubjectAccess.Count found, String errorKey) {
    }

    private final SubjectAccess access;
    private final AccessPdf pdf;
    private final ObjectMapper mapper;
    private final RegionMap regions;

    public AccessPages(SubjectAccess access, AccessPdf pdf, ObjectMapper mapper, RegionMap regions) {
        this.access = access;
        this.pdf = pdf;
        this.mapper = mapper;
        this.regions = regions;
    }

    public void register(HubHandler h) {
        h.route("GET", "/access", HubHandler.Access.CENTRAL, (ctx, m) ->
                        ctx.html("access.jte", new AccessView(ctx.chrome("access"), "", "", null, null)))
                .route("POST", "/access/find", HubHandler.Access.CENTRAL, this::find)
                .route("POST", "/access/download", HubHandler.Access.CENTRAL, this::download);
    }

    /** The text key saying what is wrong with the details given, or null when they can be looked up. */
    static String invalid(String email, String phone) {
        if (email == null && phone == null) {
            return "access.error.nothing";
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            return "access.error.email";
        }
        if (phone != null) {
            int digits = PersonIndex.normalisePhone(phone).length();
            if (phone.length() > 40 || !PHONE.matcher(phone).matches() || digits < 6 || digits > 15) {
                return "access.error.phone";
            }
        }
        return null;
    }

    /** True when the details can be looked up; otherwise the form is shown again, saying why (400). */
    private static boolean valid(PageRequest ctx, String email, String phone) {
        String error = invalid(email, phone);
        if (error != null) {
            ctx.html(400, "access.jte", new AccessView(ctx.chrome("access"), nz(email), nz(phone), null, error));
            return false;
        }
        return true;
    }

    private void find(PageRequest ctx, Matcher m) throws SQLException {
        String email = ctx.field("email");
        String phone = ctx.field("phone");
        if (!valid(ctx, email, phone)) {
            return;
        }
        SubjectAccess.Count n = access.search(ctx.user(), email, phone);
        ctx.html("access.jte", new AccessView(ctx.chrome("access"), nz(email), nz(phone), n, null));
    }

    private void download(PageRequest ctx, Matcher m) throws SQLException {
        String email = ctx.field("email");
        String phone = ctx.field("phone");
        if (!valid(ctx, email, phone)) {
            return;
        }
        String format = "pdf".equals(ctx.field("format")) ? "pdf" : "json";
        SubjectAccess.Report report = access.export(ctx.user(), email, phone, format);
        if (report.records().isEmpty()) {
            ctx.html("access.jte", new AccessView(ctx.chrome("access"), nz(email), nz(phone),
                    new SubjectAccess.Count(0, 0), null));
            return;
        }
        String name = "right-of-access-" + FILE_TIME.format(report.at());
        Texts texts = ctx.t().texts();
        if (format.equals("pdf")) {
            ctx.download("application/pdf", name + ".pdf", pdf.render(document(report, texts)));
        } else {
            ctx.download("application/json", name + ".json", json(report, texts));
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---- JSON ----

    byte[] json(SubjectAccess.Report report, Texts texts) {
        ObjectNode root = mapper.createObjectNode();
        root.put("kind", JSON_KIND);
        root.put("version", JSON_VERSION);
        root.put("madeAt", report.at().toString());
        root.put("madeBy", report.username());
        ArrayNode records = root.putArray("records");
        for (SubjectAccess.Held h : report.records()) {
            ObjectNode r = records.addObject();
            r.put("type", h.type());
            r.put("kiosk", h.deviceId());
            r.put("recordId", h.recordId().toString());
            if (h.eventId() == null) {
                r.putNull("event");
            } else {
                ObjectNode ev = r.putObject("event");
                ev.put("id", h.eventId());
                ev.put("name", h.eventName());
                ev.put("venue", h.eventVenue());
            }
            r.put("madeOnKiosk", text(h.capturedAt()));
            r.put("receivedByHub", text(h.receivedAt()));
            r.put("kioskLanguage", h.lang());
            r.put("council", h.localAuthority());
            SealedPersonal p = h.person();
            if (p == null) {
                r.putNull("person");
            } else {
                ObjectNode person = r.putObject("person");
                person.put("name", p.name());
                person.put("email", p.email());
                person.put("phone", p.phone());
                person.put("postcode", p.postcode());
                person.put("message", p.message());
            }
            r.put("personUnreadable", h.unreadable());
            r.set("fields", fields(h.fieldsJson()));
            SubjectAccess.FollowUp f = h.followUp();
            if (f == null) {
                r.putNull("enquiry");
            } else {
                ObjectNode e = r.putObject("enquiry");
                ObjectNode queue = e.putObject("queue");
                queue.put("kind", f.routeKind());
                queue.put("id", f.routeId());
                RegionMap.Names qn = queueName(texts, f.routeKind(), f.routeId());
                queue.put("nameCy", qn.cy());
                queue.put("nameEn", qn.en());
                e.put("region", f.regionId());
                e.put("topic", f.topic());
                e.put("countedFrom", text(f.enquiryDate()));
                e.put("firstResponseDue", text(f.dueDate()));
                e.put("claimedBy", f.claimedBy());
                e.put("claimedAt", text(f.claimedAt()));
                if (f.firstResponseOn() == null) {
                    e.putNull("firstResponse");
                } else {
                    ObjectNode fr = e.putObject("firstResponse");
                    fr.put("on", f.firstResponseOn().toString());
                    fr.put("method", f.firstResponseMethod());
                    fr.put("by", f.firstResponseBy());
                }
                e.put("outcome", f.outcome());
                e.put("closedAt", text(f.closedAt()));
            }
            ArrayNode audit = r.putArray("audit");
            for (AuditLog.Entry a : h.audit()) {
                ObjectNode entry = audit.addObject();
                entry.put("at", a.at().toString());
                entry.put("who", a.username());
                entry.put("action", a.action());
                entry.put("detail", a.detail());
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode fields(String fieldsJson) {
        try {
            return mapper.readTree(fieldsJson);
        } catch (IOException e) {
            // Stored only after the kiosk's record was read: never expected; given as stored.
            return mapper.getNodeFactory().textNode(fieldsJson);
        }
    }

    // ---- PDF ----

    AccessPdf.Document document(SubjectAccess.Report report, Texts texts) {
        PageTexts cy = new PageTexts(PageTexts.CY, texts);
        PageTexts en = new PageTexts(PageTexts.EN, texts);
        List<AccessPdf.Item> items = new ArrayList<>();
        int i = 0;
        for (SubjectAccess.Held h : report.records()) {
            i++;
            String type = "signin".equals(h.type()) ? "access.type.signin" : "access.type.enquiry";
            List<AccessPdf.Part> parts = new ArrayList<>();
            parts.add(new AccessPdf.Part(pair(texts, "access.pdf.details"), details(texts, h)));
            parts.add(new AccessPdf.Part(pair(texts, "access.pdf.record_facts"), facts(texts, cy, h, type)));
            parts.add(new AccessPdf.Part(pair(texts, "access.pdf.fields"), fieldLines(h.fieldsJson())));
            if (h.followUp() != null) {
                parts.add(new AccessPdf.Part(pair(texts, "access.pdf.follow_up"), followUp(texts, cy, h.followUp())));
            }
            parts.add(new AccessPdf.Part(pair(texts, "access.pdf.audit"), auditLines(texts, cy, h.audit())));
            items.add(new AccessPdf.Item(new AccessPdf.Pair(cy.f("access.pdf.record", i, cy.get(type)),
                    en.f("access.pdf.record", i, en.get(type))), parts));
        }
        int n = report.records().size();
        return new AccessPdf.Document(pair(texts, "access.pdf.title"),
                new AccessPdf.Pair(cy.f("access.pdf.made", cy.time(report.at()), report.username(), n),
                        en.f("access.pdf.made", en.time(report.at()), report.username(), n)), items);
    }

    private static AccessPdf.Pair pair(Texts texts, String key) {
        RegionMap.Names n = texts.get(key);
        return new AccessPdf.Pair(n.cy(), n.en());
    }

    private static AccessPdf.Line line(Texts texts, String key, String value) {
        return new AccessPdf.Line(pair(texts, key), value == null || value.isEmpty() ? "–" : value);
    }

    /** A code's words in both languages ("Mabwysiadu / Adopting"), or the code as sent when unknown. */
    private static String both(Texts texts, String key, String code) {
        if (code == null) {
            return "–";
        }
        RegionMap.Names n = texts.get(key);
        return n.en().equals(key) ? code : n.cy() + " / " + n.en();
    }

    private static String both(RegionMap.Names n) {
        return n.cy().equals(n.en()) ? n.cy() : n.cy() + " / " + n.en();
    }

    private static List<AccessPdf.Line> details(Texts texts, SubjectAccess.Held h) {
        SealedPersonal p = h.person();
        if (p == null) {
            return List.of(line(texts, "access.pdf.details", both(texts.get("enquiry.personal.unreadable"))));
        }
        return List.of(line(texts, "person.name", p.name()), line(texts, "person.email", p.email()),
                line(texts, "person.phone", p.phone()), line(texts, "person.postcode", p.postcode()),
                line(texts, "person.message", p.message()));
    }

    private List<AccessPdf.Line> facts(Texts texts, PageTexts cy, SubjectAccess.Held h, String type) {
        List<AccessPdf.Line> out = new ArrayList<>();
        out.add(new AccessPdf.Line(pair(texts, "audit.col.action"), both(texts.get(type))));
        out.add(line(texts, "enquiry.fact.kiosk", h.deviceId() + " · " + h.recordId()));
        String event = h.eventId() == null ? null
                : h.eventName() == null ? h.eventId() : h.eventName() + " (" + h.eventId() + ")";
        out.add(line(texts, "access.event", event));
        out.add(line(texts, "events.venue", h.eventVenue()));
        out.add(line(texts, "time.made_on_kiosk", cy.time(h.capturedAt())));
        out.add(line(texts, "time.received_by_hub", cy.time(h.receivedAt())));
        out.add(line(texts, "enquiry.col.language", both(texts, "lang." + h.lang(), h.lang())));
        RegionMap.Names council = councilName(h.localAuthority());
        out.add(line(texts, "enquiry.col.council", council == null ? h.localAuthority() : both(council)));
        return out;
    }

    private List<AccessPdf.Line> fieldLines(String fieldsJson) {
        List<AccessPdf.Line> out = new ArrayList<>();
        JsonNode f = fields(fieldsJson);
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String value = v.isValueNode() ? v.asText() : v.toString();
            out.add(new AccessPdf.Line(new AccessPdf.Pair(e.getKey(), e.getKey()), value.isEmpty() ? "–" : value));
        }
        return out;
    }

    private List<AccessPdf.Line> followUp(Texts texts, PageTexts cy, SubjectAccess.FollowUp f) {
        List<AccessPdf.Line> out = new ArrayList<>();
        out.add(line(texts, "enquiry.col.queue", both(queueName(texts, f.routeKind(), f.routeId()))));
        out.add(line(texts, "enquiry.col.topic", both(texts, f.topic() == null ? "topic.none" : "topic." + f.topic(),
                f.topic())));
        out.add(line(texts, "enquiry.fact.counted_from", cy.day(f.enquiryDate())));
        out.add(line(texts, "enquiry.col.due", cy.day(f.dueDate())));
        out.add(line(texts, "enquiry.col.claimed", f.claimedBy() == null ? null
                : f.claimedBy() + " · " + cy.time(f.claimedAt())));
        out.add(line(texts, "enquiry.fact.first_response", f.firstResponseOn() == null ? null
                : cy.day(f.firstResponseOn()) + " · " + both(texts, "method." + f.firstResponseMethod(),
                f.firstResponseMethod()) + " · " + f.firstResponseBy()));
        out.add(line(texts, "enquiry.close.outcome", f.outcome() == null ? null
                : both(texts, "outcome." + f.outcome(), f.outcome()) + " · " + cy.time(f.closedAt())));
        return out;
    }

    private static List<AccessPdf.Line> auditLines(Texts texts, PageTexts cy, List<AuditLog.Entry> entries) {
        if (entries.isEmpty()) {
            return List.of(line(texts, "access.pdf.audit", both(texts.get("access.pdf.none"))));
        }
        List<AccessPdf.Line> out = new ArrayList<>();
        for (AuditLog.Entry a : entries) {
            String who = a.username() == null ? both(texts.get("audit.system")) : a.username();
            String detail = a.detail() == null ? "" : " · " + a.detail();
            String when = cy.time(a.at());
            out.add(new AccessPdf.Line(new AccessPdf.Pair(when, when),
                    who + " · " + both(texts, "audit.action." + a.action(), a.action()) + detail));
        }
        return out;
    }

    private RegionMap.Names queueName(Texts texts, String kind, String id) {
        return switch (kind) {
            case Route.REGION -> regions.region(id).map(RegionMap.Region::name).orElse(new RegionMap.Names(id, id));
            case Route.AGENCY -> regions.agency(id).map(RegionMap.Agency::name).orElse(new RegionMap.Names(id, id));
            default -> texts.get("enquiry.central_queue");
        };
    }

    private RegionMap.Names councilName(String slug) {
        if (slug == null) {
            return null;
        }
        if (regions.outside() != null && regions.outside().slug().equals(slug)) {
            return regions.outside().name();
        }
        for (RegionMap.Region r : regions.regions()) {
            for (RegionMap.LocalAuthority la : r.localAuthorities()) {
                if (la.slug().equals(slug)) {
                    return la.name();
                }
            }
        }
        return null;
    }

    private static String text(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
