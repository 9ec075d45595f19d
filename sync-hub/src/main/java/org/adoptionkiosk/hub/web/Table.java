package org.adoptionkiosk.hub.web;

import java.util.List;

/**
 * A table as the dashboard shows it and as its CSV export writes it: the same object is rendered
 * both ways, so the download always holds exactly the numbers on screen.
 *
 * @param id      the table's id in the page (and its CSV view name)
 * @param csvHref where the same table downloads as CSV, or null
 * @param chart   true when the page draws a bar chart from the table's numeric columns
 */
public record Table(String id, String caption, List<Column> columns, List<Row> rows, String csvHref, boolean chart) {

    /**
     * @param sortHref a link that sorts by this column, or null
     * @param sorted   "asc" or "desc" when the table is sorted by this column, else null
     */
    public record Column(String label, boolean numeric, String sortHref, String sorted) {
        public static Column text(String label) {
            return new Column(label, false, null, null);
        }

        public static Column number(String label) {
            return new Column(label, true, null, null);
        }
    }

    /** @param cls a class for the row, such as "overdue" or "flagged", or null */
    public record Row(List<Cell> cells, String cls) {
        public Row(List<Cell> cells) {
            this(cells, null);
        }
    }

    /** @param value the number behind a numeric cell (charts and CSV use it), or null */
    public record Cell(String text, String href, Double value) {
        public static Cell text(String text) {
            return new Cell(text == null ? "" : text, null, null);
        }

        public static Cell link(String text, String href) {
            return new Cell(text == null ? "" : text, href, null);
        }

        public static Cell number(PageTexts t, long n) {
            return new Cell(t.num(n), null, (double) n);
        }

        public static Cell share(PageTexts t, Double share) {
            return new Cell(t.percent(share), null, share == null ? null : share * 100);
        }
    }
}
