package org.adoptionkiosk.chaos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The verdict of one run: every acknowledged capture checked against the hub's PostgreSQL and the
 * kiosk's own H2 file, seqs, dead letters, outboxes. Each problem is written so that it says what
 * was lost or broken, where, when it was answered and which faults came before.
 */
final class Findings {
    /** A capture the kiosk answered 201 for that is not where it must be. */
    record Lost(String deviceId, UUID id, long seq, Instant answeredAt, int incarnation, boolean atHub,
                boolean inKiosk, UUID kioskSeqNowHolds, UUID hubSeqNowHolds, String hubRefusal,
                List<String> faultsBefore) {
    }

    private final Timeline timeline;
    final List<Lost> lost = new ArrayList<>();
    /** section name → problems, in the order found. */
    private final Map<String, List<String>> problems = new LinkedHashMap<>();
    private final Map<String, ObjectNode> devices = new TreeMap<>();

    Findings(Timeline timeline) {
        this.timeline = timeline;
    }

    void problem(String section, String text) {
        problems.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
    }

    boolean ok() {
        return problems.isEmpty();
    }

    List<String> problems(String section) {
        return problems.getOrDefault(section, List.of());
    }

    /**
     * Checks one kiosk: every answered capture at the hub exactly once with its seq and in the kiosk's
     * file; no seq answered twice; seqs 1..max without gaps at both ends; the hub's contiguous seq at
     * max; an empty outbox; nothing rejected.
     *
     * @param kiosk null when the kiosk's file could not be read (then reported, and only the hub is checked)
     */
    void checkDevice(String deviceId, List<Ledger.Answered> answered, int unknowns, HubStore.DeviceRecords hub,
                     KioskFile kiosk, boolean idsSent) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        devices.put(deviceId, d);
        d.put("answered", answered.size());
        d.put("unknown", unknowns);
        d.put("atHub", hub.seqById().size());
        d.put("hubContiguousSeq", hub.contiguousSeq());
        d.put("hubMaxSeq", hub.maxSeq());
        if (kiosk != null) {
            d.put("inKiosk", kiosk.seqById().size());
            d.put("kioskMaxSeq", kiosk.maxSeq());
            d.put("kioskNextSeq", kiosk.nextSeq());
            d.put("kioskOutbox", kiosk.outbox());
            d.put("kioskRejected", kiosk.rejectedBySeq().size());
        }

        // The same seq answered for two different records: the kiosk handed a number out twice.
        Map<Long, List<Ledger.Answered>> bySeq = new TreeMap<>();
        Map<UUID, List<Ledger.Answered>> byId = new HashMap<>();
        for (Ledger.Answered a : answered) {
            bySeq.computeIfAbsent(a.seq(), s -> new ArrayList<>()).add(a);
            byId.computeIfAbsent(a.id(), s -> new ArrayList<>()).add(a);
        }
        int reused = 0;
        for (var e : bySeq.entrySet()) {
            long ids = e.getValue().stream().map(Ledger.Answered::id).distinct().count();
            if (ids > 1) {
                reused++;
                StringBuilder b = new StringBuilder(deviceId + ": seq " + e.getKey() + " was answered for "
                        + ids + " different records:");
                for (Ledger.Answered a : e.getValue()) {
                    b.append("\n      id ").append(a.id()).append(" answered ").append(a.status()).append(" at ")
                            .append(timeline.describe(a.at())).append(" by start ").append(a.incarnation());
                }
                problem("seq answered twice (reused after a loss)", b.toString());
            }
        }
        d.put("seqsAnsweredTwice", reused);
        for (var e : byId.entrySet()) {
            long seqs = e.getValue().stream().mapToLong(Ledger.Answered::seq).distinct().count();
            if (seqs > 1) {
                problem("one id answered with different seqs", deviceId + ": id " + e.getKey() + " answered with seqs "
                        + e.getValue().stream().map(a -> a.seq() + " at " + timeline.describe(a.at())).toList());
            }
        }

