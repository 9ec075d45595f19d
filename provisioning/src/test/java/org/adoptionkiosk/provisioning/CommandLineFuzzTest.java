package org.adoptionkiosk.provisioning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded fuzz of the command line: random argument lists built from the real commands, option
 * names and values, and junk. Whatever they are, the tool exits 0, 1 or 2, never shows a stack
 * trace, and a failure is exactly one line on standard error. Each case runs in this JVM; every
 * {@value #PROCESS_EVERY}th also as a process of its own (where a library's own console output
 * would show). Another seed: {@code -Dfuzz.seed=N}; more cases: {@code -Dfuzz.cases=N}.
 */
class CommandLineFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 300);
    private static final int PROCESS_EVERY = 30;

    private static final String[] COMMANDS = {"hub", "init", "device", "add", "batch", "revoke", "list", "--help",
            "-h", "frobnicate", "", "hub init", "device add"};
    /** Options whose value is a path: only paths in the test's folder (or harmless ones) are given. */
    private static final String[] PATH_OPTIONS = {"dir", "data", "regions", "reload-pid-file", "out",
            "key-passphrase-file"};
    private static final String[] OTHER_OPTIONS = {"jdbc-url", "jdbc-user", "jdbc-password", "region", "site",
            "name", "id", "staff-pin-hash", "broker-host", "broker-port", "broker-bind", "broker-user"};
    private static final String[] FLAGS = {"client-cert", "staff-pin-stdin", "help", "colour", "verbose"};
    private static final String[] VALUES = {"north-wales", "north-wales-hub", "western-bay", "western-bay-hub",
            "atlantis", "localhost", "127.0.0.1", "localhost,127.0.0.1", "::1", "bad host", "8883", "0", "99999",
            "-1", "x", "", " ", "-", "--", "=", "é", "Eisteddfod stand 1", "kiosk-abcdefgh", "kiosk-fuzz01", "hub",
            "Bad/Id", "a,b", "mosquitto", "Not A User", "root", "1234", "jdbc:h2:mem:fuzz", "jdbc:mysql://db/x",
            "jdbc:postgresql://127.0.0.1:1/x", "jdbc:h2:file:/proc/x/hub", "sa", "secret", "\t", "line\nbreak",
            "$7$1000$abc$def", "pbkdf2-sha256$600000$abc$def", "y".repeat(300)};
    private static final String[] JUNK = {"extra", "--", "-x", "--=", "--colour", "--region=", "--id=kiosk-x",
            "--broker-port=x", "kiosk-abcdefgh", "device", "list", "--help"};

    @Test
    void randomCommandLinesExitZeroOneOrTwoWithoutAStackTraceAndFailInOneLine(@TempDir Path tmp) throws Exception {
        Tool tool = new Tool(tmp.resolve("prov"), tmp.resolve("hub"), Map.of());
        tool.hubInit(8883);
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder\n");
        Path csv = tmp.resolve("good.csv");
        Files.writeString(csv, "region,site,name\nnorth-wales,north-wales-hub,Stand\n");
        Path badCsv = tmp.resolve("bad.csv");
        Files.writeString(badCsv, "region,site\natlantis,nowhere\n");
        Path regions = tmp.resolve("regions.json");
        Files.writeString(regions, "{\"not\": \"a regions map\"}");
        String[] paths = {tool.dir().toString(), tool.hubData().toString(), file.toString(), csv.toString(),
                regions.toString(), tmp.resolve("fresh").toString(), tmp.resolve("fresh-data").toString(),
                file.resolve("under-a-file").toString(), "/proc/x", "/nonexistent", tmp.toString(), ""};
        String[] positional = {csv.toString(), badCsv.toString(), file.toString(), "kiosk-abcdefgh", "kiosk-fuzz01", "x",
                "/proc/x"};

        Random rnd = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            List<String> args = new ArrayList<>();
            if (rnd.nextInt(4) == 0) {
                int words = rnd.nextInt(4);
                for (int w = 0; w < words; w++) {
                    args.addAll(List.of(pick(rnd, COMMANDS).split(" ", -1)));
                }
            } else {
                // Mostly a real command with sensible values, so the cases get past the parsing.
                switch (rnd.nextInt(6)) {
                    case 0 -> args.addAll(List.of("hub", "init", "--broker-host", pick(rnd, new String[] {"localhost",
                            "localhost,127.0.0.1", "mqtt.example.org"})));
                    case 1, 2 -> {
                        String[] place = pick(rnd, new String[] {"north-wales north-wales-hub",
                                "western-bay western-bay-hub"}).split(" ");
                        args.addAll(List.of("device", "add", "--region", place[0], "--site", place[1]));
                    }
                    case 3 -> args.addAll(List.of("device", "batch", pick(rnd, positional)));
                    case 4 -> args.addAll(List.of("device", "revoke", pick(rnd, positional)));
                    default -> args.addAll(List.of("device", "list"));
                }
            }
            int options = rnd.nextInt(rnd.nextBoolean() ? 3 : 7);
            boolean dir = false;
            boolean data = false;
            String[] own = ownOptions(args);
            for (int o = 0; o < options; o++) {
                int kind = rnd.nextInt(10);
                if (kind < 7 && own.length > 0) {
                    // Mostly the command's own options, so the cases get past "unknown option".
                    String name = pick(rnd, own);
                    if (FLAG_NAMES.contains(name)) {
                        args.add("--" + name);
                        continue;
                    }
                    boolean path = List.of(PATH_OPTIONS).contains(name);
                    dir |= name.equals("dir");
                    data |= name.equals("data");
                    option(rnd, args, name, path ? pick(rnd, paths) : pick(rnd, VALUES));
                } else if (kind < 8) {
                    String name = pick(rnd, PATH_OPTIONS);
                    dir |= name.equals("dir");
                    data |= name.equals("data");
                    option(rnd, args, name, pick(rnd, paths));
                } else if (kind < 9) {
                    option(rnd, args, pick(rnd, OTHER_OPTIONS), pick(rnd, VALUES));
                } else if (rnd.nextBoolean()) {
                    args.add("--" + pick(rnd, FLAGS));
                } else {
                    args.add(rnd.nextBoolean() ? pick(rnd, JUNK) : pick(rnd, positional));
                }
            }
            // Never the defaults (./kiosk-provisioning, ./data/hub): they are relative to where the tests run.
            if (!dir) {
                option(rnd, args, "dir", rnd.nextInt(3) == 0 ? tmp.resolve("fresh").toString() : tool.dir().toString());
            }
            if (!data) {
                option(rnd, args, "data", tool.hubData().toString());
            }
            if (rnd.nextInt(8) == 0) {
                // An option without its value, last.
                args.add("--" + pick(rnd, rnd.nextBoolean() ? PATH_OPTIONS : OTHER_OPTIONS));
            }
            String stdin = switch (rnd.nextInt(4)) {
                case 0 -> "2468\n";
                case 1 -> "";
                case 2 -> "12ab\n";
                default -> "123456789\n";
            };
            String what = "seed " + SEED + " case " + i + ": " + args;
            Tool.Result r = Tool.raw(Map.of(), stdin, args.toArray(String[]::new));
            if (Boolean.getBoolean("fuzz.verbose")) {
                System.out.println("FUZZ " + i + " exit " + r.code() + " " + r.err().lines().reduce((a, b) -> b).orElse(""));
            }
            check(r, what);
            if (i % PROCESS_EVERY == 0) {
                check(Tool.process(tmp, Map.of(), args.toArray(String[]::new)), what + " (as a process)");
            }
        }
    }

    private static final List<String> FLAG_NAMES = List.of(FLAGS);

    /** The option names of the command the arguments start with (none for anything else). */
    private static String[] ownOptions(List<String> args) {
        String command = args.size() >= 2 ? args.get(0) + " " + args.get(1) : "";
        String[] store = {"dir", "data", "jdbc-url", "jdbc-user", "jdbc-password", "regions"};
        return switch (command) {
            case "hub init" -> new String[] {"broker-host", "broker-port", "broker-bind", "broker-user", "dir", "data",
                    "key-passphrase-file"};
            case "device add" -> concat(store, "reload-pid-file", "region", "site", "name", "id", "client-cert",
                    "staff-pin-hash", "staff-pin-stdin", "out");
            case "device batch" -> concat(store, "reload-pid-file", "client-cert", "staff-pin-hash", "staff-pin-stdin");
            case "device revoke" -> concat(store, "reload-pid-file");
            case "device list" -> store;
            default -> new String[0];
        };
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }

    private static void check(Tool.Result r, String what) {
        assertTrue(r.code() >= 0 && r.code() <= 2, what + ": exit " + r);
        Tool.noStackTrace(r, what);
        if (r.code() != 0) {
            Tool.assertOneLineFailure(r, what);
        }
    }

    private static void option(Random rnd, List<String> args, String name, String value) {
        if (rnd.nextInt(3) == 0) {
            args.add("--" + name + "=" + value);
        } else {
            args.add("--" + name);
            args.add(value);
        }
    }

    private static String pick(Random rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }
}
