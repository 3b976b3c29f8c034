package io.tributary.connect.sink.clickhouse.convert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value each type holds when nothing was given: what ClickHouse itself fills in for a column without a DEFAULT.
 * Numbers, dates and UUIDs are zero, strings and arrays empty, an Enum its smallest value, a Tuple its members'
 * zeros, and a Nullable NULL.
 */
final class ZeroValues {

    private ZeroValues() {
    }

    static ValueWriter of(ClickHouseType type) {
        if (type.kind().isInteger()) {
            int width = type.kind().bits() / 8;
            return (out, ignored) -> out.writeZeros(width);
        }
        switch (type.kind()) {
            case NULLABLE:
                return (out, ignored) -> out.writeByte(1);
            case LOW_CARDINALITY:
                return of(type.element());
            case FLOAT32:
            case DATE32:
            case IPV4:
                return (out, ignored) -> out.writeZeros(4);
            case FLOAT64:
            case DATETIME64:
                return (out, ignored) -> out.writeZeros(8);
            case BOOL:
                return (out, ignored) -> out.writeZeros(1);
            case DATE:
                return (out, ignored) -> out.writeZeros(2);
            case DATETIME:
                return (out, ignored) -> out.writeZeros(4);
            case UUID:
            case IPV6:
                return (out, ignored) -> out.writeZeros(16);
            case DECIMAL:
                int width = NumericWriters.decimalWidth(type.precision());
                return (out, ignored) -> out.writeZeros(width);
            case FIXED_STRING:
                return (out, ignored) -> out.writeZeros(type.length());
            case STRING:
            case ARRAY:
            case MAP:
            case NESTED:
                return (out, ignored) -> out.writeVarUInt(0);
            case ENUM8:
                int smallest8 = Collections.min(type.enumValues().values());
                return (out, ignored) -> out.writeByte(smallest8);
            case ENUM16:
                int smallest16 = Collections.min(type.enumValues().values());
                return (out, ignored) -> out.writeShort(smallest16);
            case TUPLE:
                List<ValueWriter> members = new ArrayList<>();
                for (ClickHouseType member : type.elements()) {
                    members.add(of(member));
                }
                return (out, ignored) -> {
                    for (ValueWriter member : members) {
                        member.write(out, null);
                    }
                };
            default:
                throw new IllegalArgumentException("no zero value for " + type);
        }
    }
}
