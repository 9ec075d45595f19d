package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.fleet.FleetService;
import org.adoptionkiosk.hub.store.DeadLetterStore;

import java.util.Map;
import java.util.regex.Matcher;

/** The JSON API beside the pages: health (open), the fleet and the dead letters (signed in). */
public final class ApiPages {
    private static final int MAX_LIMIT = 1000;

    private final HttpJson json;
    private final HealthCheck health;
    private final FleetService fleet;
    private final DeadLetterStore deadLetters;

    public ApiPages(HttpJson json, HealthCheck health, FleetService fleet, DeadLetterStore deadLetters) {
        this.json = json;
        this.health = health;
        this.fleet = fleet;
        this.deadLetters = deadLetters;
    }

    public void register(HubHandler h) {
        h.route("GET", "/healthz", HubHandler.Access.PUBLIC, (ctx, m) -> {
            HealthCheck.Health hh = health.check();
            json.send(ctx.response(), ctx.callback(), hh.ok() ? 200 : 503, hh);
        });
        h.route("GET", "/api/devices", HubHandler.Access.ENQUIRIES, (ctx, m) ->
                json.send(ctx.response(), ctx.callback(), 200, Map.of("devices", fleet.devices())));
        h.route("GET", "/api/dead-letters", HubHandler.Access.CENTRAL, this::deadLetters);
    }

    private void deadLetters(PageRequest ctx, Matcher m) throws Exception {
        int limit = 100;
        String text = ctx.param("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                json.send(ctx.response(), ctx.callback(), 400, new ErrorBody("bad_limit",
                        ctx.t().texts().get("error.bad_limit")));
                return;
            }
        }
        json.send(ctx.response(), ctx.callback(), 200, Map.of("deadLetters", deadLetters.latest(limit)));
    }
}
