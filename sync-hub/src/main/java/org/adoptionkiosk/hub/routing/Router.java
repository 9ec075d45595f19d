package org.adoptionkiosk.hub.routing;

import org.adoptionkiosk.protocol.RegionMap;

import java.util.Map;

/** Decides an enquiry's route from its fields and the service's structure (the regions file). */
public final class Router {
    private final RegionMap regions;

    public Router(RegionMap regions) {
        this.regions = regions;
    }

    public Route route(Map<String, Object> fields) {
        String council = fields.get("localAuthority") instanceof String s ? s : null;
        String regionId = council == null ? null : regions.regionOf(council).map(RegionMap.Region::id).orElse(null);
        // The kiosk sends an agency only when the visitor chose one instead of their region. One the
        // hub does not know goes to the central team, who can pass it on: never to a region the
        // visitor did not choose.
        if (fields.get("agency") instanceof String agency) {
            return regions.agency(agency).isPresent() ? new Route(Route.AGENCY, agency, regionId)
                    : new Route(Route.CENTRAL, Route.CENTRAL_ID, regionId);
        }
        if (regionId != null) {
            return new Route(Route.REGION, regionId, regionId);
        }
        return new Route(Route.CENTRAL, Route.CENTRAL_ID, null);
    }

    public RegionMap regions() {
        return regions;
    }
}
