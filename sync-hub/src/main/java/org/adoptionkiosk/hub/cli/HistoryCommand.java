package org.adoptionkiosk.hub.cli;

import com.zaxxer.hikari.HikariDataSource;
import org.adoptionkiosk.hub.history.CsvProblem;
import org.adoptionkiosk.hub.history.HistoryFile;
import org.adoptionkiosk.hub.history.HistoryImport;
import org.adoptionkiosk.hub.history.ReportedHalf;
import org.adoptionkiosk.hub.store.DataDirectory;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code java -jar sync-hub.jar history import FILE | list}: the counts the service's performance
 * system reported from before the kiosks, which the half-year report shows as "reported" beside the
 * years the kiosks captured. A file with any problem changes nothing, and every problem is said with
 * its line and column, in Welsh and then in English (staff read these). Exit 0 when done, 2 for a
 * wrong command line, 1 otherwise.
 */
@Command(name = "history", description = {
        "The counts reported from before the kiosks (the service's performance system, since 2014): enquiries "
                + "and, where known, approvals per region per half of a business year. The half-year report shows "
                + "them as \"reported\" beside the years the kiosks captured.",
        "With the hub on H2 (its default store), run these while the hub is stopped: one process at a time opens "
                + "the H2 file."})
public final class HistoryCommand implements Callable<Integer> {
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** Far more than 20 years of every region's halves: anything bigger is the wrong file. */
    static final long MAX_BYTES = 1024 * 1024;
    private static final String PREFIX = "sync-hub: ";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneId.of("UTC"));

    @Spec
    CommandSpec spec;

    private final StoreOptions store;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    /** @param store the hub's store options (given to {@code history} or to any command above it) */
    public HistoryCommand(StoreOptions store, PrintStream out, PrintStream err) {
        this(store, out, err, Clock.systemUTC());
    }

    /** @param clock says which halves have begun, and stamps the import */
    public HistoryCommand(StoreOptions store, PrintStream out, PrintStream err, Clock clock) {
        this.store = store;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        throw Cli.needsCommand(spec);
    }

    @Command(name = "import", description = {
            "Imports a CSV file with the header " + HistoryFile.HEADER + " (see docs/hub.md): UTF-8, one row per "
                    + "region, business year (2014-15) and half (H1 April-September, H2 October-March); approvals "
                    + "empty when unknown.",
            "All or nothing: a file with any problem changes nothing, and every problem is listed with its line and "
                    + "column. A half already held gets the file's counts; importing the same file again changes "
                    + "nothing."})
    int importFile(@Parameters(paramLabel = "FILE", description = "the CSV file") String file) {
        Path path = Cli.orMisuse(spec, () -> Cli.readableFile("FILE", file));
        RegionMap regions = Cli.orMisuse(spec, store::regions);
        String name = path.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                return failure("mae " + name + " yn fwy nag 1 MiB: nid dyma'r ffeil gywir, siŵr o fod",
                        name + " is larger than 1 MiB: surely not the right file");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return failure("ni ellir darllen " + name + ": " + Cli.firstLine(e.getMessage()),
                    name + " cannot be read: " + Cli.firstLine(e.getMessage()));
        }
        HistoryFile.Read read = HistoryFile.read(bytes, regions, LocalDate.now(clock.withZone(ZONE)));
        if (!read.ok()) {
            int n = read.problemCount();
            err.println(PREFIX + "ni fewnforiwyd dim o " + name + ": " + n + " problem");
            err.println(PREFIX + "nothing was imported from " + name + ": " + n + " problem" + (n == 1 ? "" : "s"));
            for (CsvProblem p : read.problems()) {
                err.println("  " + p.inWelsh());
                err.println("  " + p.inEnglish());
            }
            int more = n - read.problems().size();
            if (more > 0) {
                err.println("  … a " + more + " arall");
                err.println("  … and " + more + " more");
            }
            return Cli.FAILURE;
        }
        return withStore(history -> {
            HistoryImport.Outcome o;
            try {
                o = history.apply(read.halves(), name);
            } catch (HistoryImport.Collision e) {
                return failure("ysgrifennodd mewnforio arall yr un hanerau ar yr un pryd; ni newidiwyd dim: rhedwch hwn"
                                + " eto",
                        "another import wrote the same halves at the same time; nothing was changed: run this again");
            }
            boolean none = o.added() + o.changed() == 0;
            out.println("mewnforiwyd " + name + ": " + o.added() + " newydd, " + o.changed() + " wedi newid, "
                    + o.unchanged() + " heb newid" + (none ? " (ni newidiodd dim)" : ""));
            out.println("imported " + name + ": " + o.added() + " new, " + o.changed() + " changed, "
                    + o.unchanged() + " unchanged" + (none ? " (nothing changed)" : ""));
            return Cli.OK;
        });
    }

    @Command(name = "list", description = "Lists the halves held: the CSV's columns (approvals - when unknown), "
            + "then the file each came from and when.")
    int list() {
        return withStore(history -> {
            List<HistoryImport.Held> held = history.held();
            if (held.isEmpty()) {
                out.println("nid oes cyfrifon wedi'u mewnforio eto");
                out.println("no counts imported yet");
                return Cli.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("region", "business_year", "half", "enquiries", "approvals", "imported_from",
                    "imported_at"));
            for (HistoryImport.Held h : held) {
                ReportedHalf r = h.half();
                rows.add(List.of(r.region(), HistoryFile.yearLabel(r.businessYear()), "H" + r.half(),
                        Long.toString(r.enquiries()), r.approvals() == null ? "-" : Long.toString(r.approvals()),
                        h.importedFrom(), WHEN.format(h.importedAt())));
            }
            table(rows);
            return Cli.OK;
        });
    }

    /** Columns padded to their widest cell; the counts right-aligned. */
    private void table(List<List<String>> rows) {
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                boolean count = i == 3 || i == 4;
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                line.append(count ? pad + cell : cell + (i == row.size() - 1 ? "" : pad));
                if (i < row.size() - 1) {
                    line.append("  ");
                }
            }
            out.println(line);
        }
    }

    private int failure(String welsh, String english) {
        err.println(PREFIX + welsh);
        err.println(PREFIX + english);
        return Cli.FAILURE;
    }

    /** What a command does with the store; its exit code. */
    private interface Work {
        int on(HistoryImport history) throws SQLException;
    }

    private int withStore(Work work) {
        try {
            DataDirectory.createPrivate(store.dataDir());
        } catch (IOException e) {
            return failure("ni ellir gwneud y ffolder data " + store.dataDir() + ": " + e.getMessage(),
                    "cannot make the data directory " + store.dataDir() + ": " + e.getMessage());
        }
        String url = Cli.orMisuse(spec, store::jdbcUrl);
        try (HikariDataSource ds = HubDatabase.open(url, store.jdbcUser(), store.jdbcPassword())) {
            return work.on(new HistoryImport(ds, clock));
        } catch (SQLException | RuntimeException e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + Cli.firstLine(e.getMessage()));
            return failure("ni ellid defnyddio'r gronfa ddata; ni newidiwyd dim: " + why,
                    "the database could not be used; nothing was changed: " + why);
        }
    }
}
