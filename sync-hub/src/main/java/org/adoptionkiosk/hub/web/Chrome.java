package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.followup.DueCounts;

import java.util.ArrayList;
import java.util.List;

/**
 * What every page's frame needs: the language, who is signed in (null on the sign-in page), the
 * CSRF token its forms carry, where the language toggle comes back to, and which section is open.
 *
 * @param scopeName the name of a regional user's region or agency, or null
 * @param due       a regional user's queue's enquiries due today and overdue, or null
 * @param notice    a text key of a one-line confirmation to show ("saved"), or null
 */
public record Chrome(PageTexts t, User user, String scopeName, DueCounts due, String csrf, String here,
                     String section, String notice) {

    /** One link of the navigation. */
    public record Nav(String href, String label, boolean current) {
    }

    /** The sections this user may open, in the order the header lists them. */
    public List<Nav> nav() {
        List<Nav> out = new ArrayList<>();
        if (user == null) {
            return out;
        }
        add(out, "figures", "/figures");
        add(out, "events", "/events");
        add(out, "measure", "/measure");
        add(out, "funnel", "/funnel");
        if (user.role() != Role.REGIONAL) {
            add(out, "reports", "/reports");
        }
        if (user.seesEnquiries()) {
            add(out, "enquiries", "/enquiries");
            add(out, "fleet", "/fleet");
        }
        if (user.role() == Role.CENTRAL) {
            add(out, "dead-letters", "/dead-letters");
            add(out, "mail", "/mail");
            add(out, "erasure", "/erasure");
            add(out, "access", "/access");
            add(out, "audit", "/audit");
        }
        return out;
    }

    private void add(List<Nav> out, String id, String href) {
        out.add(new Nav(href, t.get("nav." + id), id.equals(section)));
    }

    /** What the header says of the user: their name and what they may see. */
    public String whoAmI() {
        if (user == null) {
            return "";
        }
        String role = t.get("role." + user.role().wire());
        return scopeName == null ? user.username() + " · " + role : user.username() + " · " + role + " · " + scopeName;
    }
}
