package io.tributary.connect.transforms.base;

import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.Template;
import org.apache.kafka.common.config.ConfigDef;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Validators for the values transforms take: field paths, lists of them, templates, time patterns and zones. */
public final class FieldPaths {

    private FieldPaths() {
    }

    public static ConfigDef.Validator path() {
        return Validators.described("a field path such as user.id or items[*].sku", value -> {
            try {
                FieldPath.parse((String) value);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }

    public static ConfigDef.Validator optionalPath() {
        return Validators.described("empty, or a field path such as user.id", value ->
                value == null || ((String) value).isBlank() ? null : problem(() -> FieldPath.parse((String) value)));
    }

    public static ConfigDef.Validator pathList() {
        return Validators.described("a comma-separated list of field paths", value -> {
            for (Object path : (List<?>) value) {
                String problem = problem(() -> FieldPath.parse(path.toString().trim()));
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        });
    }

    public static ConfigDef.Validator template() {
        return Validators.described("text with ${field.path} placeholders", value ->
                problem(() -> Template.parse((String) value)));
    }

    public static ConfigDef.Validator timePattern() {
        return Validators.described("a java.time pattern", value ->
                problem(() -> DateTimeFormatter.ofPattern((String) value)));
    }

    public static ConfigDef.Validator zone() {
        return Validators.described("a time zone id such as UTC or Europe/Berlin", value ->
                problem(() -> ZoneId.of((String) value)));
    }

    private static String problem(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? "is not valid" : e.getMessage();
        }
    }
}
