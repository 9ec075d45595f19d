package org.adoptionkiosk.appliance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.adoptionkiosk.protocol.RegionMap;

import java.io.IOException;
import java.util.Set;

/** {@code GET /api/regions}: the councils and agencies the form offers, named in both languages. */
final class RegionsServlet extends ApiServlet {
    private final RegionMap regions;

    RegionsServlet(Responses responses, RegionMap regions) {
        super(responses, Set.of("GET"));
        this.regions = regions;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.json(response, 200, regions);
    }
}
