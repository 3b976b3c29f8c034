package io.tributary.connect.common.converter;

import org.apache.kafka.connect.data.Schema;

import java.util.Locale;

/** The type names of the envelope's schema form ({@code "int32"}, {@code "float"}, {@code "double"}, ...). */
final class SchemaNames {

    private SchemaNames() {
    }

    static String of(Schema.Type type) {
        return switch (type) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}
