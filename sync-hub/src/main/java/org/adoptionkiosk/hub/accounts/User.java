package org.adoptionkiosk.hub.accounts;

import org.adoptionkiosk.hub.routing.Route;

/**
 * A hub user. A regional user is bound to one queue: {@code scopeKind} is {@code region} or
 * {@code agency} and {@code scopeId} names it; the others have neither.
 */
public record User(String username, Role role, String scopeKind, String scopeId) {
    public boolean isCentral() {
        return role == Role.CENTRAL;
    }

    /** Whether this user may see and handle the enquiries of the queue {@code kind}/{@code id}. */
    public boolean handles(String routeKind, String routeId) {
        return switch (role) {
            case CENTRAL -> true;
            case REGIONAL -> scopeKind != null && scopeKind.equals(routeKind) && scopeId.equals(routeId);
            case VIEWER -> false;
        };
    }

    /** Whether this user ever sees personal data (a queue of enquiries). */
    public boolean seesEnquiries() {
        return role != Role.VIEWER;
    }

    public static boolean isScopeKind(String kind) {
        return Route.REGION.equals(kind) || Route.AGENCY.equals(kind);
    }
}
