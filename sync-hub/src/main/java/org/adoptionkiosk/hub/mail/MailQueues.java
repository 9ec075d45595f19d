package org.adoptionkiosk.hub.mail;

import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.protocol.RegionMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is told of each queue's enquiries, and in which language, from the regions file: a region's
 * or an agency's {@code mailboxes}, the central queue's (and every escalation's)
 * {@code centralMailboxes}. A queue with none gets no email; the dashboard says so.
 */
public final class MailQueues {
    /**
     * One queue as mail sees it.
     *
     * @param name     its name in both languages; null for the central queue (the texts name it)
     * @param language cy, en or both
     */
    public record Queue(String kind, String id, RegionMap.Names name, List<String> mailboxes, String language) {
        public boolean hasMailbox() {
            return !mailboxes.isEmpty();
        }
    }

    private final RegionMap regions;

    public MailQueues(RegionMap regions) {
        this.regions = regions;
    }

    public RegionMap regions() {
        return regions;
    }

    /** A queue by its route; one the regions file no longer names has no mailbox. */
    public Queue queue(String kind, String id) {
        if (Route.REGION.equals(kind)) {
            return regions.region(id).map(r -> new Queue(kind, id, r.name(), r.mailboxes(), regions.mailLanguageOf(r)))
                    .orElseGet(() -> unknown(kind, id));
        }
        if (Route.AGENCY.equals(kind)) {
            return regions.agency(id).map(a -> new Queue(kind, id, a.name(), a.mailboxes(), regions.mailLanguageOf(a)))
                    .orElseGet(() -> unknown(kind, id));
        }
        return central();
    }

    /** The central queue, whose mailboxes also take every escalation. */
    public Queue central() {
        return new Queue(Route.CENTRAL, Route.CENTRAL_ID, null, regions.centralMailboxes(),
                regions.centralMailLanguage());
    }

    /** Every queue: the regions, the agencies, then central. */
    public List<Queue> all() {
        List<Queue> out = new ArrayList<>();
        for (RegionMap.Region r : regions.regions()) {
            out.add(queue(Route.REGION, r.id()));
        }
        for (RegionMap.Agency a : regions.agencies()) {
            out.add(queue(Route.AGENCY, a.id()));
        }
        out.add(central());
        return out;
    }

    private Queue unknown(String kind, String id) {
        return new Queue(kind, id, new RegionMap.Names(id, id), List.of(), regions.centralMailLanguage());
    }
}
