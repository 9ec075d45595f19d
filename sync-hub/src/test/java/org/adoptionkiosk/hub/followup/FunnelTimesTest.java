package org.adoptionkiosk.hub.followup;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the funnel states times to approval: nearest-rank percentiles, months of 30.44 days to one decimal. */
class FunnelTimesTest {
    @Test
    void percentilesAreByNearestRankAndAlwaysOneOfTheValues() {
        List<Long> four = List.of(10L, 20L, 30L, 40L);
        assertEquals(20, Funnel.nearestRank(four, 50), "rank ceil(0.5 × 4) = 2: the lower middle, not 25");
        assertEquals(30, Funnel.nearestRank(four, 75), "rank ceil(0.75 × 4) = 3");
        assertEquals(10, Funnel.nearestRank(four, 1));
        assertEquals(40, Funnel.nearestRank(four, 100));
        assertEquals(7, Funnel.nearestRank(List.of(7L), 50));
        List<Long> three = List.of(182L, 218L, 275L);
        assertEquals(218, Funnel.nearestRank(three, 50));
        assertEquals(275, Funnel.nearestRank(three, 75));
    }

    @Test
    void monthsAreDaysOver30Point44ToOneDecimal() {
        assertEquals(6.0, Funnel.months(182));
        assertEquals(7.2, Funnel.months(218));
        assertEquals(9.0, Funnel.months(275));
        assertEquals(8.0, Funnel.months(245), "8.05 months shows as 8.0");
        assertEquals(8.1, Funnel.months(246));
        assertEquals(0.0, Funnel.months(0));
    }
}
