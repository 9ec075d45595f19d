package org.adoptionkiosk.hub;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.history.ReportedHalf;
import org.adoptionkiosk.hub.history.ReportedHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sync-hub.jar history import|list}, as an operator runs them, on the hub's real store (H2 in
 * the data folder, or PostgreSQL with {@code -Dhub.test.store=postgres}): a file goes in once,
 * again without change, corrected; a file with problems changes nothing and names every problem's
 * line and column, in Welsh and in English.
 */
class HistoryImportTest {
    private static final String HEADER = "region,business_year,half,enquiries,approvals";

    @TempDir
    Path dir;

    private TestStore store;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void openStore() {
        store = TestStore.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("history"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data", dir.resolve("hub-data").toString()));
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), store.env(Map.of()), null, null)
                .execute(all.toArray(String[]::new));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String text) throws Exception {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    /** What the report reads, and when each half was written. */
    private record Stored(List<ReportedHalf> halves, List<String> times) {
    }

    /** Read with the commands' store closed, as the report would read it. */
    private Stored stored() throws Exception {
        List<String> times = new ArrayList<>();
        try (HikariDataSource ds = store.dataSource(dir.resolve("hub-data"))) {
            try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT imported_at FROM reported_halves ORDER BY business_year, half, region")) {
                while (rs.next()) {
                    times.add(rs.getString(1));
                }
            }
            return new Stored(new ReportedHistory(ds).halves(), times);
        }
    }

    @Test
    void aFileGoesInOnceAgainWithoutChangeAndCorrected() throws Exception {
        // As a spreadsheet saves it: a byte order mark, CRLF, a quoted field, empty approvals, a blank last line.
        Path first = Files.write(dir.resolve("hanes.csv"), ("\uFEFF" + HEADER + "\r\n"
                + "north-wales,2014-15,H1,120,\r\n"
                + "\"north-wales\",2014-15,H2,98,7\r\n"
                + "western-bay,2014-15,h1,\"64\",3\r\n"
                + "  \r\n"
                + "vale-valleys-cardiff,2015-16,H2,0,12\r\n\r\n").getBytes(StandardCharsets.UTF_8));

        assertEquals(0, run("import", first.toString()), err());
        assertEquals("mewnforiwyd hanes.csv: 4 newydd, 0 wedi newid, 0 heb newid\n"
                + "imported hanes.csv: 4 new, 0 changed, 0 unchanged\n", out());
        Stored once = stored();
        assertEquals(List.of(new ReportedHalf("north-wales", 2014, 1, 120, null),
                new ReportedHalf("western-bay", 2014, 1, 64, 3L),
                new ReportedHalf("north-wales", 2014, 2, 98, 7L),
                new ReportedHalf("vale-valleys-cardiff", 2015, 2, 0, 12L)), once.halves());

        assertEquals(0, run("import", first.toString()), err());
        assertEquals("mewnforiwyd hanes.csv: 0 newydd, 0 wedi newid, 4 heb newid (ni newidiodd dim)\n"
                + "imported hanes.csv: 0 new, 0 changed, 4 unchanged (nothing changed)\n", out());
        assertEquals(once, stored(), "an unchanged half is left alone, its import time too");

        // Plain LF this time, one count corrected, approvals learnt for another, one half new.
        Path corrected = file("hanes-2.csv", HEADER + "\n"
                + "north-wales,2014-15,H1,120,9\n"
                + "north-wales,2014-15,H2,98,7\n"
                + "western-bay,2014-15,H1,66,3\n"
                + "western-bay,2014-15,H2,50,\n");
        assertEquals(0, run("import", corrected.toString()), err());
        assertEquals("mewnforiwyd hanes-2.csv: 1 newydd, 2 wedi newid, 1 heb newid\n"
                + "imported hanes-2.csv: 1 new, 2 changed, 1 unchanged\n", out());
        assertEquals(List.of(new ReportedHalf("north-wales", 2014, 1, 120, 9L),
                new ReportedHalf("western-bay", 2014, 1, 66, 3L),
                new ReportedHalf("north-wales", 2014, 2, 98, 7L),
                new ReportedHalf("western-bay", 2014, 2, 50, null),
                new ReportedHalf("vale-valleys-cardiff", 2015, 2, 0, 12L)), stored().halves(),
                "a half missing from the second file is kept");

        assertEquals(0, run("list"), err());
        List<String> lines = out().lines().toList();
        assertEquals(6, lines.size(), out());
        assertTrue(lines.get(0).matches("region +business_year +half +enquiries +approvals +imported_from +imported_at"),
                out());
        assertTrue(lines.get(1).matches("north-wales +2014-15 +H1 +120 +9 +hanes-2\\.csv +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC"),
                out());
        assertTrue(lines.get(4).matches("western-bay +2014-15 +H2 +50 +- +hanes-2\\.csv .*"), out());
        assertTrue(lines.get(5).matches("vale-valleys-cardiff +2015-16 +H2 +0 +12 +hanes\\.csv .*"), out());
    }

    @Test
    void aFileWithProblemsChangesNothingAndSaysWhereEachIs() throws Exception {
        Path good = file("good.csv", HEADER + "\nnorth-wales,2016-17,H1,30,2\n");
        assertEquals(0, run("import", good.toString()), err());

        Path bad = file("bad.csv", HEADER + "\n"
                + "north-wales,2016-17,H1,31,2\n"          // 2: fine (would change a held half)
                + "north-wales,2017-18,H1,twelve,\n"      // 3
                + "atlantis,2017-18,H2,5,-1\n"            // 4: two problems
                + "western-bay,2014/15,H3,5,1\n"          // 5: two problems
                + "western-bay,2014-16,H1,5,1\n"          // 6
                + "western-bay,1999-00,H1,5,1\n"          // 7
                + "western-bay,2099-00,H3,5,1\n"          // 8: not begun, and H3
                + "western-bay,2015-16,H1,5\n"            // 9: a column short
                + "north-wales,2016-17,h1,33,2\n"         // 10: the same half as line 2
                + "western-bay,2015-16,H2,,1\n"           // 11
                + "western-bay,2015-16,H1,\"5\"x,1\n"     // 12
                + "western-bay,2015-16,H1,99999999999,1\n"// 13
                + "western-bay,2018-19,H1,5,\"1\n");      // 14: the quote never closes
        assertEquals(1, run("import", bad.toString()));
        String e = err();
        assertTrue(e.startsWith("sync-hub: ni fewnforiwyd dim o bad.csv: 15 problem\n"
                + "sync-hub: nothing was imported from bad.csv: 15 problems\n"), e);
        for (String expected : List.of(
                "line 3, column 4 (enquiries): 'twelve' is not a whole number",
                "llinell 3, colofn 4 (enquiries): nid yw 'twelve' yn rhif cyfan",
                "line 4, column 1 (region): no region 'atlantis' in the regions file (there are: north-wales,",
                "llinell 4, colofn 1 (region): nid oes rhanbarth 'atlantis' yn y ffeil rhanbarthau",
                "line 4, column 5 (approvals): '-1' cannot be less than 0",
                "line 5, column 2 (business_year): '2014/15' is not a business year like 2014-15",
                "line 5, column 3 (half): 'H3' is neither H1 (April to September) nor H2 (October to March)",
                "line 6, column 2 (business_year): '2014-16' is not a business year: the one starting in 2014 is 2014-15",
                "line 7, column 2 (business_year): '1999-00' is before 2000-01",
                "line 8, column 2 (business_year): the business year 2099-00 has not started yet",
                "line 8, column 3 (half): 'H3' is neither",
                "line 9: 5 columns expected, found 4",
                "llinell 9: disgwylir 5 colofn, cafwyd 4",
                "line 10: north-wales 2016-17 H1 is already on line 2",
                "llinell 10: mae north-wales 2016-17 H1 eisoes ar linell 2",
                "line 11, column 4 (enquiries): the field is empty",
                "line 12, column 4 (enquiries): text after the closing quote",
                "line 13, column 4 (enquiries): '99999999999' is too large",
                "line 14, column 5 (approvals): the quotes opened here are never closed")) {
            assertTrue(e.contains("  " + expected), "missing: " + expected + "\n" + e);
        }
        assertTrue(e.indexOf("llinell 3, colofn 4") < e.indexOf("line 3, column 4"), "Welsh first: " + e);
        assertEquals(2 + 2 * 15, e.lines().count(), e);
        assertEquals("", out());
        assertEquals(List.of(new ReportedHalf("north-wales", 2016, 1, 30, 2L)), stored().halves(),
                "a file with a problem changes nothing, not even its good rows");
    }

    @Test
    void aWrongFileIsRefusedAsAWhole() throws Exception {
        assertEquals(1, run("import", file("header.csv", "region,year,half,enquiries,approved\nnorth-wales,2016-17,H1,3,\n")
                .toString()));
        assertTrue(err().contains("  line 1, column 2 (business_year): the header should say 'business_year', not 'year'")
                && err().contains("  llinell 1, colofn 5 (approvals): disgwylir 'approvals' yn y pennawd, cafwyd"
                + " 'approved'"), err());
        assertTrue(err().contains(": 2 problems\n"), "the rows are not read under a wrong header: " + err());

        assertEquals(1, run("import", file("short.csv", "region;business_year;half;enquiries;approvals\n").toString()));
        assertTrue(err().contains("  line 1: the header line must be " + HEADER + ", but it has 1 column\n"), err());

        assertEquals(1, run("import", file("empty.csv", "\r\n").toString()));
        assertTrue(err().contains("  line 1: the file is empty: it needs the header line " + HEADER), err());

        byte[] latin1 = (HEADER + "\nnorth-wales,2016-17,H1,3,\n# Ynys M\u00f4n\n").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(1, run("import", Files.write(dir.resolve("latin1.csv"), latin1).toString()));
        assertTrue(err().contains("  llinell 3: nid yw'r ffeil yn destun UTF-8")
                && err().contains("  line 3: the file is not UTF-8 text"), err());

        assertEquals(2, run("import", dir.resolve("missing.csv").toString()), "a wrong command line");
        assertTrue(err().contains("no such file"), err());

        assertEquals(0, run("list"), err());
        assertEquals("nid oes cyfrifon wedi'u mewnforio eto\nno counts imported yet\n", out());
    }
}
