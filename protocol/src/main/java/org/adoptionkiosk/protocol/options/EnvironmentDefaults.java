package org.adoptionkiosk.protocol.options;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options the command line leaves out, from the environment: {@code --http-port} is
 * {@code PREFIX_HTTP_PORT} ({@code KIOSK_HTTP_PORT}, {@code HUB_HTTP_PORT}). A blank variable counts
 * as not set. A flag's variable is true, 1 or yes, or false, 0 or no. What the environment does not
 * say either comes from the {@code next} provider, if any (the kiosk's config bundle). Nothing is
 * looked up while help is being asked for, so a wrong variable never hides the help.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    private static final String SECTION = "environment";
    private static final String SECTION_HEADING = "environmentHeading";

    private final String prefix;
    private final Map<String, String> env;
    private final Set<String> options;
    private final CommandLine.IDefaultValueProvider next;

    /**
     * @param options the long option names ({@code --data}) that have a variable; other options have none
     * @param next    asked for what the environment does not set; may be null
     */
    public EnvironmentDefaults(String prefix, Map<String, String> env, Set<String> options,
                               CommandLine.IDefaultValueProvider next) {
        this.prefix = prefix;
        this.env = env;
        this.options = Set.copyOf(options);
        this.next = next;
    }

    /** Every option of the command {@code cl} (its help options aside) has a variable. */
    public static EnvironmentDefaults forAllOptionsOf(CommandLine cl, String prefix, Map<String, String> env,
                                                      CommandLine.IDefaultValueProvider next) {
        return new EnvironmentDefaults(prefix, env, longNames(cl.getCommandSpec().options()), next);
    }

    /** The long names of these options ({@code --data}), help options aside. */
    public static Set<String> longNames(List<OptionSpec> options) {
        Set<String> names = new LinkedHashSet<>();
        for (OptionSpec o : options) {
            if (!o.usageHelp() && !o.versionHelp()) {
                names.add(o.longestName());
            }
        }
        return names;
    }

    /** The variable of an option: {@code HUB_} and {@code --http-port} give {@code HUB_HTTP_PORT}. */
    public static String variable(String prefix, String option) {
        return prefix + option.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** This option's variable, or null when it has none. */
    public String variable(OptionSpec option) {
        return options.contains(option.longestName()) ? variable(prefix, option.longestName()) : null;
    }

    @Override
    public String defaultValue(ArgSpec arg) throws Exception {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        CommandLine cl = option.command().commandLine();
        if (cl != null && cl.isUsageHelpRequested()) {
            return null;
        }
        String name = variable(option);
        String value = name == null ? null : Cli.given(env.get(name));
        if (value == null) {
            return next == null ? null : next.defaultValue(arg);
        }
        return isFlag(option) ? flag(option, name, value) : value;
    }

    static boolean isFlag(OptionSpec option) {
        return option.arity().max() == 0 && (option.type() == boolean.class || option.type() == Boolean.class);
    }

    /** true, 1, yes or false, 0, no as picocli's true or false. */
    static String flag(OptionSpec option, String source, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> "true";
            case "false", "0", "no" -> "false";
            default -> throw new CommandLine.ParameterException(option.command().commandLine(),
                    option.longestName() + " / " + source + " must be true or false, not '" + value + "'");
        };
    }

    /**
     * Adds a section after the options to the usage of {@code cl} and each of its subcommands: the
     * variable of each option that has one, under {@code heading}.
     */
    public void describeIn(CommandLine cl, String heading) {
        for (CommandLine c : Cli.tree(cl)) {
            CommandLine.Model.UsageMessageSpec usage = c.getCommandSpec().usageMessage();
            List<String> keys = new ArrayList<>(usage.sectionKeys());
            if (!keys.contains(SECTION)) {
                int at = keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST);
                keys.add(at + 1, SECTION_HEADING);
                keys.add(at + 2, SECTION);
                usage.sectionKeys(keys);
            }
            usage.sectionMap().put(SECTION_HEADING, help -> table(help.commandSpec()).isEmpty() ? ""
                    : String.format("%n%s%n", heading));
            usage.sectionMap().put(SECTION, help -> table(help.commandSpec()));
        }
    }

    private String table(CommandLine.Model.CommandSpec spec) {
        StringBuilder b = new StringBuilder();
        for (OptionSpec o : spec.options()) {
            String name = o.hidden() ? null : variable(o);
            if (name != null) {
                b.append(String.format("  %-32s %s%n", name, o.longestName()));
            }
        }
        return b.toString();
    }
}
