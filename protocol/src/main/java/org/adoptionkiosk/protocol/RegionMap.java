package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service's structure as data: regions (hub and spoke collaboratives), the local
 * authorities in each, and the voluntary agencies an enquiry may go to instead. Wales is the
 * default; another country's or agency's structure is another file of the same shape.
 * <p>
 * Each queue may name the mailboxes the hub tells of its enquiries ({@code mailboxes} on a region
 * or agency, {@code centralMailboxes} for the central queue and escalations), and the language of
 * those emails ({@code mailLanguage}: {@code cy}, {@code en} or {@code both}; a region or agency
 * without one takes the file's, which is {@code both} when absent). A queue with no mailbox gets
 * no email. The addresses are read from the file but never written out again (the kiosk serves
 * the map to its public page).
 *
 * @param centralMailboxes the central team's mailboxes: the central queue's mail and every escalation
 * @param mailLanguage     the emails' language for queues that do not set their own; null means both
 */
public record RegionMap(
        String id,
        Names name,
        List<Region> regions,
        LocalAuthority outside,
        List<Agency> agencies,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) List<String> centralMailboxes,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String mailLanguage) {

    /** The values {@code mailLanguage} may take. */
    public static final String MAIL_CY = "cy";
    public static final String MAIL_EN = "en";
    public static final String MAIL_BOTH = "both";
    private static final Set<String> MAIL_LANGUAGES = Set.of(MAIL_CY, MAIL_EN, MAIL_BOTH);
    /**
     * One plain mailbox ({@code team@example.org}): no display name, no list, no spaces or angle
     * brackets, a domain with a dot. Deliberately narrower than RFC 5322: these go in a To header.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    /** Whether {@code s} is one plain email address as the regions file and the hub's options take it. */
    public static boolean isEmailAddress(String s) {
        return s != null && EMAIL.matcher(s).matches() && !s.startsWith(".") && !s.contains("..");
    }

    public record Names(String cy, String en) {
        public String in(Lang lang) {
            return lang == Lang.CY ? cy : en;
        }
    }

    public record LocalAuthority(String slug, Names name) {
    }

    /**
     * A regional service (a collaborative, or one regional agency) with its councils and its
     * offices: a hub office and the spoke offices around it, where kiosks may stand.
     */
    public record Region(String id, Names name, List<LocalAuthority> localAuthorities, List<Site> sites,
                         @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) List<String> mailboxes,
                         @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String mailLanguage) {
        public Region {
            localAuthorities = localAuthorities == null ? List.of() : List.copyOf(localAuthorities);
            sites = sites == null ? List.of() : List.copyOf(sites);
            mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        }
    }

    /** An office of a region: {@code kind} is {@code hub} or {@code spoke}. */
    public record Site(String id, Names name, String kind) {
        public static final String HUB = "hub";
        public static final String SPOKE = "spoke";
    }

    /** A voluntary agency an enquiry may go to, with its own queue (and mailboxes). */
    public record Agency(String id, Names name,
                         @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) List<String> mailboxes,
                         @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String mailLanguage) {
        public Agency {
            mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        }
    }

    public static final String WALES_RESOURCE = "/regions/wales.json";

    public RegionMap {
        regions = regions == null ? List.of() : List.copyOf(regions);
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
        centralMailboxes = centralMailboxes == null ? List.of() : List.copyOf(centralMailboxes);
        checkMail("centralMailboxes", centralMailboxes, "mailLanguage", mailLanguage);
        for (int i = 0; i < regions.size(); i++) {
            checkMail("regions[" + i + "].mailboxes", regions.get(i).mailboxes(),
                    "regions[" + i + "].mailLanguage", regions.get(i).mailLanguage());
        }
        for (int i = 0; i < agencies.size(); i++) {
            checkMail("agencies[" + i + "].mailboxes", agencies.get(i).mailboxes(),
                    "agencies[" + i + "].mailLanguage", agencies.get(i).mailLanguage());
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("a region map needs at least one region");
        }
        Map<String, String> seen = new HashMap<>();
        Map<String, String> sites = new HashMap<>();
        Set<String> regionIds = new HashSet<>();
        for (Region r : regions) {
            if (r.id() == null || !regionIds.add(r.id())) {
                throw new IllegalArgumentException("region id " + r.id() + " is missing or listed twice");
            }
            for (LocalAuthority la : r.localAuthorities()) {
                String before = seen.put(la.slug(), r.id());
                if (before != null) {
                    throw new IllegalArgumentException("local authority " + la.slug()
                            + " is listed in both " + before + " and " + r.id());
                }
            }
            for (Site site : r.sites()) {
                if (!Site.HUB.equals(site.kind()) && !Site.SPOKE.equals(site.kind())) {
                    throw new IllegalArgumentException("site " + site.id() + " of " + r.id()
                            + " must be of kind hub or spoke");
                }
                String before = sites.put(site.id(), r.id());
                if (before != null) {
                    throw new IllegalArgumentException("site " + site.id() + " is listed in both " + before
                            + " and " + r.id());
                }
            }
        }
        Set<String> agencyIds = new HashSet<>();
        for (Agency a : agencies) {
            if (a.id() == null || !agencyIds.add(a.id())) {
                throw new IllegalArgumentException("agency id " + a.id() + " is missing or listed twice");
            }
        }
    }

    /** Says which member is wrong, by its place in the file: {@code regions[2].mailboxes[0]: not an email address}. */
    private static void checkMail(String boxesAt, List<String> boxes, String languageAt, String language) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < boxes.size(); i++) {
            String box = boxes.get(i);
            if (!isEmailAddress(box)) {
                throw new IllegalArgumentException(boxesAt + "[" + i + "]: not an email address");
            }
            if (!seen.add(box.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(boxesAt + "[" + i + "]: " + box + " is listed twice");
            }
        }
        if (language != null && !MAIL_LANGUAGES.contains(language)) {
            throw new IllegalArgumentException(languageAt + ": must be cy, en or both");
        }
    }

    /** The mail language of the central queue (and the default of the others): cy, en or both. */
    public String centralMailLanguage() {
        return mailLanguage == null ? MAIL_BOTH : mailLanguage;
    }

    /** A region's mail language: its own, else the file's. */
    public String mailLanguageOf(Region r) {
        return r.mailLanguage() == null ? centralMailLanguage() : r.mailLanguage();
    }

    /** An agency's mail language: its own, else the file's. */
    public String mailLanguageOf(Agency a) {
        return a.mailLanguage() == null ? centralMailLanguage() : a.mailLanguage();
    }

    /** The default deployment: Wales's five regional collaboratives and 22 councils. */
    public static RegionMap wales(ObjectMapper mapper) {
        try (InputStream in = RegionMap.class.getResourceAsStream(WALES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(WALES_RESOURCE + " is missing from the classpath");
            }
            return read(in, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WALES_RESOURCE, e);
        }
    }

    /**
     * A regions file. A rule the file breaks is an IllegalArgumentException saying only that (not
     * Jackson's wrapping of it, with the class name and the parser's position).
     */
    public static RegionMap load(Path file, ObjectMapper mapper) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, mapper);
        }
    }

    private static RegionMap read(InputStream in, ObjectMapper mapper) throws IOException {
        try {
            return mapper.readValue(in, RegionMap.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException rule) {
                throw new IllegalArgumentException(rule.getMessage(), rule);
            }
            throw e;
        }
    }

    /** The region a local authority belongs to; empty for the outside slug or an unknown one. */
    public Optional<Region> regionOf(String localAuthoritySlug) {
        for (Region r : regions) {
            for (LocalAuthority la : r.localAuthorities()) {
                if (la.slug().equals(localAuthoritySlug)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    /** A council of the map, or the "outside" slug. */
    public boolean isKnownLocalAuthority(String slug) {
        return regionOf(slug).isPresent() || (outside != null && outside.slug().equals(slug));
    }

    public Optional<Agency> agency(String agencyId) {
        return agencies.stream().filter(a -> a.id().equals(agencyId)).findFirst();
    }

    public Optional<Region> region(String regionId) {
        return regions.stream().filter(r -> r.id().equals(regionId)).findFirst();
    }

    /** The office with this id and the region it belongs to. */
    public Optional<Map.Entry<Region, Site>> site(String siteId) {
        for (Region r : regions) {
            for (Site s : r.sites()) {
                if (s.id().equals(siteId)) {
                    return Optional.of(Map.entry(r, s));
                }
            }
        }
        return Optional.empty();
    }
}
