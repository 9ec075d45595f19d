package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * The service's structure as data: regions (hub and spoke collaboratives), the local
 * authorities in each, and the voluntary agencies an enquiry may go to instead. Wales is the
 * default; another country's or agency's structure is another file of the same shape.
 */
public record RegionMap(
        String id,
        Names name,
        List<Region> regions,
        LocalAuthority outside,
        List<Agency> agencies) {

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
    public record Region(String id, Names name, List<LocalAuthority> localAuthorities, List<Site> sites) {
        public Region {
            localAuthorities = localAuthorities == null ? List.of() : List.copyOf(localAuthorities);
            sites = sites == null ? List.of() : List.copyOf(sites);
        }
    }

    /** An office of a region: {@code kind} is {@code hub} or {@code spoke}. */
    public record Site(String id, Names name, String kind) {
        public static final String HUB = "hub";
        public static final String SPOKE = "spoke";
    }

    public record Agency(String id, Names name) {
    }

    public static final String WALES_RESOURCE = "/regions/wales.json";

    public RegionMap {
        regions = regions == null ? List.of() : List.copyOf(regions);
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
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

    /** The default deployment: Wales's five regional collaboratives and 22 councils. */
    public static RegionMap wales(ObjectMapper mapper) {
        try (InputStream in = RegionMap.class.getResourceAsStream(WALES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(WALES_RESOURCE + " is missing from the classpath");
            }
            return mapper.readValue(in, RegionMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WALES_RESOURCE, e);
        }
    }

    public static RegionMap load(Path file, ObjectMapper mapper) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return mapper.readValue(in, RegionMap.class);
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
