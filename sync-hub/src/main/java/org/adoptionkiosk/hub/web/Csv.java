package org.adoptionkiosk.hub.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link Table} as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheet programs read
 * Welsh letters right). Numbers are written as numbers; a text cell that a spreadsheet would take
 * for a formula (=, +, -, @) is prefixed with an apostrophe, since event names come from kiosks.
 */
public final class Csv {
    private Csv() {
    }

    public static byte[] of(Table table) {
        StringBuilder b = new StringBuilder("\uFEFF");
        List<Table.Column> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            cell(b, i, cols.get(i).label());
        }
        b.append("\r\n");
        for (Table.Row row : table.rows()) {
            for (int i = 0; i < row.cells().size(); i++) {
                Table.Cell c = row.cells().get(i);
                boolean numeric = i < cols.size() && cols.get(i).numeric() && c.value() != null;
                cell(b, i, numeric ? number(c.value()) : guard(c.text()));
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String guard(String s) {
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    private static void cell(StringBuilder b, int index, String s) {
        if (index > 0) {
            b.append(',');
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            b.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
            b.append(s);
        }
    }
}
