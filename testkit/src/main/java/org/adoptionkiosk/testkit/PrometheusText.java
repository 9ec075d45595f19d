package org.adoptionkiosk.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scrape in Prometheus text format (0.0.4), read back into samples, so a test can ask what a
 * {@code /metrics} answered: {@code get("adoption_hub_batches_total", "outcome", "stored")}.
 */
public final class PrometheusText {
    /** One line: a series and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        /** True when every given label has the given value (others may be there too). */
        public boolean has(String... labelPairs) {
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(labels.get(labelPairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String text;
    private final List<Sample> samples;

    private PrometheusText(String text, List<Sample> samples) {
        this.text = text;
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(text, samples);
    }

    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Every series name (a histogram's {@code _bucket}, {@code _count} and {@code _sum} each). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The samples of {@code name} that have the given labels. */
    public List<Sample> all(String name, String... labelPairs) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labelPairs)).toList();
    }

    /** The one sample of {@code name} with the given labels, if there is one. */
    public Optional<Double> find(String name, String... labelPairs) {
        List<Sample> found = all(name, labelPairs);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " series of " + name + " match " + List.of(labelPairs)
                    + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    /** The one sample's value; an AssertionError naming what is there when it is missing. */
    public double get(String name, String... labelPairs) {
        return find(name, labelPairs).orElseThrow(() -> new AssertionError("no series " + name
                + List.of(labelPairs) + " in the scrape; of " + name + " there are: " + all(name)));
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                i = eq + 2; // past ="
                StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        char next = line.charAt(++i);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                labels.put(key, value.toString());
                i++; // past the closing quote
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++; // past }
        }
        String[] rest = line.substring(i).strip().split(" ");
        return new Sample(name, labels, parseValue(rest[0]));
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }
}
