package org.adoptionkiosk.hub.history;

import org.adoptionkiosk.protocol.RegionMap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an import file of counts from before the kiosks: CSV, UTF-8 (with or without a byte order
 * mark), CRLF or LF, fields quoted or not, with the header {@value #HEADER}. Every problem is
 * found, not only the first, so that one corrected file is enough; a file with any problem gives no
 * halves at all.
 *
 * <p>A hand parser: the format is five plain columns, and no CSV library is in the build.
 */
public final class HistoryFile {
    public static final String HEADER = "region,business_year,half,enquiries,approvals";
    static final List<String> COLUMNS = List.of(HEADER.split(","));
    /** The earliest business year taken: the service's system counts from 2014; before 2000 is a typo. */
    public static final int EARLIEST_YEAR = 2000;
    /** Problems kept; the rest are only counted (a wrong file can have one on every line). */
    public static final int MAX_PROBLEMS = 50;

    private static final Pattern YEAR = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern WHOLE = Pattern.compile("\\d+");
    private static final Pattern NEGATIVE = Pattern.compile("-\\d+");

    /**
     * What was read: the halves when there is no problem, else the problems (the first
     * {@value #MAX_PROBLEMS}) and how many there were in all.
     */
    public record Read(List<ReportedHalf> halves, List<CsvProblem> problems, int problemCount) {
        public boolean ok() {
            return problemCount == 0;
        }
    }

    private final RegionMap regions;
    private final LocalDate today;
    private final List<CsvProblem> problems = new ArrayList<>();
    private int problemCount;

    private HistoryFile(RegionMap regions, LocalDate today) {
        this.regions = regions;
        this.today = today;
    }

    /**
     * @param regions the hub's regions map: a row's region is one of its ids
     * @param today   the Europe/London day: a half that has not started yet is refused
     */
    public static Read read(byte[] bytes, RegionMap regions, LocalDate today) {
        return new HistoryFile(regions, today).read(bytes);
    }

    /** The business year a day falls in, by its first calendar year (2014 for 2014-15). */
    public static int businessYear(LocalDate day) {
        return day.getMonthValue() >= Month.APRIL.getValue() ? day.getYear() : day.getYear() - 1;
    }

    /** "2014-15" */
    public static String yearLabel(int businessYear) {
        return businessYear + "-" + String.format(Locale.ROOT, "%02d", (businessYear + 1) % 100);
    }

    private Read read(byte[] bytes) {
        String text = decode(bytes);
        if (text != null) {
            List<ReportedHalf> halves = rows(text);
            if (problemCount == 0) {
                return new Read(List.copyOf(halves), List.of(), 0);
            }
        }
        return new Read(List.of(), List.copyOf(problems), problemCount);
    }

    private void problem(int line, int column, String welsh, String english) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new CsvProblem(line, column, column > 0 && column <= COLUMNS.size()
                    ? COLUMNS.get(column - 1) : column > 0 ? "-" : null, welsh, english));
        }
    }

    /** Strict UTF-8, the byte order mark dropped; null (a problem said) when the bytes are not UTF-8. */
    private String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = start; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            problem(line, 0, "nid yw'r ffeil yn destun UTF-8: cadwch hi fel \"CSV UTF-8\"",
                    "the file is not UTF-8 text: save it as \"CSV UTF-8\"");
            return null;
        }
        return out.flip().toString();
    }

    /** A problem the splitting found in a field, said when its row's turn comes. */
    private record Quoting(int column, String welsh, String english) {
    }

    /** One CSV row: the line it starts on, its fields, and what was wrong with their quotes. */
    private record Row(int line, List<String> fields, List<Quoting> quoting) {
        boolean blank() {
            return fields.size() == 1 && fields.get(0).isBlank() && quoting.isEmpty();
        }
    }

    private List<ReportedHalf> rows(String text) {
        List<Row> rows = new Splitter(text).rows();
        List<ReportedHalf> halves = new ArrayList<>();
        Row header = rows.stream().filter(r -> !r.blank()).findFirst().orElse(null);
        if (header == null) {
            if (problemCount == 0) {
                problem(1, 0, "mae'r ffeil yn wag: mae angen y llinell bennawd " + HEADER,
                        "the file is empty: it needs the header line " + HEADER);
            }
            return halves;
        }
        if (!header(header)) {
            return halves;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Row row : rows.subList(rows.indexOf(header) + 1, rows.size())) {
            if (row.blank()) {
                continue;
            }
            if (!row.quoting().isEmpty()) {
                // Its fields may have swallowed their neighbours: checking them would say more wrong than is.
                row.quoting().forEach(q -> problem(row.line(), q.column(), q.welsh(), q.english()));
                continue;
            }
            ReportedHalf half = row(row);
            if (half != null) {
                String key = half.region() + " " + yearLabel(half.businessYear()) + " H" + half.half();
                Integer first = seen.putIfAbsent(key, row.line());
                if (first != null) {
                    problem(row.line(), 0, "mae " + key + " eisoes ar linell " + first,
                            key + " is already on line " + first);
                } else {
                    halves.add(half);
                }
            }
        }
        return halves;
    }

    /** True when the header is the one expected (any case); else the problems are said. */
    private boolean header(Row header) {
        if (!header.quoting().isEmpty()) {
            header.quoting().forEach(q -> problem(header.line(), q.column(), q.welsh(), q.english()));
            return false;
        }
        List<String> names = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (names.equals(COLUMNS)) {
            return true;
        }
        if (names.size() != COLUMNS.size()) {
            problem(header.line(), 0, "rhaid i'r llinell bennawd fod yn " + HEADER + ", ond mae ganddi "
                    + names.size() + " colofn",
                    "the header line must be " + HEADER + ", but it has " + names.size() + " column"
                            + (names.size() == 1 ? "" : "s"));
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(COLUMNS.get(i))) {
                problem(header.line(), i + 1, "disgwylir '" + COLUMNS.get(i) + "' yn y pennawd, cafwyd "
                                + shown(header.fields().get(i)),
                        "the header should say '" + COLUMNS.get(i) + "', not " + shown(header.fields().get(i)));
            }
        }
        return false;
    }

    /** The row's half, or null when it has a problem (said). */
    private ReportedHalf row(Row row) {
        List<String> f = row.fields();
        int line = row.line();
        if (f.size() != COLUMNS.size()) {
            problem(line, 0, "disgwylir " + COLUMNS.size() + " colofn, cafwyd " + f.size(),
                    COLUMNS.size() + " columns expected, found " + f.size());
            return null;
        }
        int before = problemCount;
        String region = f.get(0).strip();
        if (region.isEmpty()) {
            empty(line, 1);
        } else if (regions.region(region).isEmpty()) {
            String ids = String.join(", ", regions.regions().stream().map(RegionMap.Region::id).toList());
            problem(line, 1, "nid oes rhanbarth " + shown(region) + " yn y ffeil rhanbarthau (ceir: " + ids + ")",
                    "no region " + shown(region) + " in the regions file (there are: " + ids + ")");
        }
        Integer year = year(line, f.get(1).strip());
        Integer half = half(line, f.get(2).strip());
        if (year != null && half != null) {
            notStarted(line, year, half);
        }
        Long enquiries = count(line, 4, f.get(3).strip(), false);
        Long approvals = count(line, 5, f.get(4).strip(), true);
        if (problemCount != before) {
            return null;
        }
        return new ReportedHalf(region, year, half, enquiries, approvals);
    }

    private Integer year(int line, String value) {
        if (value.isEmpty()) {
            empty(line, 2);
            return null;
        }
        Matcher m = YEAR.matcher(value);
        if (!m.matches()) {
            problem(line, 2, "nid yw " + shown(value) + " yn flwyddyn fusnes fel 2014-15",
                    shown(value) + " is not a business year like 2014-15");
            return null;
        }
        int first = Integer.parseInt(m.group(1));
        if (Integer.parseInt(m.group(2)) != (first + 1) % 100) {
            problem(line, 2, "nid yw " + shown(value) + " yn flwyddyn fusnes: " + yearLabel(first) + " sy'n dechrau yn "
                            + first,
                    shown(value) + " is not a business year: the one starting in " + first + " is " + yearLabel(first));
            return null;
        }
        if (first < EARLIEST_YEAR) {
            problem(line, 2, "mae " + shown(value) + " cyn " + yearLabel(EARLIEST_YEAR) + ": camgymeriad, siŵr o fod",
                    shown(value) + " is before " + yearLabel(EARLIEST_YEAR) + ": a mistake, surely");
            return null;
        }
        if (first > businessYear(today)) {
            // Nothing to report for a year not begun: most likely a typo.
            problem(line, 2, "nid yw'r flwyddyn fusnes " + yearLabel(first) + " wedi dechrau eto",
                    "the business year " + yearLabel(first) + " has not started yet");
            return null;
        }
        return first;
    }

    private Integer half(int line, String value) {
        if (value.isEmpty()) {
            empty(line, 3);
            return null;
        }
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "H1" -> 1;
            case "H2" -> 2;
            default -> {
                problem(line, 3, "nid yw " + shown(value) + " yn H1 (Ebrill i Fedi) na H2 (Hydref i Fawrth)",
                        shown(value) + " is neither H1 (April to September) nor H2 (October to March)");
                yield null;
            }
        };
    }

    /** A half of this business year that has not begun has nothing to report yet. */
    private void notStarted(int line, int year, int half) {
        String label = yearLabel(year);
        if (half == 2 && LocalDate.of(year, Month.OCTOBER, 1).isAfter(today)) {
            problem(line, 3, "nid yw H" + half + " " + label + " wedi dechrau eto (mae'n dechrau ar 1 Hydref " + year
                            + ")",
                    "H" + half + " of " + label + " has not started yet (it starts on 1 October " + year + ")");
        }
    }

    /** A count: a whole number from 0; empty only when {@code optional} (then null). */
    private Long count(int line, int column, String value, boolean optional) {
        if (value.isEmpty()) {
            if (!optional) {
                empty(line, column);
            }
            return null;
        }
        if (NEGATIVE.matcher(value).matches()) {
            problem(line, column, "ni all " + shown(value) + " fod yn llai na 0",
                    shown(value) + " cannot be less than 0");
            return null;
        }
        if (!WHOLE.matcher(value).matches()) {
            problem(line, column, "nid yw " + shown(value) + " yn rhif cyfan",
                    shown(value) + " is not a whole number");
            return null;
        }
        if (value.length() > 10 || Long.parseLong(value) > Integer.MAX_VALUE) {
            problem(line, column, "mae " + shown(value) + " yn rhy fawr", shown(value) + " is too large");
            return null;
        }
        return Long.parseLong(value);
    }

    private void empty(int line, int column) {
        problem(line, column, "mae'r maes yn wag", "the field is empty");
    }

    /** A value as quoted in a message: short, and without control characters. */
    static String shown(String value) {
        String v = value.replaceAll("\\p{Cntrl}", "?");
        return "'" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'";
    }

    /** CSV rows as RFC 4180 has them; quote problems are said against the row's line and field. */
    private final class Splitter {
        private final String text;
        private int at;
        private int line = 1;

        Splitter(String text) {
            this.text = text;
        }

        List<Row> rows() {
            List<Row> rows = new ArrayList<>();
            while (at < text.length()) {
                rows.add(row());
            }
            return rows;
        }

        private Row row() {
            int rowLine = line;
            List<String> fields = new ArrayList<>();
            List<Quoting> quoting = new ArrayList<>();
            while (true) {
                fields.add(field(quoting, fields.size() + 1));
                if (at >= text.length()) {
                    return new Row(rowLine, fields, quoting);
                }
                char c = text.charAt(at);
                if (c == ',') {
                    at++;
                } else {
                    endOfLine();
                    return new Row(rowLine, fields, quoting);
                }
            }
        }

        /** Past a line break: CRLF, LF or a lone CR. */
        private void endOfLine() {
            if (text.charAt(at) == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
                at++;
            }
            at++;
            line++;
        }

        private boolean breakOrComma(char c) {
            return c == ',' || c == '\n' || c == '\r';
        }

        /** The field at {@code at}, left on the comma or line break after it. */
        private String field(List<Quoting> quoting, int column) {
            int start = at;
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
            if (at < text.length() && text.charAt(at) == '"') {
                return quoted(quoting, column);
            }
            at = start;
            boolean quote = false;
            while (at < text.length() && !breakOrComma(text.charAt(at))) {
                quote |= text.charAt(at) == '"';
                at++;
            }
            String value = text.substring(start, at);
            if (quote) {
                quoting.add(new Quoting(column, "dyfynnod yng nghanol maes: rhowch y maes cyfan rhwng dyfynodau a dyblu'r"
                                + " dyfynnod",
                        "a quote inside a field: put the whole field in quotes and double the quote"));
            }
            return value;
        }

        private String quoted(List<Quoting> quoting, int column) {
            at++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    quoting.add(new Quoting(column, "nid yw'r dyfynodau a agorwyd yma wedi'u cau",
                            "the quotes opened here are never closed"));
                    return value.toString();
                }
                char c = text.charAt(at);
                if (c == '"') {
                    if (at + 1 < text.length() && text.charAt(at + 1) == '"') {
                        value.append('"');
                        at += 2;
                        continue;
                    }
                    at++;
                    break;
                }
                if (c == '\n' || (c == '\r' && (at + 1 >= text.length() || text.charAt(at + 1) != '\n'))) {
                    line++;
                }
                value.append(c);
                at++;
            }
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
            if (at < text.length() && !breakOrComma(text.charAt(at))) {
                quoting.add(new Quoting(column, "testun ar ôl y dyfynodau cau: rhowch y maes cyfan rhwng dyfynodau",
                        "text after the closing quote: put the whole field in quotes"));
                while (at < text.length() && !breakOrComma(text.charAt(at))) {
                    at++;
                }
            }
            return value.toString();
        }
    }
}