        Map<Long, UUID> hubIdBySeq = new HashMap<>();
        hub.seqById().forEach((id, seq) -> hubIdBySeq.put(seq, id));
        int lostHere = 0;
        List<Map.Entry<UUID, List<Ledger.Answered>>> inSeqOrder = new ArrayList<>(byId.entrySet());
        inSeqOrder.sort(java.util.Comparator.comparingLong(e -> e.getValue().get(0).seq()));
        for (var e : inSeqOrder) {
            Ledger.Answered a = e.getValue().get(0);
            Long hubSeq = hub.seqById().get(a.id());
            Long kioskSeq = kiosk == null ? null : kiosk.seqById().get(a.id());
            boolean atHub = hubSeq != null;
            boolean inKiosk = kiosk == null || kioskSeq != null;
            if (!atHub || !inKiosk) {
                lostHere++;
                Lost l = new Lost(deviceId, a.id(), a.seq(), a.at(), a.incarnation(), atHub, inKiosk,
                        kiosk == null ? null : kiosk.idBySeq().get(a.seq()), hubIdBySeq.get(a.seq()),
                        kioskSeq == null ? null : kiosk.rejectedBySeq().get(kioskSeq), faultsAround(deviceId, a.at()));
                lost.add(l);
                problem("LOST: answered 201 but gone", describe(l));
            }
            if (atHub && hubSeq != a.seq()) {
                problem("stored with another seq", deviceId + ": id " + a.id() + " answered seq " + a.seq()
                        + " is at the hub with seq " + hubSeq);
            }
            if (kioskSeq != null && kioskSeq != a.seq()) {
                problem("stored with another seq", deviceId + ": id " + a.id() + " answered seq " + a.seq()
                        + " is in the kiosk's file with seq " + kioskSeq);
            }
            Integer rows = hub.rowsById().get(a.id());
            if (rows != null && rows != 1) {
                problem("stored more than once", deviceId + ": id " + a.id() + " is at the hub " + rows + " times");
            }
        }
        d.put("lost", lostHere);

