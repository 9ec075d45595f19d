package org.adoptionkiosk.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Every answer the capture clients got: each {@code 201 {"id","seq"}} (a visitor was thanked), each
 * request whose answer never came (the kiosk was killed under it: "unknown", not asserted), and
 * anything else the kiosk said.
 */
final class Ledger {
    /**
     * A capture the kiosk confirmed.
     *
     * @param status      201, or 200 for a repeat of an id it already had (idempotent capture)
     * @param incarnation which start of the kiosk answered (1 = first)
     * @param tries       requests it took (more than 1 when a reply was lost and the same id sent again)
     */
    record Answered(String deviceId, UUID id, long seq, Instant at, int incarnation, String email, int status,
                    int tries) {
    }

    /** A request whose answer never came; the kiosk may or may not have stored it. */
    record Unknown(String deviceId, UUID sentId, String email, Instant at, int incarnation, String why) {
    }

    /** An answer that is neither a confirmation nor a lost reply: a refusal the test did not expect. */
    record Refused(String deviceId, Instant at, int status, String body) {
    }

    private final ConcurrentLinkedQueue<Answered> answered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Unknown> unknown = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Refused> refused = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> emails = new ConcurrentLinkedQueue<>();

    void answered(Answered a) {
        answered.add(a);
    }

    void unknown(Unknown u) {
        unknown.add(u);
    }

    void refused(Refused r) {
        refused.add(r);
    }

    /** Every email any request carried, answered or not: none may be on disk in clear. */
    void sent(String email) {
        emails.add(email);
    }

    Set<String> emails() {
        return Set.copyOf(emails);
    }

    int answeredCount() {
        return answered.size();
    }

    List<Answered> answered(String deviceId) {
        return answered.stream().filter(a -> a.deviceId().equals(deviceId))
                .sorted(Comparator.comparing(Answered::at)).collect(Collectors.toList());
    }

    List<Answered> answered() {
        return new ArrayList<>(answered);
    }

    List<Unknown> unknown(String deviceId) {
        return unknown.stream().filter(u -> u.deviceId().equals(deviceId)).toList();
    }

    List<Unknown> unknown() {
        return new ArrayList<>(unknown);
    }

    List<Refused> refused() {
        return new ArrayList<>(refused);
    }
}
