package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Validators shared by every config class. Each message names the key and says what a good value looks like. */
public final class Validators {

    private Validators() {
    }

    /** One of the given words, case-insensitively; the docs list them in lower case, in the order given. */
    public static ConfigDef.Validator oneOf(String... values) {
        java.util.List<String> allowed = Arrays.stream(values).map(v -> v.toLowerCase(Locale.ROOT)).toList();
        String list = String.join(", ", allowed);
        return described("one of " + list, value -> value != null
                && allowed.contains(value.toString().trim().toLowerCase(Locale.ROOT).replace('_', '-'))
                ? null : "must be one of " + list);
    }

    /** One of an enum's constants, written in lower case with '-' for '_' (for example {@code at-least-once}). */
    public static <E extends Enum<E>> ConfigDef.Validator oneOf(Class<E> type) {
        return oneOf(Arrays.stream(type.getEnumConstants()).map(Validators::configName).toArray(String[]::new));
    }

    /** Reads a value checked by {@link #oneOf(Class)}. */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Enum.valueOf(type, wanted);
    }

    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String namesOf(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Validators::configName).collect(Collectors.joining(", "));
    }

    public static ConfigDef.Validator nonEmpty() {
        return new ConfigDef.NonEmptyString();
    }

    public static ConfigDef.Validator atLeast(Number min) {
        return ConfigDef.Range.atLeast(min);
    }

    public static ConfigDef.Validator between(Number min, Number max) {
        return ConfigDef.Range.between(min, max);
    }

    /** Exactly one character; {@code \t} is accepted for a tab. */
    public static ConfigDef.Validator singleCharacter() {
        return described("a single character (\\t for a tab)", value -> {
            String s = (String) value;
            return s != null && (s.length() == 1 || "\\t".equals(s)) ? null : "must be a single character";
        });
    }

    public static char character(String value) {
        return "\\t".equals(value) ? '\t' : value.charAt(0);
    }

    /** A glob as {@link java.nio.file.FileSystem#getPathMatcher} takes it, without the "glob:" prefix. */
    public static ConfigDef.Validator glob() {
        return described("a glob such as *.json or **/*.csv", value -> {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + value);
                return null;
            } catch (IllegalArgumentException e) {
                return "is not a valid glob: " + e.getMessage();
            }
        });
    }

    /** An absolute file system path; whether it exists is checked by the connector, where that matters. */
    public static ConfigDef.Validator absolutePath(boolean optional) {
        return described("an absolute path", value -> {
            if (value == null || ((String) value).isEmpty()) {
                return optional ? null : "must be set";
            }
            try {
                return Path.of((String) value).isAbsolute() ? null : "must be an absolute path";
            } catch (InvalidPathException e) {
                return "is not a valid path: " + e.getMessage();
            }
        });
    }

    /**
     * A validator from a check that returns null when the value is good, or the reason it is not. The reason is
     * shown after the key name, e.g. {@code Invalid value x for configuration file.glob: is not a valid glob}.
     */
    public static ConfigDef.Validator described(String description, Function<Object, String> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String problem = check.apply(value);
                if (problem != null) {
                    throw new ConfigException(name, value, problem);
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
