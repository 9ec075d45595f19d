package org.adoptionkiosk.hub.routing;

/**
 * Where an enquiry goes: the regional service of its council, the voluntary agency the visitor
 * chose, or the central queue (outside the area, or a council the hub does not know).
 *
 * @param regionId the council's region whatever the route, or null
 */
public record Route(String kind, String id, String regionId) {
    public static final String REGION = "region";
    public static final String AGENCY = "agency";
    public static final String CENTRAL = "central";
    /** The one central queue's id. */
    public static final String CENTRAL_ID = "central";
}
