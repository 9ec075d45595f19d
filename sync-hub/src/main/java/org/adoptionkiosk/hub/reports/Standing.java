package org.adoptionkiosk.hub.reports;

import java.util.List;

/**
 * Where the report's period stands among the same period of every year the hub knows: the board's
 * "the highest first half since 2014-15", as numbers. The sentence is the web's to word.
 *
 * @param rank   1 for the highest; years with the same count share a rank (1 + how many are higher)
 * @param of     how many years were compared, this one included
 * @param tied   another year has the same count
 * @param lowest no year is lower (and there was more than one year)
 * @param since  the first business year compared
 */
public record Standing(int rank, int of, boolean tied, boolean lowest, int since) {
    /** Only this year is known: there is nothing to compare with. */
    public boolean alone() {
        return of <= 1;
    }

    /**
     * The standing of {@code value} among {@code values} (which hold it too).
     *
     * @param since the first year of the values
     */
    public static Standing of(long value, List<Long> values, int since) {
        int higher = 0;
        int same = 0;
        int lower = 0;
        for (long v : values) {
            if (v > value) {
                higher++;
            } else if (v == value) {
                same++;
            } else {
                lower++;
            }
        }
        return new Standing(higher + 1, values.size(), same > 1, lower == 0 && values.size() > 1, since);
    }
}
