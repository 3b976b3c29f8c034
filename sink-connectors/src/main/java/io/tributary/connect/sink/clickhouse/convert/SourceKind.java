package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/** What a Connect field holds, with the logical types told apart from the primitive types carrying them. */
enum SourceKind {
    INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES,
    DECIMAL, DATE, TIME, TIMESTAMP,
    ARRAY, MAP, STRUCT;

    static SourceKind of(Schema schema) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return DECIMAL;
                case Date.LOGICAL_NAME:
                    return DATE;
                case Time.LOGICAL_NAME:
                    return TIME;
                case Timestamp.LOGICAL_NAME:
                    return TIMESTAMP;
                default:
                    break;
            }
        }
        return valueOf(schema.type().name());
    }

    boolean isInteger() {
        return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** How messages name it: the logical type's short name, or the schema type. */
    String label() {
        switch (this) {
            case DECIMAL:
                return "Decimal";
            case DATE:
                return "Date";
            case TIME:
                return "Time";
            case TIMESTAMP:
                return "Timestamp";
            default:
                return name();
        }
    }
}
