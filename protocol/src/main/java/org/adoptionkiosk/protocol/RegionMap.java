package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    public record Region(String id, Names name, List<LocalAuthority> localAuthorities) {
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
        for (Region r : regions) {
            for (LocalAuthority la : r.localAuthorities()) {
                String before = seen.put(la.slug(), r.id());
                if (before != null) {
                    throw new IllegalArgumentException("local authority " + la.slug()
                            + " is listed in both " + before + " and " + r.id());
                }
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
}
