package org.adoptionkiosk.provisioning;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's arguments: {@code --name value}, {@code --name=value}, flags, and positional
 * arguments. Every mistake is a {@link UsageError} naming the option.
 */
final class Args {
    private final Map<String, String> values;
    private final List<String> positional;

    private Args(Map<String, String> values, List<String> positional) {
        this.values = values;
        this.positional = positional;
    }

    static Args parse(List<String> args, Set<String> valueOptions, Set<String> flags) throws UsageError {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageError("--" + name + " takes no value");
                }
                value = "true";
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageError("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (value.isBlank()) {
                    throw new UsageError("--" + name + " needs a value");
                }
            } else {
                throw new UsageError("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageError("--" + name + " is given twice");
            }
        }
        return new Args(values, positional);
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name, String hint) throws UsageError {
        String v = values.get(name);
        if (v == null) {
            throw new UsageError("--" + name + " is required" + (hint == null ? "" : ": " + hint));
        }
        return v;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int port(String name, int fallback) throws UsageError {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageError("--" + name + " must be a port number from 1 to 65535, not '" + v + "'");
    }

    /** A path option (or the fallback), absolute; a value no path can be is a usage error. */
    Path path(String name, String fallback) throws UsageError {
        String v = values.getOrDefault(name, fallback);
        try {
            return Path.of(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageError("--" + name + " '" + v + "' is not a usable path");
        }
    }

    List<String> positional() {
        return positional;
    }

    /** The named options among those given, as {@code --name value} pairs (for the hub's own parser). */
    List<String> passOn(Set<String> names) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (names.contains(e.getKey())) {
                out.add("--" + e.getKey());
                out.add(e.getValue());
            }
        }
        return out;
    }
}