        // Seqs 1..max without gaps, at the hub and in the kiosk, and the hub's view of it.
        TreeSet<Long> hubSeqs = new TreeSet<>(hub.seqById().values());
        long hubMax = hubSeqs.isEmpty() ? 0 : hubSeqs.last();
        List<String> hubGaps = gaps(hubSeqs);
        if (!hubGaps.isEmpty()) {
            problem("seq gaps", deviceId + ": the hub lacks seqs " + hubGaps + " of 1.." + hubMax);
        }
        if (hub.contiguousSeq() == null || hub.contiguousSeq() != hubMax) {
            problem("seq gaps", deviceId + ": the hub's devices.contiguous_seq is " + hub.contiguousSeq()
                    + " but it holds seqs up to " + hubMax);
        }
        if (kiosk != null) {
            List<String> kioskGaps = gaps(new TreeSet<>(kiosk.idBySeq().keySet()));
            if (!kioskGaps.isEmpty()) {
                problem("seq gaps", deviceId + ": the kiosk's file lacks seqs " + kioskGaps + " of 1.." + kiosk.maxSeq());
            }
            if (kiosk.maxSeq() != hubMax) {
                problem("seq gaps", deviceId + ": the kiosk's last seq is " + kiosk.maxSeq() + ", the hub's " + hubMax);
            }
            if (kiosk.nextSeq() != kiosk.maxSeq() + 1) {
                problem("seq gaps", deviceId + ": the kiosk's seq counter is at " + kiosk.nextSeq() + " after seq "
                        + kiosk.maxSeq());
            }
            if (kiosk.outbox() != 0) {
                problem("outbox not empty", deviceId + ": " + kiosk.outbox() + " record(s) still in the kiosk's outbox");
            }
            if (!kiosk.rejectedBySeq().isEmpty()) {
                StringBuilder b = new StringBuilder(deviceId + ": " + kiosk.rejectedBySeq().size()
                        + " record(s) the hub rejected:");
                kiosk.rejectedBySeq().entrySet().stream().limit(20).forEach(e -> b.append("\n      seq ")
                        .append(e.getKey()).append(" id ").append(kiosk.idBySeq().get(e.getKey())).append(": ")
                        .append(e.getValue()));
                problem("records the hub rejected", b.toString());
            }
            // Records in the kiosk nobody was answered for: only from unanswered requests.
            long extra = kiosk.seqById().keySet().stream().filter(id -> !byId.containsKey(id)).count();
            d.put("inKioskNotAnswered", extra);
            if (extra > unknowns) {
                problem("records nobody was answered for", deviceId + ": the kiosk holds " + extra
                        + " record(s) no client was answered for, but only " + unknowns + " request(s) went unanswered");
            }
            // Every record the kiosk holds at the hub with the same seq (those nobody was answered for too).
            for (var e : kiosk.seqById().entrySet()) {
                Long h = hub.seqById().get(e.getKey());
                if (h == null && !byId.containsKey(e.getKey())) {
                    problem("kiosk record not at the hub", deviceId + ": id " + e.getKey() + " seq " + e.getValue()
                            + " (an unanswered request) is in the kiosk's file but not at the hub");
                }
            }
        }
    }

    private static List<String> gaps(TreeSet<Long> seqs) {
        List<String> out = new ArrayList<>();
        long expect = 1;
        for (long s : seqs) {
            if (s > expect) {
                out.add(s - 1 == expect ? String.valueOf(expect) : expect + "-" + (s - 1));
            }
            expect = s + 1;
        }
        return out;
    }

    /** The faults from 30 s before the answer up to the kiosk's next kill after it (and its restart). */
    List<String> faultsAround(String deviceId, Instant answeredAt) {
        Timeline.Entry nextKill = timeline.firstAfter(answeredAt, "kiosk-kill", deviceId);
        Instant to = nextKill == null ? answeredAt.plusSeconds(30) : nextKill.at().plusMillis(1);
        Timeline.Entry restart = nextKill == null ? null : timeline.firstAfter(nextKill.at(), "kiosk-start", deviceId);
        if (restart != null) {
            to = restart.at();
        }
        return Timeline.lines(timeline, timeline.between(answeredAt.minusSeconds(30), to));
    }

    String describe(Lost l) {
        StringBuilder b = new StringBuilder();
        b.append(l.deviceId()).append(": id ").append(l.id()).append(" seq ").append(l.seq())
                .append(", answered 201 at ").append(timeline.describe(l.answeredAt()))
                .append(" by start ").append(l.incarnation()).append(" of the kiosk; missing ")
                .append(!l.atHub() && !l.inKiosk() ? "at the hub AND in the kiosk's own file"
                        : !l.atHub() ? "at the hub" : "in the kiosk's own file");
        if (l.hubRefusal() != null) {
            b.append(" (the hub refused it: ").append(l.hubRefusal()).append(")");
        }
        if (l.kioskSeqNowHolds() != null && !l.kioskSeqNowHolds().equals(l.id())) {
            b.append("; the kiosk's seq ").append(l.seq()).append(" now holds another record, ").append(l.kioskSeqNowHolds());
        }
        if (l.hubSeqNowHolds() != null && !l.hubSeqNowHolds().equals(l.id())) {
            b.append("; the hub's seq ").append(l.seq()).append(" holds another record, ").append(l.hubSeqNowHolds());
        }
        b.append("\n      faults before (30 s before the answer to the kiosk's next restart):");
        if (l.faultsBefore().isEmpty()) {
            b.append(" none");
        }
        for (String f : l.faultsBefore()) {
            b.append("\n        ").append(f);
        }
        return b.toString();
    }

    /** The failure message: every section with its problems (long sections cut, the report has all). */
    String message(String run, long seed) {
        StringBuilder b = new StringBuilder(run + " (seed " + seed + ", replay with -Dchaos.seed=" + seed + ") found "
                + problems.values().stream().mapToInt(List::size).sum() + " problem(s):");
        for (var e : problems.entrySet()) {
            b.append("\n  == ").append(e.getKey()).append(" (").append(e.getValue().size()).append(")");
            int shown = 0;
            for (String p : e.getValue()) {
                if (shown++ == 60) {
                    b.append("\n    … and ").append(e.getValue().size() - 60).append(" more in the report");
                    break;
                }
                b.append("\n    ").append(p);
            }
        }
        return b.toString();
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode per = o.putObject("devices");
        devices.forEach(per::set);
        ArrayNode lostJson = o.putArray("lost");
        for (Lost l : lost) {
            ObjectNode j = lostJson.addObject();
            j.put("deviceId", l.deviceId());
            j.put("id", l.id().toString());
            j.put("seq", l.seq());
            j.put("answeredAt", l.answeredAt().toString());
            j.put("answeredAtOffset", timeline.offset(l.answeredAt()));
            j.put("kioskStart", l.incarnation());
            j.put("atHub", l.atHub());
            j.put("inKiosk", l.inKiosk());
            j.put("kioskSeqNowHolds", l.kioskSeqNowHolds() == null ? null : l.kioskSeqNowHolds().toString());
            j.put("hubSeqNowHolds", l.hubSeqNowHolds() == null ? null : l.hubSeqNowHolds().toString());
            j.put("hubRefusal", l.hubRefusal());
            ArrayNode f = j.putArray("faultsBefore");
            l.faultsBefore().forEach(f::add);
        }
        ObjectNode p = o.putObject("problems");
        problems.forEach((section, list) -> {
            ArrayNode a = p.putArray(section);
            list.forEach(a::add);
        });
        return o;
    }
}
