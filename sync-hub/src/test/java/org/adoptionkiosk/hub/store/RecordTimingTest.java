package org.adoptionkiosk.hub.store;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hub's rule for kiosk times, one rule at a time, on a fixed hub clock: what makes a time
 * suspect, the hub's estimate of the true time, and the day a record counts on.
 */
class RecordTimingTest {
    /** The hub's clock: a summer evening, so the Europe/London day differs from the UTC one near midnight. */
    private static final Clock HUB = Clock.fixed(Instant.parse("2026-08-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Instant NOW = HUB.instant();
    private static final long FOUR_MINUTES = Duration.ofMinutes(4).toMillis();
    private static final long SIX_MINUTES = Duration.ofMinutes(6).toMillis();
    private static final long THREE_YEARS = Duration.ofDays(3 * 365).toMillis();

    @Test
    void aGoodClockIsNotSuspectAndCountsOnTheKiosksDay() {
        Instant captured = NOW.minus(Duration.ofHours(13)); // 2026-07-31T23:00Z: 1 August in London
        long mono = Duration.ofHours(2).toMillis();
        RecordTiming.Boot boot = new RecordTiming.Boot(RecordTiming.bound(NOW, mono), null);
        RecordTiming.Timing t = RecordTiming.judge(captured, mono, null, NOW, boot);
        assertFalse(t.suspect());
        assertNull(t.correctedAt(), "no offset, no corrected start: no estimate");
        assertEquals(LocalDate.parse("2026-08-01"), t.figureDate(), "the Europe/London day of capture");
    }

    @Test
    void ruleA_capturedAfterItArrived() {
        assertFalse(RecordTiming.capturedAfterReceipt(NOW.plusMillis(FOUR_MINUTES), NOW), "within the tolerance");
        assertTrue(RecordTiming.capturedAfterReceipt(NOW.plusMillis(SIX_MINUTES), NOW));
        RecordTiming.Timing t = RecordTiming.judge(NOW.plus(Duration.ofDays(2)), 1000, null, NOW, null);
        assertTrue(t.suspect());
        assertNull(t.correctedAt());
        assertEquals(LocalDate.parse("2026-08-01"), t.figureDate(), "counted on the day received");
    }

    @Test
    void ruleB_theKioskKnewItsClockWasOff() {
        assertFalse(RecordTiming.offsetBeyondTolerance(null));
        assertFalse(RecordTiming.offsetBeyondTolerance(FOUR_MINUTES));
        assertFalse(RecordTiming.offsetBeyondTolerance(-FOUR_MINUTES));
        assertTrue(RecordTiming.offsetBeyondTolerance(SIX_MINUTES));
        assertTrue(RecordTiming.offsetBeyondTolerance(-SIX_MINUTES));

        // Three years behind, and it knew: suspect, and counted on the day the offset gives.
        Instant trueTime = Instant.parse("2026-07-20T09:00:00Z");
        Instant captured = trueTime.minusMillis(THREE_YEARS);
        RecordTiming.Timing t = RecordTiming.judge(captured, 5000, THREE_YEARS, NOW, null);
        assertTrue(t.suspect());
        assertEquals(trueTime, t.correctedAt());
        assertEquals(LocalDate.parse("2026-07-20"), t.figureDate());

        // A small offset is no doubt, but it still gives the estimate.
        RecordTiming.Timing fine = RecordTiming.judge(trueTime.minusMillis(1500), 5000, 1500L, NOW, null);
        assertFalse(fine.suspect());
        assertEquals(trueTime, fine.correctedAt());
        assertEquals(LocalDate.parse("2026-07-20"), fine.figureDate());
    }

    @Test
    void ruleC_theBootAnchorShowsTheClockAhead() {
        // A record 60 s into its process reached the hub at NOW: the process started by NOW - 60 s.
        Instant bound = RecordTiming.bound(NOW, 60_000);
        assertEquals(NOW.minusSeconds(60), bound);
        // Later, a record 1 h into the process claims a time 30 min ahead; it arrived 2 h after that
        // (the kiosk was offline), so it does not look captured after it arrived.
        long mono = Duration.ofHours(1).plusSeconds(60).toMillis();
        Instant trueCapture = NOW.plus(Duration.ofHours(1));
        Instant claimed = trueCapture.plus(Duration.ofMinutes(30));
        Instant received = NOW.plus(Duration.ofHours(3));
        assertFalse(RecordTiming.capturedAfterReceipt(claimed, received));
        RecordTiming.Boot boot = new RecordTiming.Boot(bound, null);
        assertTrue(RecordTiming.startAfterBound(claimed, mono, bound));
        RecordTiming.Timing t = RecordTiming.judge(claimed, mono, null, received, boot);
        assertTrue(t.suspect());
        assertEquals(LocalDate.parse("2026-08-01"), t.figureDate());
        // The same record with the kiosk clock only 4 minutes ahead is within the tolerance.
        assertFalse(RecordTiming.startAfterBound(trueCapture.plusMillis(FOUR_MINUTES), mono, bound));
        assertFalse(RecordTiming.judge(trueCapture.plusMillis(FOUR_MINUTES), mono, null, received, boot).suspect());
        // No bound, or a nonsense monoMillis, says nothing.
        assertFalse(RecordTiming.startAfterBound(claimed, mono, null));
        assertNull(RecordTiming.bound(NOW, -1));
        assertNull(RecordTiming.bound(NOW, Long.MAX_VALUE));
    }

    @Test
    void ruleD_aLaterOffsetJudgesTheBootsEarlierRecords() {
        // The process started (in hub time) at 08:00; the kiosk clock is three years behind.
        Instant start = Instant.parse("2026-08-01T08:00:00Z");
        long laterMono = Duration.ofHours(3).toMillis();
        Instant laterCaptured = start.plusMillis(laterMono).minusMillis(THREE_YEARS);
        Instant corrected = RecordTiming.correctedStart(laterCaptured, laterMono, THREE_YEARS);
        assertEquals(start, corrected);
        assertNull(RecordTiming.correctedStart(laterCaptured, laterMono, null), "no offset, no corrected start");

        // An earlier record of that boot, with no offset of its own.
        long earlyMono = Duration.ofMinutes(10).toMillis();
        Instant earlyCaptured = start.plusMillis(earlyMono).minusMillis(THREE_YEARS);
        assertTrue(RecordTiming.offCorrectedStart(earlyCaptured, earlyMono, corrected));
        RecordTiming.Timing t = RecordTiming.judge(earlyCaptured, earlyMono, null, NOW,
                new RecordTiming.Boot(RecordTiming.bound(NOW, earlyMono), corrected));
        assertTrue(t.suspect());
        assertEquals(start.plusMillis(earlyMono), t.correctedAt(), "the corrected start plus its monoMillis");
        assertEquals(LocalDate.parse("2026-08-01"), t.figureDate());

        // A record whose kiosk time agrees with the corrected start (within T) is not suspect.
        assertFalse(RecordTiming.offCorrectedStart(start.plusMillis(earlyMono).plusMillis(FOUR_MINUTES), earlyMono,
                corrected));
        assertTrue(RecordTiming.offCorrectedStart(start.plusMillis(earlyMono).minusMillis(SIX_MINUTES), earlyMono,
                corrected));
    }

    @Test
    void thereIsNoFixedEarliestDate() {
        // A time long before receipt says nothing by itself: records can wait in a kiosk's outbox.
        // Only the kiosk's offset, or a later record of its boot carrying one, shows its clock wrong.
        Instant old = Instant.parse("2023-06-01T10:00:00Z");
        assertFalse(RecordTiming.judge(old, 1000, null, NOW, new RecordTiming.Boot(RecordTiming.bound(NOW, 1000),
                null)).suspect());
        assertEquals(LocalDate.parse("2023-06-01"), RecordTiming.judge(old, 1000, null, NOW, null).figureDate());
    }

    @Test
    void figureDayIsTheKiosksTheEstimateOrTheReceipt() {
        Instant captured = Instant.parse("2026-07-31T23:30:00Z"); // 1 August, 00:30 in London
        Instant corrected = Instant.parse("2026-07-20T12:00:00Z");
        assertEquals(LocalDate.parse("2026-08-01"), RecordTiming.figureDate(false, captured, corrected, NOW));
        assertEquals(LocalDate.parse("2026-07-20"), RecordTiming.figureDate(true, captured, corrected, NOW));
        assertEquals(LocalDate.parse("2026-08-01"), RecordTiming.figureDate(true, captured, null,
                Instant.parse("2026-08-01T22:30:00Z")), "the received day, 23:30 in London");
        assertEquals(LocalDate.parse("2026-08-02"), RecordTiming.figureDate(true, captured, null,
                Instant.parse("2026-08-01T23:30:00Z")), "00:30 on the 2nd in London");
    }

    @Test
    void estimatesTheStoresCannotHoldAreDropped() {
        Instant year1 = Instant.parse("0001-01-02T00:00:00Z");
        assertNull(RecordTiming.correctedAt(year1, 0, -THREE_YEARS, null));
        assertNull(RecordTiming.correctedStart(year1, 0, -THREE_YEARS));
        RecordTiming.Timing t = RecordTiming.judge(year1, 0, -THREE_YEARS, NOW, null);
        assertTrue(t.suspect());
        assertEquals(LocalDate.parse("2026-08-01"), t.figureDate(), "no estimate: the day received");
    }
}
