package io.tributary.generator.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --name=value} flags. The command lines here take a handful of flags; a parser
 * library would add more configuration than it saves. Unknown flags are refused, naming the ones known.
 */
public final class Flags {

    private final Map<String, String> values = new HashMap<>();

    private Flags() {
    }

    public static Flags parse(String[] args, int from, Set<String> known) {
        Flags flags = new Flags();
        Set<String> seen = new HashSet<>();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + " (known: --" + String.join(", --",
                        new java.util.TreeSet<>(known)) + ")");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
            flags.values.put(name, value);
        }
        return flags;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public long longValue(String name, long fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + v + "'");
        }
    }

    public double doubleValue(String name, double fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number, not '" + v + "'");
        }
    }
}
