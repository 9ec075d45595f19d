package org.adoptionkiosk.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The faults of one run, made from its seed alone: the same seed gives the same faults in the same
 * order at the same offsets (only the processes' own timing varies). Offsets are seconds from the
 * moment the visitors start.
 */
final class FaultSchedule {
    enum Kind { BROKER_RESTART, HUB_KILL, KIOSK_KILL }

    /**
     * One fault.
     *
     * @param at          seconds after the visitors start
     * @param target      index of the hub instance or kiosk (unused for the broker)
     * @param sigkill     the broker gets SIGKILL rather than SIGTERM (hubs and kiosks always get SIGKILL)
     * @param down        seconds until it is started again
     * @param thenKiosk   for a broker restart: the kiosk killed right after it, or -1
     * @param thenDelay   seconds after the broker is back (the kiosk then has a backlog from the outage,
     *                    and is reconnecting or waiting for an ack)
     * @param thenDown    seconds that kiosk stays down
     */
    record Fault(double at, Kind kind, int target, boolean sigkill, double down, int thenKiosk, double thenDelay,
                 double thenDown) {
        String describe(List<String> kioskIds, List<String> hubIds) {
            return switch (kind) {
                case BROKER_RESTART -> String.format(Locale.ROOT, "t0+%6.1fs broker %s, down %.1fs%s", at,
                        sigkill ? "SIGKILL" : "SIGTERM", down, thenKiosk < 0 ? "" : String.format(Locale.ROOT,
                                "; then kiosk %s SIGKILL %.1fs after the broker is back, down %.1fs",
                                kioskIds.get(thenKiosk), thenDelay, thenDown));
                case HUB_KILL -> String.format(Locale.ROOT, "t0+%6.1fs hub %s SIGKILL, down %.1fs", at,
                        hubIds.get(target), down);
                case KIOSK_KILL -> String.format(Locale.ROOT, "t0+%6.1fs kiosk %s SIGKILL, down %.1fs", at,
                        kioskIds.get(target), down);
            };
        }
    }

    final long seed;
    final List<Fault> faults;

    private FaultSchedule(long seed, List<Fault> faults) {
        this.seed = seed;
        List<Fault> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparingDouble(Fault::at));
        this.faults = List.copyOf(sorted);
    }

    /**
     * The chaos run, in three phases. While the kiosks are young (their H2 files have not yet begun
     * to reuse freed space, which H2 does once freed chunks are 45 s old): {@code hubKills - 1} hub
     * kills and one broker restart. Then, each kiosk having run for a minute with its acks settling,
     * {@code kiosks} broker restarts (SIGTERM and SIGKILL alike), each followed within 0–5 s of the
     * broker being back by a SIGKILL of a different kiosk, which has a backlog from the outage then
     * and may be reconnecting or waiting for its first ack (where the field run lost records), and the
     * last hub kill between them. Last, while the kiosks drain without new captures, one more broker
     * restart and kiosk kill.
     */
    static FaultSchedule chaos(long seed, int kiosks, int hubs, double captureSeconds, int hubKills) {
        Random r = new Random(seed);
        List<Fault> out = new ArrayList<>();
        int restarts = kiosks + 2;
        List<Boolean> signals = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
            signals.add(i % 2 == 1);
        }
        Collections.shuffle(signals, r);
        List<Integer> victims = new ArrayList<>();
        for (int k = 0; k < kiosks; k++) {
            victims.add(k);
        }
        Collections.shuffle(victims, r);
        int signal = 0;

        // Young kiosks: hubs and the broker only.
        double youngEnd = YOUNG_SECONDS - 5;
        int earlyHubKills = Math.max(0, hubKills - 1);
        double earlySlot = (youngEnd - 5) / (earlyHubKills + 1);
        for (int j = 0; j < earlyHubKills; j++) {
            double at = 5 + j * earlySlot + r.nextDouble() * earlySlot * 0.4;
            out.add(new Fault(round1(at), Kind.HUB_KILL, (j + r.nextInt(hubs)) % hubs, true,
                    round1(2 + r.nextDouble() * 3), -1, 0, 0));
        }
        double brokerAt = 5 + earlyHubKills * earlySlot + r.nextDouble() * earlySlot * 0.3;
        out.add(new Fault(round1(brokerAt), Kind.BROKER_RESTART, -1, signals.get(signal++),
                round1(2 + r.nextDouble() * 4), -1, 0, 0));

        // Grown kiosks: each one killed within seconds after a broker restart.
        double slot = (captureSeconds - YOUNG_SECONDS - 12) / kiosks;
        for (int i = 0; i < kiosks; i++) {
            double at = YOUNG_SECONDS + i * slot + r.nextDouble() * Math.min(5, slot * 0.2);
            out.add(new Fault(round1(at), Kind.BROKER_RESTART, -1, signals.get(signal++), round1(2 + r.nextDouble() * 4),
                    victims.get(i), round1(r.nextDouble() * 5), round1(1 + r.nextDouble() * 2)));
        }
        if (hubKills > 0) {
            int i = r.nextInt(Math.max(1, kiosks - 1));
            double at = YOUNG_SECONDS + i * slot + slot * 0.6 + r.nextDouble() * slot * 0.2;
            out.add(new Fault(round1(at), Kind.HUB_KILL, r.nextInt(hubs), true, round1(2 + r.nextDouble() * 3),
                    -1, 0, 0));
        }

        // The drain: no new captures, only the backlog.
        double drainAt = captureSeconds + 2 + r.nextDouble() * 3;
        out.add(new Fault(round1(drainAt), Kind.BROKER_RESTART, -1, signals.get(signal), round1(2 + r.nextDouble() * 3),
                victims.get(0), round1(r.nextDouble() * 5), round1(1 + r.nextDouble() * 2)));
        return new FaultSchedule(seed, out);
    }

    /** How long a kiosk runs before the kills aimed at lost captures: H2 reuses space freed 45 s earlier. */
    static final double YOUNG_SECONDS = 55;

    /**
     * The power cut: the kiosk's SIGKILL comes once this many captures were answered, between 60% and
     * 95% of them, when the kiosk has run long enough for H2 to reuse space its settled acks freed.
     */
    static int powerCutPoint(long seed, int captures) {
        Random r = new Random(seed);
        return captures * 60 / 100 + r.nextInt(captures * 35 / 100);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    List<String> describe(List<String> kioskIds, List<String> hubIds) {
        return faults.stream().map(f -> f.describe(kioskIds, hubIds)).toList();
    }

    double lastAt() {
        return faults.isEmpty() ? 0 : faults.get(faults.size() - 1).at();
    }

    /** The seed from -Dchaos.seed, or a fresh one. */
    static long seed() {
        String given = System.getProperty("chaos.seed", "").trim();
        if (!given.isEmpty()) {
            return Long.parseLong(given);
        }
        return new Random().nextLong() & 0xFFFF_FFFFL;
    }
}
