package org.adoptionkiosk.chaos;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened when, for the report and for failure messages: every fault injected (and every
 * restart) with its wall-clock time and its offset from the start of the run.
 */
final class Timeline {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /**
     * One entry.
     *
     * @param kind   broker-stop, broker-start, hub-kill, hub-start, kiosk-kill, kiosk-start, note
     * @param target the broker, a hub instance or a kiosk's device id
     */
    record Entry(Instant at, String kind, String target, String detail) {
        boolean isFault() {
            return kind.endsWith("-kill") || kind.equals("broker-stop");
        }
    }

    private final Instant start = Instant.now();
    private final List<Entry> entries = new ArrayList<>();

    Instant start() {
        return start;
    }

    synchronized Entry add(String kind, String target, String detail) {
        Entry e = new Entry(Instant.now(), kind, target, detail);
        entries.add(e);
        System.out.println("[chaos " + offset(e.at()) + "] " + kind + " " + target + (detail.isEmpty() ? "" : " (" + detail + ")"));
        return e;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** "t+12.345s": seconds since the run began. */
    String offset(Instant at) {
        return String.format("t+%.3fs", Duration.between(start, at).toMillis() / 1000.0);
    }

    String describe(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).format(CLOCK) + " (" + offset(at) + ")";
    }

    String describe(Entry e) {
        return describe(e.at()) + " " + e.kind() + " " + e.target() + (e.detail().isEmpty() ? "" : " [" + e.detail() + "]");
    }

    /** The faults and restarts from {@code from} to {@code to} inclusive, oldest first. */
    synchronized List<Entry> between(Instant from, Instant to) {
        return entries.stream().filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to)).toList();
    }

    /** The first entry of {@code kind} on {@code target} after {@code after}, or null. */
    synchronized Entry firstAfter(Instant after, String kind, String target) {
        for (Entry e : entries) {
            if (e.at().isAfter(after) && e.kind().equals(kind) && e.target().equals(target)) {
                return e;
            }
        }
        return null;
    }

    synchronized List<Entry> faults() {
        return entries.stream().filter(Entry::isFault).toList();
    }

    /** The last kill or broker stop, or null. */
    synchronized Entry lastFault() {
        Entry last = null;
        for (Entry e : entries) {
            if (e.isFault()) {
                last = e;
            }
        }
        return last;
    }

    /** The last restart of the broker, a hub or a kiosk, or null. */
    synchronized Entry lastRestart() {
        Entry last = null;
        for (Entry e : entries) {
            if (e.kind().endsWith("-start")) {
                last = e;
            }
        }
        return last;
    }

    static List<String> lines(Timeline t, List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(t.describe(e));
        }
        return out;
    }
}
