package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.fleet.ConfigPush;
import org.adoptionkiosk.hub.fleet.DeviceView;
import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.Topics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.text.Collator;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * The fleet: every kiosk in one sortable table (and its CSV), a page per kiosk with all it reports,
 * and for the central team the form that pushes a new config to a kiosk.
 */
public final class FleetPages {
    /** A kiosk not heard from for longer than this is flagged. */
    public static final Duration SILENT = Duration.ofDays(1);

    /** What fleet.jte shows. */
    public record FleetView(Chrome chrome, Table table) {
    }

    /** One fact of a kiosk: a label and its value as text. */
    public record Fact(String label, String value) {
    }

    /**
     * The config the hub wants on the kiosk and what the kiosk says of it.
     *
     * @param desired   the stored config's version line, or null when none was pushed
     * @param sent      whether the broker took it, as a sentence
     * @param kiosk     applied / waiting / could not apply, as a sentence (null without a config)
     * @param kioskCls  the badge's classes: "badge good", "badge bad" or "badge"
     */
    public record ConfigState(String desired, String sent, String kiosk, String kioskCls, String reports) {
    }

    /** The config form as shown: what was typed (or the current config) and each field's error key. */
    public record ConfigForm(String action, String mode, String eventName, String eventVenue, String startsOn,
                             String endsOn, boolean signin, boolean enquiry, boolean newsletter,
                             String retentionDays, Map<String, String> errors) {
        public String error(String field) {
            return errors.get(field);
        }

        public boolean invalid(String field) {
            return errors.containsKey(field);
        }

        /** The inputs' limits (maxlength, min, max), from the rules the push is checked by. */
        public Map<String, Integer> limits() {
            return DeviceConfig.limits();
        }
    }

    /** What kiosk.jte shows; {@code form} is null for users who may not push a config. */
    public record KioskView(Chrome chrome, String title, String deviceId, boolean flagged, List<Fact> facts,
                            ConfigState config, ConfigForm form) {
    }

    /** The fleet table's columns, as named in ?sort=. */
    enum Col {
        KIOSK("kiosk", "fleet.col.kiosk", false),
        REGION("region", "fleet.col.region", false),
        SITE("site", "fleet.col.site", false),
        EVENT("event", "fleet.col.event", false),
        STATUS("status", "fleet.col.status", false),
        LAST_SEEN("last_seen", "fleet.col.last_seen", false),
        BACKLOG("backlog", "fleet.col.backlog", true),
        OLDEST("oldest_unsynced", "fleet.col.oldest", false),
        GAPS("gaps", "fleet.col.gaps", true),
        FIRST_GAP("first_gap", "fleet.col.first_gap", false),
        OFFSET("clock_offset", "fleet.col.offset", true),
        TIME_SUSPECT("time_suspect", "fleet.col.time_suspect", true),
        FORGED_ACKS("forged_acks", "fleet.col.forged_acks", true),
        VERSION("version", "fleet.col.version", false),
        HELP("help", "fleet.col.help", true);

        final String id;
        final String label;
        final boolean numeric;

        Col(String id, String label, boolean numeric) {
            this.id = id;
            this.label = label;
            this.numeric = numeric;
        }

