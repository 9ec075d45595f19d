package org.adoptionkiosk.hub.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Whether a record's kiosk clock looks wrong, the hub's best estimate of when it was really made,
 * and which day it counts on in the figures. A Pi has no real-time clock, so a kiosk may capture
 * with a clock far in the past or the future; the hub keeps the kiosk's time as sent, beside its own
 * receipt time, and flags a time it doubts: it never replaces one silently.
 *
 * <p>The rule, with the tolerance T = {@link #TOLERANCE} (5 minutes), judged when a record arrives.
 * A record's time is <em>suspect</em> when
 * <ol type="a">
 *   <li>it was captured after it arrived: {@code capturedAt > receivedAt + T};</li>
 *   <li>the kiosk knew its clock was off: {@code clockOffsetMillis} is present and
 *       {@code |clockOffsetMillis| > T};</li>
 *   <li>its boot anchor shows the kiosk clock ahead: the process start the kiosk claims,
 *       {@code capturedAt - monoMillis}, is later by more than T than the hub's bound for that boot
 *       (kiosk process), the least {@code receivedAt - monoMillis} over the boot's records so far
 *       (a process that made a record {@code monoMillis} after it started, which reached the hub at
 *       {@code receivedAt}, started no later than that);</li>
 *   <li>its boot's <em>corrected start</em> is known (from the first of the boot's records to carry
 *       an offset: {@code capturedAt + clockOffsetMillis - monoMillis}, the process start in hub
 *       time) and {@code capturedAt} differs from {@code correctedStart + monoMillis} by more than T.
 *       When a boot's corrected start first becomes known, the boot's records stored before it (which
 *       had no offset) are judged again by this rule, in the same transaction.</li>
 * </ol>
 * Nothing here is a fixed date. A boot's bound and corrected start are kept per (device, boot) in
 * {@code boot_anchors}.
 *
 * <p>The hub's estimate of the true capture time ({@code records.corrected_at}) is
 * {@code capturedAt + clockOffsetMillis} when the record carries an offset, else
 * {@code correctedStart + monoMillis} when its boot's corrected start is known, else none.
 *
 * <p>The figures' day ({@code figure_date}, and an enquiry's 5 working days) is the Europe/London
 * date of {@code capturedAt} for a record whose time is not suspect; for a suspect one, the date of
 * the estimate when there is one, else the date the hub received it. A record first found suspect
 * by (d) after it was stored keeps the day it was counted on (its figures and due day stand); the
 * enquiry page says which day each was counted on.
 */
public final class RecordTiming {
    public static final ZoneId FIGURES_ZONE = ZoneId.of("Europe/London");
    /** How far a kiosk's time may be from the hub's reckoning before the hub doubts it. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** A boot anchor from a larger {@code monoMillis} (a kiosk process running for a century) is ignored. */
    public static final long MAX_MONO_MILLIS = Duration.ofDays(36_525).toMillis();

    private RecordTiming() {
    }

    /** What the hub knows of one kiosk process: its bound, and its corrected start or null. */
    public record Boot(Instant bound, Instant correctedStart) {
    }

    /**
     * What the hub makes of one record's time.
     *
     * @param correctedAt the hub's estimate of the true capture time, or null
     * @param figureDate  the Europe/London day it counts on
     */
    public record Timing(boolean suspect, Instant correctedAt, LocalDate figureDate) {
    }

    /** (a): captured later than it arrived, beyond the tolerance. */
    public static boolean capturedAfterReceipt(Instant capturedAt, Instant receivedAt) {
        return capturedAt.isAfter(receivedAt.plus(TOLERANCE));
    }

    /** (b): the kiosk said its clock was off by more than the tolerance. */
    public static boolean offsetBeyondTolerance(Long clockOffsetMillis) {
        return clockOffsetMillis != null && Math.abs(clockOffsetMillis) > TOLERANCE.toMillis();
    }

    /** (c): the process start the kiosk claims is later than the boot's bound, beyond the tolerance. */
    public static boolean startAfterBound(Instant capturedAt, long monoMillis, Instant bound) {
        return bound != null && usable(monoMillis)
                && capturedAt.minusMillis(monoMillis).isAfter(bound.plus(TOLERANCE));
    }

    /** (d): the kiosk's time is off the boot's corrected start plus the record's monoMillis, beyond the tolerance. */
    public static boolean offCorrectedStart(Instant capturedAt, long monoMillis, Instant correctedStart) {
        Instant expected = fromStart(correctedStart, monoMillis);
        return expected != null && Duration.between(expected, capturedAt).abs().compareTo(TOLERANCE) > 0;
    }

    /** The latest the kiosk process can have started, from one record: {@code receivedAt - monoMillis}; or null. */
    public static Instant bound(Instant receivedAt, long monoMillis) {
        return usable(monoMillis) ? Sql.storable(receivedAt.minusMillis(monoMillis)) : null;
    }

    /** The process start in hub time, {@code capturedAt + offset - monoMillis}; null without an offset. */
    public static Instant correctedStart(Instant capturedAt, long monoMillis, Long clockOffsetMillis) {
        if (clockOffsetMillis == null || !usable(monoMillis)) {
            return null;
        }
        return Sql.storable(capturedAt.plusMillis(clockOffsetMillis).minusMillis(monoMillis));
    }

    /** The hub's estimate of when the record was really made, or null when it has none. */
    public static Instant correctedAt(Instant capturedAt, long monoMillis, Long clockOffsetMillis,
                                      Instant correctedStart) {
        if (clockOffsetMillis != null) {
            return Sql.storable(capturedAt.plusMillis(clockOffsetMillis));
        }
        return fromStart(correctedStart, monoMillis);
    }

    /**
     * Judges one record arriving at {@code receivedAt}.
     *
     * @param boot the record's boot as known with this record (and its batch) counted in; may be null
     */
    public static Timing judge(Instant capturedAt, long monoMillis, Long clockOffsetMillis, Instant receivedAt,
                               Boot boot) {
        Instant bound = boot == null ? null : boot.bound();
        Instant start = boot == null ? null : boot.correctedStart();
        boolean suspect = capturedAfterReceipt(capturedAt, receivedAt)
                || offsetBeyondTolerance(clockOffsetMillis)
                || startAfterBound(capturedAt, monoMillis, bound)
                || offCorrectedStart(capturedAt, monoMillis, start);
        Instant corrected = correctedAt(capturedAt, monoMillis, clockOffsetMillis, start);
        return new Timing(suspect, corrected, figureDate(suspect, capturedAt, corrected, receivedAt));
    }

    /**
     * The Europe/London date a record counts on: of capture when its time is not suspect, else of
     * the hub's estimate when there is one, else of receipt.
     */
    public static LocalDate figureDate(boolean suspect, Instant capturedAt, Instant correctedAt, Instant receivedAt) {
        Instant t = !suspect ? capturedAt : correctedAt != null ? correctedAt : receivedAt;
        return day(t);
    }

    /** The Europe/London date of an instant. */
    public static LocalDate day(Instant t) {
        return t.atZone(FIGURES_ZONE).toLocalDate();
    }

    private static boolean usable(long monoMillis) {
        return monoMillis >= 0 && monoMillis <= MAX_MONO_MILLIS;
    }

    private static Instant fromStart(Instant correctedStart, long monoMillis) {
        if (correctedStart == null || !usable(monoMillis)) {
            return null;
        }
        return Sql.storable(correctedStart.plusMillis(monoMillis));
    }
}
