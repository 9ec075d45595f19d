package org.adoptionkiosk.hub.mail;

import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.RegionMap;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes the emails, in Welsh and English (Welsh first) or in the queue's one language, as plain
 * text and HTML, signed with the service's name from the regions file. The texts are the
 * dashboard's ({@code mail.*} in its text files). Only what {@link About} holds can appear: the
 * queue, region, council, topic, event, days, who took it on (a staff account) and a link, never
 * anything the visitor gave.
 */
public final class Letters {
    /** The most enquiries each part of a digest lists; the rest are counted and are on the hub. */
    static final int DIGEST_LIST = 25;
    private static final String CY = "cy";
    private static final String EN = "en";
    private static final DateTimeFormatter DAY_CY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy",
            Locale.forLanguageTag("cy"));
    private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

    /**
     * What an email may say of one enquiry: nothing personal.
     *
     * @param claimedBy the staff account that took it on, or null
     */
    public record About(String deviceId, UUID recordId, String routeKind, String routeId, String regionId,
                        String localAuthority, String topic, String eventId, LocalDate enquiryDate, LocalDate dueDate,
                        String claimedBy) {
    }

    /** A digest's three parts, each oldest due first. */
    public record Digest(List<About> dueToday, List<About> overdue, List<About> unclaimed) {
    }

    private final RegionMap regions;
    private final Function<String, RegionMap.Names> texts;
    private final String publicUrl;

    /**
     * @param texts     the Welsh and English of a text key (the dashboard's texts)
     * @param publicUrl the dashboard's address for links, without a trailing slash; null for paths alone
     */
    public Letters(RegionMap regions, Function<String, RegionMap.Names> texts, String publicUrl) {
        this.regions = regions;
        this.texts = texts;
        this.publicUrl = publicUrl;
    }

    /** The link to an enquiry's page on the hub (sign-in first): the way in to its details. */
    public String link(String deviceId, UUID recordId) {
        return (publicUrl == null ? "" : publicUrl) + "/enquiries/" + deviceId + "/" + recordId;
    }

    private String queueLink(String kind, String id) {
        String base = publicUrl == null ? "" : publicUrl;
        return Route.CENTRAL.equals(kind) ? base + "/enquiries" : base + "/enquiries?queue=" + kind + ":" + id;
    }

    public Letter arrival(MailQueues.Queue queue, About e) {
        return compose(queue.language(), lang -> new Part(
                f(lang, "mail.arrival.subject", queueName(lang, e.routeKind(), e.routeId())),
                List.of(f(lang, "mail.arrival.intro", queueName(lang, e.routeKind(), e.routeId()))),
                facts(lang, e, false), link(e.deviceId(), e.recordId()), null));
    }

    /** The 3rd working day's reminder, nobody having taken the enquiry on. */
    public Letter reminderUnclaimed(MailQueues.Queue queue, About e) {
        return compose(queue.language(), lang -> new Part(
                f(lang, "mail.reminder_unclaimed.subject", day(lang, e.dueDate())),
                List.of(f(lang, "mail.reminder_unclaimed.intro", day(lang, e.dueDate()))),
                facts(lang, e, true), link(e.deviceId(), e.recordId()), null));
    }

    /** The 4th working day's reminder: the first response is due the next working day. */
    public Letter reminderClaimed(MailQueues.Queue queue, About e) {
        return compose(queue.language(), lang -> new Part(
                f(lang, "mail.reminder_claimed.subject", day(lang, e.dueDate())),
                List.of(f(lang, "mail.reminder_claimed.intro", day(lang, e.dueDate()))),
                facts(lang, e, true), link(e.deviceId(), e.recordId()), null));
    }

    /** The due day's escalation, to the central team. */
    public Letter escalation(MailQueues.Queue central, About e) {
        return compose(central.language(), lang -> new Part(
                f(lang, "mail.escalation.subject", queueName(lang, e.routeKind(), e.routeId())),
                List.of(f(lang, "mail.escalation.intro", day(lang, e.dueDate()))),
                facts(lang, e, true), link(e.deviceId(), e.recordId()), null));
    }

    public Letter digest(MailQueues.Queue queue, LocalDate today, Digest d) {
        return compose(queue.language(), lang -> {
            String name = queueName(lang, queue.kind(), queue.id());
            List<Section> sections = List.of(
                    section(lang, "mail.digest.due_today", d.dueToday()),
                    section(lang, "mail.digest.overdue", d.overdue()),
                    section(lang, "mail.digest.unclaimed", d.unclaimed()));
            return new Part(f(lang, "mail.digest.subject", name, d.dueToday().size(), d.overdue().size(),
                    d.unclaimed().size()),
                    List.of(f(lang, "mail.digest.intro", name, day(lang, today))), List.of(),
                    queueLink(queue.kind(), queue.id()), sections);
        });
    }

    /** A label and its value. */
    private record Fact(String label, String value) {
    }

    /** A digest's part: its heading, its lines (each with its link) and how many more the hub holds. */
    private record Section(String heading, List<String[]> lines, String more, String empty) {
    }

    /** One language's email. */
    private record Part(String subject, List<String> paragraphs, List<Fact> facts, String link, List<Section> sections) {
    }

    private Section section(String lang, String key, List<About> list) {
        List<String[]> lines = new ArrayList<>();
        for (About e : list.subList(0, Math.min(DIGEST_LIST, list.size()))) {
            String line = queueName(lang, e.routeKind(), e.routeId()) + " · " + council(lang, e.localAuthority())
                    + " · " + topic(lang, e.topic()) + " · " + get(lang, "mail.field.due") + " " + day(lang, e.dueDate())
                    + (e.claimedBy() == null ? "" : " · " + get(lang, "mail.field.claimed") + " " + e.claimedBy());
            lines.add(new String[] {line, link(e.deviceId(), e.recordId())});
        }
        String more = list.size() > DIGEST_LIST ? f(lang, "mail.digest.more", list.size() - DIGEST_LIST) : null;
        return new Section(get(lang, key) + " (" + list.size() + ")", lines, more, get(lang, "mail.digest.none"));
    }

    private List<Fact> facts(String lang, About e, boolean withClaim) {
        List<Fact> out = new ArrayList<>();
        out.add(new Fact(get(lang, "mail.field.queue"), queueName(lang, e.routeKind(), e.routeId())));
        out.add(new Fact(get(lang, "mail.field.region"), e.regionId() == null ? "–"
                : regions.region(e.regionId()).map(r -> r.name().in(lang(lang))).orElse(e.regionId())));
        out.add(new Fact(get(lang, "mail.field.council"), council(lang, e.localAuthority())));
        out.add(new Fact(get(lang, "mail.field.topic"), topic(lang, e.topic())));
        out.add(new Fact(get(lang, "mail.field.event"), e.eventId() == null ? "–" : e.eventId()));
        out.add(new Fact(get(lang, "mail.field.enquiry_date"), day(lang, e.enquiryDate())));
        out.add(new Fact(get(lang, "mail.field.due"), day(lang, e.dueDate())));
        if (withClaim) {
            out.add(new Fact(get(lang, "mail.field.claimed"),
                    e.claimedBy() == null ? get(lang, "mail.field.nobody") : e.claimedBy()));
        }
        return out;
    }

    /** Both languages, Welsh first, or the one the queue asked for. */
    private Letter compose(String language, Function<String, Part> part) {
        List<String> langs = RegionMap.MAIL_CY.equals(language) ? List.of(CY)
                : RegionMap.MAIL_EN.equals(language) ? List.of(EN) : List.of(CY, EN);
        List<Part> parts = langs.stream().map(part).toList();
        String subject = String.join(" / ", parts.stream().map(Part::subject).toList());
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(subject)).append("</title></head>\n<body style=\"font-family:sans-serif\">\n");
        for (int i = 0; i < parts.size(); i++) {
            String lang = langs.get(i);
            Part p = parts.get(i);
            if (i > 0) {
                text.append("\n----------------------------------------\n\n");
                html.append("<hr>\n");
            }
            text(text, lang, p);
            html(html, lang, p);
        }
        html.append("</body></html>\n");
        return new Letter(subject, text.toString(), html.toString());
    }

    private void text(StringBuilder out, String lang, Part p) {
        out.append(service(lang)).append("\n\n");
        for (String para : p.paragraphs()) {
            out.append(para).append("\n\n");
        }
        for (Fact fact : p.facts()) {
            out.append(fact.label()).append(": ").append(fact.value()).append("\n");
        }
        if (p.sections() != null) {
            for (Section s : p.sections()) {
                out.append(s.heading()).append("\n");
                if (s.lines().isEmpty()) {
                    out.append("  ").append(s.empty()).append("\n");
                }
                for (String[] line : s.lines()) {
                    out.append("  - ").append(line[0]).append("\n    ").append(line[1]).append("\n");
                }
                if (s.more() != null) {
                    out.append("  ").append(s.more()).append("\n");
                }
                out.append("\n");
            }
        }
        out.append("\n").append(get(lang, "mail.link")).append("\n").append(p.link()).append("\n\n")
                .append(get(lang, "mail.no_personal")).append("\n").append(get(lang, "mail.automatic")).append("\n");
    }

    private void html(StringBuilder out, String lang, Part p) {
        out.append("<div lang=\"").append(lang).append("\">\n<p><strong>").append(esc(service(lang)))
                .append("</strong></p>\n");
        for (String para : p.paragraphs()) {
            out.append("<p>").append(esc(para)).append("</p>\n");
        }
        if (!p.facts().isEmpty()) {
            out.append("<table>\n");
            for (Fact fact : p.facts()) {
                out.append("<tr><th style=\"text-align:left;padding-right:1em\">").append(esc(fact.label()))
                        .append("</th><td>").append(esc(fact.value())).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        if (p.sections() != null) {
            for (Section s : p.sections()) {
                out.append("<h2 style=\"font-size:1.1em\">").append(esc(s.heading())).append("</h2>\n");
                if (s.lines().isEmpty()) {
                    out.append("<p>").append(esc(s.empty())).append("</p>\n");
                } else {
                    out.append("<ul>\n");
                    for (String[] line : s.lines()) {
                        out.append("<li><a href=\"").append(esc(line[1])).append("\">").append(esc(line[0]))
                                .append("</a></li>\n");
                    }
                    out.append("</ul>\n");
                }
                if (s.more() != null) {
                    out.append("<p>").append(esc(s.more())).append("</p>\n");
                }
            }
        }
        out.append("<p><a href=\"").append(esc(p.link())).append("\">").append(esc(get(lang, "mail.link")))
                .append("</a></p>\n<p><small>").append(esc(get(lang, "mail.no_personal"))).append(" ")
                .append(esc(get(lang, "mail.automatic"))).append("</small></p>\n</div>\n");
    }

    private String service(String lang) {
        return regions.name() == null ? get(lang, "mail.service") : regions.name().in(lang(lang));
    }

    private String queueName(String lang, String kind, String id) {
        return switch (kind) {
            case Route.REGION -> regions.region(id).map(r -> r.name().in(lang(lang))).orElse(id);
            case Route.AGENCY -> regions.agency(id).map(a -> a.name().in(lang(lang))).orElse(id);
            default -> get(lang, "enquiry.central_queue");
        };
    }

    private String council(String lang, String slug) {
        if (slug == null) {
            return "–";
        }
        if (regions.outside() != null && regions.outside().slug().equals(slug)) {
            return regions.outside().name().in(lang(lang));
        }
        for (RegionMap.Region r : regions.regions()) {
            for (RegionMap.LocalAuthority la : r.localAuthorities()) {
                if (la.slug().equals(slug)) {
                    return la.name().in(lang(lang));
                }
            }
        }
        return slug;
    }

    private String topic(String lang, String topic) {
        return get(lang, topic == null ? "topic.none" : "topic." + topic);
    }

    /** "dydd Iau 28 Mai 2026" (Welsh keeps "dydd" small mid-sentence), "Thursday 28 May 2026". */
    private static String day(String lang, LocalDate d) {
        if (d == null) {
            return "–";
        }
        String s = (CY.equals(lang) ? DAY_CY : DAY_EN).format(d);
        return CY.equals(lang) && s.startsWith("D") ? "d" + s.substring(1) : s;
    }

    private static org.adoptionkiosk.protocol.Lang lang(String lang) {
        return CY.equals(lang) ? org.adoptionkiosk.protocol.Lang.CY : org.adoptionkiosk.protocol.Lang.EN;
    }

    private String get(String lang, String key) {
        RegionMap.Names n = texts.apply(key);
        return CY.equals(lang) ? n.cy() : n.en();
    }

    /** Plain replacement of {0}, {1}…, as the pages do (Welsh apostrophes stay as written). */
    private String f(String lang, String key, Object... args) {
        String s = get(lang, key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