        static Optional<Col> of(String id) {
            for (Col c : values()) {
                if (c.id.equals(id)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** One kiosk's row before it becomes cells: the texts it shows and whether it is flagged. */
    private record Line(DeviceView d, String region, String site, String event, String status, boolean flagged) {
    }

    private final FleetService fleet;
    private final ConfigPush push;
    private final RegionMap regions;
    private final Clock clock;

    public FleetPages(FleetService fleet, ConfigPush push, RegionMap regions, Clock clock) {
        this.fleet = fleet;
        this.push = push;
        this.regions = regions;
        this.clock = clock;
    }

    public void register(HubHandler h) {
        h.route("GET", "/fleet", HubHandler.Access.ENQUIRIES, (ctx, m) -> list(ctx, false))
                .route("GET", "/fleet\\.csv", HubHandler.Access.ENQUIRIES, (ctx, m) -> list(ctx, true))
                .route("GET", "/fleet/([^/]{1,200})", HubHandler.Access.ENQUIRIES, this::kiosk)
                .route("POST", "/fleet/([^/]{1,200})/config", HubHandler.Access.CENTRAL, this::pushConfig);
    }

    // ---- The fleet table -------------------------------------------------------------------------

    private void list(PageRequest ctx, boolean csv) throws SQLException {
        PageTexts t = ctx.t();
        Col sort = Col.of(ctx.param("sort")).orElse(Col.KIOSK);
        boolean desc = "desc".equals(ctx.param("dir"));
        Table table = table(t, fleet.devices(), sort, desc);
        if (csv) {
            ctx.csv("kiosks.csv", Csv.of(table));
        } else {
            ctx.html("fleet.jte", new FleetView(ctx.chrome("fleet"), table));
        }
    }

    Table table(PageTexts t, List<DeviceView> devices, Col sort, boolean desc) {
        Instant now = clock.instant();
        List<Line> lines = new ArrayList<>();
        for (DeviceView d : devices) {
            boolean flagged = silent(d, now);
            String status = statusText(t, d);
            lines.add(new Line(d, regionText(t, d.region()), siteText(t, d.site()), eventText(t, d),
                    flagged ? status + " · " + t.get("fleet.silent") : status, flagged));
        }
        lines.sort(order(sort, desc));

        List<Table.Column> cols = new ArrayList<>();
        for (Col c : Col.values()) {
            boolean current = c == sort;
            String dir = current && !desc ? "desc" : "asc";
            cols.add(new Table.Column(t.get(c.label), c.numeric, "/fleet?sort=" + c.id + "&dir=" + dir,
                    current ? (desc ? "desc" : "asc") : null));
        }
        List<Table.Row> rows = new ArrayList<>();
        for (Line l : lines) {
            DeviceView d = l.d();
            List<DeviceView.Gap> gaps = d.gaps();
            rows.add(new Table.Row(List.of(
                    Table.Cell.link(d.deviceId(), "/fleet/" + d.deviceId()),
                    Table.Cell.text(l.region()),
                    Table.Cell.text(l.site()),
                    Table.Cell.text(l.event()),
                    Table.Cell.text(l.status()),
                    Table.Cell.text(t.time(d.lastSeen())),
                    number(t, d.backlog()),
                    Table.Cell.text(t.time(d.oldestUnsyncedAt())),
                    Table.Cell.number(t, gaps.size()),
                    Table.Cell.text(gaps.isEmpty() ? "–" : range(gaps.get(0))),
                    offset(t, d.clockOffsetMillis()),
                    Table.Cell.number(t, d.timeSuspect()),
                    number(t, d.forgedAcks()),
                    Table.Cell.text(d.version() == null ? "–" : d.version()),
                    number(t, d.openHelpRequests())), l.flagged() ? "flagged" : null));
        }
        return new Table("fleet", t.get("fleet.caption"), cols, rows,
                "/fleet.csv?sort=" + sort.id + "&dir=" + (desc ? "desc" : "asc"), false);
    }

    /** Sorted by the column, missing values last either way, then by kiosk id. */
    private static Comparator<Line> order(Col sort, boolean desc) {
        Collator collator = Collator.getInstance(Locale.UK);
        Function<Line, Comparable<?>> key = switch (sort) {
            case KIOSK -> l -> l.d().deviceId();
            case REGION -> l -> text(collator, l.region());
            case SITE -> l -> text(collator, l.site());
            case EVENT -> l -> text(collator, l.event());
            case STATUS -> l -> l.d().online() == null ? 2 : l.d().online() ? 0 : 1;
            case LAST_SEEN -> l -> l.d().lastSeen();
            case BACKLOG -> l -> l.d().backlog();
            case OLDEST -> l -> l.d().oldestUnsyncedAt();
            case GAPS -> l -> l.d().gaps().size();
            case FIRST_GAP -> l -> l.d().gaps().isEmpty() ? null : l.d().gaps().get(0).from();
            case OFFSET -> l -> l.d().clockOffsetMillis();
            case TIME_SUSPECT -> l -> l.d().timeSuspect();
            case FORGED_ACKS -> l -> l.d().forgedAcks();
            case VERSION -> l -> text(collator, l.d().version());
            case HELP -> l -> l.d().openHelpRequests();
        };
        Comparator<Line> byKey = (a, b) -> {
            @SuppressWarnings("unchecked")
            Comparable<Object> ka = (Comparable<Object>) key.apply(a);
            Object kb = key.apply(b);
            if (ka == null || kb == null) {
                return ka == null ? (kb == null ? 0 : 1) : -1;
            }
            int c = ka.compareTo(kb);
            return desc ? -c : c;
        };
        return byKey.thenComparing(l -> l.d().deviceId());
    }

    /** A text's collation key, or null for none ("–"), which sorts last. */
    private static Comparable<?> text(Collator collator, String s) {
        return s == null || s.isEmpty() || s.equals("–") ? null : collator.getCollationKey(s);
    }

    static boolean silent(DeviceView d, Instant now) {
        return d.lastSeen() != null && d.lastSeen().isBefore(now.minus(SILENT));
    }

    private static String statusText(PageTexts t, DeviceView d) {
        return t.get(d.online() == null ? "fleet.never" : d.online() ? "fleet.online" : "fleet.offline");
    }

    private String regionText(PageTexts t, String id) {
        if (id == null) {
            return "–";
        }
        return regions.region(id).map(r -> t.name(r.name())).orElse(t.f("fleet.unknown", id));
    }

    private String siteText(PageTexts t, String id) {
        if (id == null) {
            return "–";
        }
        return regions.site(id).map(e -> t.name(e.getValue().name())).orElse(t.f("fleet.unknown", id));
    }

    private static String eventText(PageTexts t, DeviceView d) {
        if (DeviceConfig.MODE_OFFICE.equals(d.mode())) {
            return t.get("fleet.office");
        }
        if (d.eventId() == null) {
            return "–";
        }
        return d.eventName() == null ? d.eventId() : d.eventName();
    }

    private static String range(DeviceView.Gap g) {
        return g.from() == g.to() ? Long.toString(g.from()) : g.from() + "–" + g.to();
    }

    private static Table.Cell number(PageTexts t, Long n) {
        return n == null ? Table.Cell.text("–") : Table.Cell.number(t, n);
    }

    private static Table.Cell offset(PageTexts t, Long ms) {
        return ms == null ? Table.Cell.text("–") : new Table.Cell(t.f("fleet.ms", t.num(ms)), null, (double) ms);
    }

    // ---- One kiosk -------------------------------------------------------------------------------

    private Optional<DeviceView> find(PageRequest ctx, Matcher m) throws SQLException {
        String id = m.group(1);
        Optional<DeviceView> d = Topics.isValidDeviceId(id) ? fleet.device(id) : Optional.empty();
        if (d.isEmpty()) {
            ctx.problem(404, "error.no_such_kiosk");
        }
        return d;
    }

    private void kiosk(PageRequest ctx, Matcher m) throws SQLException {
        Optional<DeviceView> d = find(ctx, m);
        if (d.isEmpty()) {
            return;
        }
        Optional<ConfigPush.Stored> stored = push.current(d.get().deviceId());
        ConfigForm form = ctx.user().role() == Role.CENTRAL ? formFrom(d.get(), stored.orElse(null)) : null;
        page(ctx, 200, d.get(), stored.orElse(null), form, ctx.param("saved") != null ? "fleet.config.saved" : null);
    }

    private void page(PageRequest ctx, int status, DeviceView d, ConfigPush.Stored stored, ConfigForm form,
                      String notice) {
        PageTexts t = ctx.t();
        ctx.html(status, "kiosk.jte", new KioskView(ctx.chrome("fleet", notice), t.f("kiosk.title", d.deviceId()),
                d.deviceId(), silent(d, clock.instant()), facts(t, d), configState(t, d, stored), form));
    }

    private List<Fact> facts(PageTexts t, DeviceView d) {
        List<Fact> out = new ArrayList<>();
        String status = statusText(t, d);
        fact(out, t, "kiosk.fact.status", silent(d, clock.instant()) ? status + " · " + t.get("fleet.silent") : status);
        fact(out, t, "kiosk.fact.last_seen", t.time(d.lastSeen()));
        fact(out, t, "kiosk.fact.first_seen", t.time(d.firstSeen()));
        fact(out, t, "kiosk.fact.status_at", t.time(d.statusAt()));
        fact(out, t, "kiosk.fact.region", regionText(t, d.region()));
        String site = siteText(t, d.site());
        Optional<Map.Entry<RegionMap.Region, RegionMap.Site>> known = d.site() == null ? Optional.empty()
                : regions.site(d.site());
        if (known.isPresent()) {
            site = site + " (" + t.get(RegionMap.Site.HUB.equals(known.get().getValue().kind())
                    ? "kiosk.site.hub" : "kiosk.site.spoke") + ")";
        }
        fact(out, t, "kiosk.fact.site", site);
        fact(out, t, "kiosk.fact.mode", d.mode() == null ? "–"
                : DeviceConfig.MODE_EVENT.equals(d.mode()) || DeviceConfig.MODE_OFFICE.equals(d.mode())
                ? t.get("kiosk.mode." + d.mode()) : t.f("fleet.unknown", d.mode()));
        fact(out, t, "kiosk.fact.event", d.eventName() == null ? "–" : d.eventName());
        fact(out, t, "kiosk.fact.venue", d.eventVenue() == null ? "–" : d.eventVenue());
        fact(out, t, "kiosk.fact.event_id", d.eventId() == null ? "–" : d.eventId());
        fact(out, t, "kiosk.fact.footfall_event", num(t, d.footfallEvent()));
        fact(out, t, "kiosk.fact.footfall_today", num(t, d.footfallToday()));
        fact(out, t, "kiosk.fact.backlog", num(t, d.backlog()));
        fact(out, t, "kiosk.fact.oldest", t.time(d.oldestUnsyncedAt()));
        fact(out, t, "kiosk.fact.last_capture", t.time(d.lastCaptureAt()));
        fact(out, t, "kiosk.fact.records", t.num(d.records()));
        fact(out, t, "kiosk.fact.contiguous", t.num(d.contiguousSeq()));
        fact(out, t, "kiosk.fact.max_seq", t.num(d.maxSeq()));
        List<String> gaps = new ArrayList<>();
        d.gaps().forEach(g -> gaps.add(range(g)));
        fact(out, t, "kiosk.fact.gaps", gaps.isEmpty() ? t.get("kiosk.gaps_none")
                : t.num(gaps.size()) + ": " + String.join(", ", gaps));
        fact(out, t, "kiosk.fact.offset", d.clockOffsetMillis() == null ? "–" : t.f("fleet.ms", t.num(d.clockOffsetMillis())));
        fact(out, t, "kiosk.fact.time_suspect", t.num(d.timeSuspect()));
        fact(out, t, "kiosk.fact.version", d.version() == null ? "–" : d.version());
        fact(out, t, "kiosk.fact.help", num(t, d.openHelpRequests()));
        fact(out, t, "kiosk.fact.last_help", t.time(d.lastHelpRequestAt()));
        fact(out, t, "kiosk.fact.temperature", d.temperatureC() == null ? "–"
                : t.f("kiosk.celsius", String.format(Locale.UK, "%.1f", d.temperatureC())));
        fact(out, t, "kiosk.fact.disk", d.diskFreeBytes() == null ? "–"
                : t.f("kiosk.mb", t.num(d.diskFreeBytes() / 1_000_000)));
        fact(out, t, "kiosk.fact.config_version", num(t, d.configVersion()));
        fact(out, t, "kiosk.fact.config_error", d.configError() == null ? "–" : d.configError());
        fact(out, t, "kiosk.fact.forged_acks", num(t, d.forgedAcks()));
        return out;
    }

    private static void fact(List<Fact> out, PageTexts t, String key, String value) {
        out.add(new Fact(t.get(key), value));
    }

    private static String num(PageTexts t, Long n) {
        return n == null ? "–" : t.num(n);
    }

    /**
     * Applied when the kiosk reports this version (or a later one); "could not apply" when it reports
     * an error in a status that came after the broker took this version; otherwise still waiting.
     */
    private static ConfigState configState(PageTexts t, DeviceView d, ConfigPush.Stored stored) {
        String reports = d.configVersion() == null ? t.get("kiosk.config.reports_none")
                : t.f("kiosk.config.reports", t.num(d.configVersion()));
        if (stored == null) {
            return new ConfigState(null, null, null, null, reports);
        }
        String desired = t.f("kiosk.config.desired", t.num(stored.version()), stored.setBy(), t.time(stored.setAt()));
        String sent = stored.publishedAt() == null ? t.get("kiosk.config.unsent")
                : t.f("kiosk.config.sent", t.time(stored.publishedAt()));
        if (d.configVersion() != null && d.configVersion() >= stored.version()) {
            return new ConfigState(desired, sent, t.get("kiosk.config.applied"), "badge good", reports);
        }
        if (d.configError() != null && stored.publishedAt() != null && d.statusAt() != null
                && !d.statusAt().isBefore(stored.publishedAt())) {
            return new ConfigState(desired, sent, t.f("kiosk.config.failed", d.configError()), "badge bad", reports);
        }
        return new ConfigState(desired, sent, t.get("kiosk.config.waiting"), "badge", reports);
    }

    /** The form starts from the config last pushed, else from what the kiosk reports. */
    private static ConfigForm formFrom(DeviceView d, ConfigPush.Stored stored) {
        String action = "/fleet/" + d.deviceId() + "/config";
        DeviceConfig c = stored == null ? null : stored.config();
        if (c != null) {
            DeviceConfig.EventSpec e = c.event();
            DeviceConfig.FormOptions o = c.formOptions();
            return new ConfigForm(action, c.mode(), e == null ? d.eventName() : e.name(),
                    e == null ? d.eventVenue() : e.venue(), e == null || e.startsOn() == null ? null : e.startsOn().toString(),
                    e == null || e.endsOn() == null ? null : e.endsOn().toString(),
                    o == null || !Boolean.FALSE.equals(o.signin()), o == null || !Boolean.FALSE.equals(o.enquiry()),
                    o == null || !Boolean.FALSE.equals(o.newsletter()),
                    c.retentionDays() == null ? null : c.retentionDays().toString(), Map.of());
        }
        String mode = DeviceConfig.MODE_OFFICE.equals(d.mode()) ? DeviceConfig.MODE_OFFICE : DeviceConfig.MODE_EVENT;
        return new ConfigForm(action, mode, d.eventName(), d.eventVenue(), null, null, true, true, true, null, Map.of());
    }

    // ---- The config push -------------------------------------------------------------------------

    private void pushConfig(PageRequest ctx, Matcher m) throws SQLException {
        Optional<DeviceView> d = find(ctx, m);
        if (d.isEmpty()) {
            return;
        }
        String id = d.get().deviceId();
        ConfigForm form = new ConfigForm("/fleet/" + id + "/config", ctx.field("mode"), clean(ctx.field("eventName")),
                clean(ctx.field("eventVenue")), ctx.field("startsOn"), ctx.field("endsOn"),
                ctx.field("signin") != null, ctx.field("enquiry") != null, ctx.field("newsletter") != null,
                ctx.field("retentionDays"), new LinkedHashMap<>());
        Optional<DeviceConfig> config = validate(form);
        if (config.isEmpty()) {
            page(ctx, 400, d.get(), push.current(id).orElse(null), form, null);
            return;
        }
        Optional<ConfigPush.Stored> stored = push.push(id, config.get(), ctx.user().username());
        if (stored.isEmpty()) {
            ctx.problem(404, "error.no_such_kiosk");
            return;
        }
        // "#main": the notice at the top, not the form the browser would otherwise scroll back to.
        ctx.redirect("/fleet/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?saved="
                + stored.get().version() + "#main");
    }

    /** Text as the kiosk keeps it: NFC, no control characters, trimmed; null when nothing is left. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String c = Normalizer.normalize(s, Normalizer.Form.NFC).replaceAll("\\p{Cntrl}", "").trim();
        return c.isEmpty() ? null : c;
    }

    /**
     * The config the form describes, or empty with each problem's text key in {@code form.errors()}.
     * The rules are the kiosk's own, in one place ({@link DeviceConfig#validate()}); the form adds
     * only what a form can get wrong: no mode chosen, a date or a number that does not parse.
     */
    static Optional<DeviceConfig> validate(ConfigForm form) {
        Map<String, String> errors = form.errors();
        String mode = form.mode();
        if (mode == null) {
            errors.put("mode", "config.error.mode");
        }
        DeviceConfig.EventSpec event = null;
        if (DeviceConfig.MODE_EVENT.equals(mode)) {
            LocalDate starts = date(form.startsOn());
            LocalDate ends = form.endsOn() == null ? starts : date(form.endsOn());
            if (form.startsOn() != null && starts == null) {
                errors.put("startsOn", "config.error.date");
            }
            if (form.endsOn() != null && ends == null) {
                errors.put("endsOn", "config.error.date");
            }
            event = new DeviceConfig.EventSpec(form.eventName(), form.eventVenue(), starts, ends);
        }
        Integer retention = null;
        if (form.retentionDays() != null) {
            try {
                retention = Integer.parseInt(form.retentionDays());
            } catch (NumberFormatException e) {
                errors.put("retentionDays", "config.error.retention");
            }
        }
        DeviceConfig config = new DeviceConfig(0, mode, event,
                new DeviceConfig.FormOptions(form.signin(), form.enquiry(), form.newsletter()), retention, null, false,
                null);
        config.validate().forEach((member, problem) -> {
            String field = formField(member);
            errors.putIfAbsent(field, errorKey(field, problem));
        });
        return errors.isEmpty() ? Optional.of(config) : Optional.empty();
    }

    /** The form's field for a config member the rules name (an event's members without their prefix). */
    private static String formField(String member) {
        String name = member.substring(member.indexOf('.') + 1);
        return switch (name) {
            case "name" -> "eventName";
            case "venue" -> "eventVenue";
            case "formOptions" -> "paths";
            default -> name;
        };
    }

    /** The form's text for a problem the rules found in one of its fields. */
    private static String errorKey(String field, String problem) {
        return switch (problem) {
            case DeviceConfig.REQUIRED ->
                    field.equals("eventName") ? "config.error.name_required" : "config.error.date";
            case DeviceConfig.TOO_LONG -> "config.error.too_long";
            case DeviceConfig.INVALID_TEXT -> "config.error.text_invalid";
            case DeviceConfig.BEFORE_START -> "config.error.ends_before";
            case DeviceConfig.TOO_MANY_DAYS -> "config.error.too_many_days";
            case DeviceConfig.OUT_OF_RANGE ->
                    field.equals("retentionDays") ? "config.error.retention" : "config.error.date";
            case DeviceConfig.NO_VISITOR_PATH -> "config.error.paths";
            default -> "config.error.mode";
        };
    }

    private static LocalDate date(String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
