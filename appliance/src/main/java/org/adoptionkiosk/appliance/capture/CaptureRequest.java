package org.adoptionkiosk.appliance.capture;

import java.util.Map;

/**
 * What the kiosk form sends, as received: nothing is trusted until {@link CaptureValidator} has
 * checked it. Values are what JSON gives: strings, booleans, lists, maps.
 *
 * @param type     "signin" or "enquiry"
 * @param lang     "cy" or "en"
 * @param fields   the non-personal answers figures are made of
 * @param personal name, email, phone, postcode, message; sealed at capture; may be null
 * @param id       the record id the page made when the visitor started the form (a UUID v4), so a
 *                 retried save is the same capture; may be null, and then the kiosk makes one
 */
public record CaptureRequest(Object type, Object lang, Object fields, Object personal, Object id) {

    public CaptureRequest(Object type, Object lang, Object fields, Object personal) {
        this(type, lang, fields, personal, null);
    }

    public static CaptureRequest signin(String lang, Map<String, ?> fields) {
        return new CaptureRequest("signin", lang, fields, null);
    }

    public static CaptureRequest enquiry(String lang, Map<String, ?> fields, Map<String, ?> personal) {
        return new CaptureRequest("enquiry", lang, fields, personal);
    }

    /** From a parsed JSON body; keys other than the five known ones are the caller's to refuse. */
    public static CaptureRequest fromJson(Map<String, Object> body) {
        return new CaptureRequest(body.get("type"), body.get("lang"), body.get("fields"), body.get("personal"),
                body.get("id"));
    }
}
