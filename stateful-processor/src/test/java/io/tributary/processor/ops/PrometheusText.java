package io.tributary.processor.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prometheus' text format as a scraper reads it: each sample's name, labels and value, and each family's type. Strict:
 * a line that is neither a comment nor a well-formed sample is an error, so malformed output fails the test.
 */
public record PrometheusText(Map<String, String> types, List<Sample> all) {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                types.put(parts[0], parts[1]);
            } else if (!line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(types, samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int i;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        } else {
            name = line.substring(0, space);
            i = space;
        }
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("Not a metric name: " + line);
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, Double.parseDouble(rest[0]));
    }

    public List<Sample> samples(String name) {
        return all.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one sample with exactly these labels. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = samples(name).stream().filter(s -> s.labels().equals(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError(name + labels + ": " + found.size() + " samples; with this name: " + samples(name));
        }
        return found.get(0).value();
    }

    /** The type of a family, by its sample name (a counter's family is named with or without _total). */
    public String type(String name) {
        String type = types.get(name);
        return type != null ? type : types.get(name.replaceFirst("_total$", ""));
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        all.forEach(s -> names.add(s.name()));
        return names;
    }

    public Set<String> labelNames() {
        Set<String> names = new TreeSet<>();
        all.forEach(s -> names.addAll(s.labels().keySet()));
        return names;
    }
}
