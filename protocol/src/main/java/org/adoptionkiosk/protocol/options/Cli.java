package org.adoptionkiosk.protocol.options;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the command lines of the kiosk, the hub, provisioning and the benchmark have in common, in
 * one place: the usage's look, whole numbers and ports, and how a mistake is told. A wrong command
 * line is one line on standard error, {@code tool: what is wrong (see: command --help)}, and exit
 * {@value #MISUSE}; a failure is one line and exit {@value #FAILURE}.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int MISUSE = 2;
    /** Fixed, so the usage (and docs/configuration.md, made from it) is the same on every terminal. */
    public static final int USAGE_WIDTH = 100;
    private static final int LONG_OPTIONS_WIDTH = 30;

    private Cli() {
    }

    /**
     * Makes the program log through its own Logback file ({@code hub-logback.xml} and the like, on
     * the class path), before anything logs: the shaded jars that hold more than one program hold
     * more than one such file, so none of them can be the {@code logback.xml} Logback looks for by
     * itself. A {@code -Dlogback.configurationFile} given by the operator wins.
     */
    public static void useLogConfiguration(String resource) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", resource);
        }
    }

    /**
     * The settings every command line here shares, for {@code cl} and the subcommands it has now:
     * no {@code @file} expansion, whole numbers said in words, options in the order they are
     * declared, "usage:" headings and a fixed width.
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setExpandAtFiles(false);
        cl.setOverwrittenOptionsAllowed(false);
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.registerConverter(Integer.class, value -> (int) whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Integer.TYPE, value -> (int) whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Long.class, value -> whole(value, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.registerConverter(Long.TYPE, value -> whole(value, Long.MIN_VALUE, Long.MAX_VALUE));
        for (CommandLine c : tree(cl)) {
            UsageMessageSpec usage = c.getCommandSpec().usageMessage();
            usage.synopsisHeading("usage: ");
            usage.descriptionHeading("%n");
            usage.parameterListHeading("%nArguments:%n");
            usage.optionListHeading("%nOptions:%n");
            usage.commandListHeading("%nCommands:%n");
            usage.longOptionsMaxWidth(LONG_OPTIONS_WIDTH);
            usage.sortOptions(false);
            usage.sortSynopsis(false);
        }
        return cl;
    }

    /**
     * Where the command line's output goes and how its mistakes and failures are told: a wrong
     * command line as {@link #misuse}, exit 2; anything a command throws as {@code tool: message},
     * exit 1. {@code mask} sees each line before it is printed (to hide secrets).
     */
    public static CommandLine report(CommandLine cl, String tool, PrintStream out, PrintStream err,
                                     UnaryOperator<String> mask) {
        cl.setOut(writer(out));
        cl.setErr(writer(err));
        cl.setParameterExceptionHandler((e, args) -> {
            err.println(mask.apply(misuse(tool, e)));
            err.flush();
            return MISUSE;
        });
        cl.setExecutionExceptionHandler((e, where, parsed) -> {
            err.println(mask.apply(tool + ": " + firstLine(e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage())));
            err.flush();
            return FAILURE;
        });
        return cl;
    }

    /** {@code cl} and all its subcommands, depth first. */
    public static List<CommandLine> tree(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>();
        all.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getParent() == cl) {
                all.addAll(tree(sub));
            }
        }
        return all;
    }

    /**
     * Parses {@code args} into the command's annotated fields, for code that wants the values and
     * not a run: a wrong command line is an IllegalArgumentException with the one-line message.
     */
    public static void parse(CommandLine cl, String[] args) {
        try {
            cl.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** The line for a wrong command line: {@code tool: what is wrong (see: command --help)}. */
    public static String misuse(String tool, ParameterException e) {
        return tool + ": " + describe(e) + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help)";
    }

    /** A wrong command line in the tools' own words: one line, the option named first. */
    public static String describe(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-") && first.length() > 1) {
                int eq = first.indexOf('=');
                return "unknown option '" + (eq > 0 ? first.substring(0, eq) : first) + "'";
            }
            if (!spec.subcommands().isEmpty()) {
                String path = path(spec);
                return "unknown command '" + (path.isEmpty() ? "" : path + " ") + first + "'";
            }
            return "unexpected argument '" + first + "'";
        }
        if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return option.longestName() + " is given twice";
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (ArgSpec a : m.getMissing()) {
                names.add(a instanceof OptionSpec o ? o.longestName() : a.paramLabel());
            }
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Missing required option") || message.startsWith("Missing required parameter:")
                    || message.startsWith("Missing required parameters:")) {
                return String.join(" and ", names) + (names.size() == 1 ? " is required" : " are required");
            }
            return names.get(0) + " needs a value";
        }
        if (e.getArgSpec() instanceof OptionSpec option
                && e.getCause() instanceof CommandLine.TypeConversionException conversion) {
            return option.longestName() + " " + conversion.getMessage();
        }
        return firstLine(e.getMessage());
    }

    /** A ParameterException for a check of the command's own: exit 2, said as {@link #misuse}. */
    public static ParameterException misuse(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * What {@code check} makes of the parsed options; an IllegalArgumentException it throws (a
     * check of the command's own, naming the option) is a wrong command line, exit 2.
     */
    public static <T> T orMisuse(CommandSpec spec, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw misuse(spec, e.getMessage());
        }
    }

    /** For a command that only groups others: {@code device needs a command: add, list or revoke}. */
    public static ParameterException needsCommand(CommandSpec spec) {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        String path = path(spec);
        return misuse(spec, (path.isEmpty() ? "it" : path) + " needs a command: " + list);
    }

    /** The command's names below the tool's own: {@code device add}. */
    private static String path(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
            names.add(0, s.name());
        }
        return String.join(" ", names);
    }

    /**
     * A file an option names: it must exist and be readable.
     *
     * @throws IllegalArgumentException naming the option
     */
    public static Path readableFile(String option, String value) {
        Path file;
        try {
            file = Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a usable path");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(option + " " + value + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + value + ": not a readable file");
        }
        return file;
    }

    /**
     * The path an option names, absolute; null when none is given.
     *
     * @throws IllegalArgumentException naming the option when no path can be made of it
     */
    public static Path path(String option, String value) {
        String v = given(value);
        if (v == null) {
            return null;
        }
        try {
            return Path.of(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + " '" + v + "' is not a usable path");
        }
    }

    /** The value, or null when it is null or blank (a blank setting is one not given). */
    public static String given(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public static String firstLine(String s) {
        if (s == null) {
            return "no details";
        }
        int newline = s.indexOf('\n');
        return (newline < 0 ? s : s.substring(0, newline)).strip();
    }

    private static long whole(String value, long min, long max) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.TypeConversionException("must be a whole number, not '" + value + "'");
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** A port to listen on: 0 (any free port) to 65535. */
    public static final class ListenPort implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return port(value, 0);
        }
    }

    /** A port to reach or announce: 1 to 65535. */
    public static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return port(value, 1);
        }
    }

    private static int port(String value, int min) {
        try {
            int p = Integer.parseInt(value.strip());
            if (p >= min && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.TypeConversionException("must be a port number from " + min + " to 65535, not '"
                + value + "'");
    }
}
