package org.adoptionkiosk.testkit;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * docs/configuration.md is made from the tools' own usage (picocli's), so it cannot say anything
 * the tools do not. Each tool's module has a test that renders its section and compares it with
 * the file, failing with what differs; with {@code -Ddocs.regenerate=true} the test writes its
 * section instead. A section sits between {@code <!-- begin NAME -->} and {@code <!-- end NAME -->}.
 */
public final class ConfigurationDoc {
    /** {@code -Ddocs.regenerate=true}: write the sections instead of comparing them. */
    public static final String REGENERATE = "docs.regenerate";
    private static final String FILE = "docs/configuration.md";

    private ConfigurationDoc() {
    }

    /**
     * A tool's section: a heading, then each of its commands with its usage, as {@code --help}
     * prints it.
     *
     * @param commands the tool's command and each of its subcommands
     */
    public static String section(String heading, String intro, List<CommandLine> commands) {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(heading).append("\n\n").append(intro.strip()).append("\n");
        for (CommandLine c : commands) {
            b.append("\n### `").append(c.getCommandSpec().qualifiedName()).append("`\n\n```text\n");
            for (String line : c.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R", -1)) {
                b.append(line.stripTrailing()).append('\n');
            }
            while (b.toString().endsWith("\n\n")) {
                b.setLength(b.length() - 1);
            }
            b.append("```\n");
        }
        return b.toString();
    }

    /**
     * Compares the section {@code name} of docs/configuration.md with {@code markdown}, or writes
     * it there with {@code -Ddocs.regenerate=true}.
     *
     * @param how the command that regenerates this section, for the failure message
     * @throws AssertionError naming the first line that differs and how to regenerate
     */
    public static void check(String name, String markdown, String how) {
        Path file = file();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String begin = "<!-- begin " + name + " -->\n";
        String end = "<!-- end " + name + " -->\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String regenerate = " To bring it up to date: " + how + " -D" + REGENERATE + "=true";
        if (Boolean.getBoolean(REGENERATE)) {
            String updated = from < 0 || to < from
                    ? text + (text.endsWith("\n") ? "" : "\n") + "\n" + begin + markdown + end
                    : text.substring(0, from + begin.length()) + markdown + text.substring(to);
            try {
                Files.writeString(file, updated, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (from < 0 || to < from) {
            throw new AssertionError(FILE + " has no section " + name + " (" + begin.strip() + " ... "
                    + end.strip() + ")." + regenerate);
        }
        String written = text.substring(from + begin.length(), to);
        if (!written.equals(markdown)) {
            throw new AssertionError(FILE + " does not say what the " + name + " command line does: "
                    + firstDifference(written, markdown) + "." + regenerate);
        }
    }

    private static String firstDifference(String written, String usage) {
        String[] a = written.split("\n", -1);
        String[] b = usage.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String was = i < a.length ? a[i] : "(nothing)";
            String is = i < b.length ? b[i] : "(nothing)";
            if (!was.equals(is)) {
                return "line " + (i + 1) + " of the section is '" + was + "' where the usage has '" + is + "'";
            }
        }
        return "they differ";
    }

    /** docs/configuration.md of the project these tests run in (they run in a module's folder). */
    private static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(FILE);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError("no " + FILE + " above " + Path.of("").toAbsolutePath());
    }
}
