package io.tributary.connect.sink.clickhouse.convert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ClickHouse column type as {@code DESCRIBE TABLE} prints it, parsed into its kind and parameters. Types this
 * package cannot write (and any text it cannot read) parse to {@link Kind#UNSUPPORTED}, keeping the text, so the
 * caller can name the column instead of failing on the whole table.
 */
public final class ClickHouseType {

    /** The type families; the integer kinds know their width and signedness. */
    public enum Kind {
        INT8(8, true), INT16(16, true), INT32(32, true), INT64(64, true), INT128(128, true), INT256(256, true),
        UINT8(8, false), UINT16(16, false), UINT32(32, false), UINT64(64, false), UINT128(128, false),
        UINT256(256, false),
        FLOAT32, FLOAT64, DECIMAL, BOOL,
        STRING, FIXED_STRING, UUID, ENUM8, ENUM16, IPV4, IPV6,
        DATE, DATE32, DATETIME, DATETIME64,
        NULLABLE, LOW_CARDINALITY, ARRAY, MAP, TUPLE, NESTED,
        UNSUPPORTED;

        private final int bits;
        private final boolean signed;

        Kind() {
            this(0, false);
        }

        Kind(int bits, boolean signed) {
            this.bits = bits;
            this.signed = signed;
        }

        public boolean isInteger() {
            return bits > 0;
        }

        /** Width in bits of an integer kind; 0 for the others. */
        public int bits() {
            return bits;
        }

        public boolean isSigned() {
            return signed;
        }
    }

    private final Kind kind;
    private final String text;
    private final List<ClickHouseType> elements;
    private final List<String> elementNames;
    private final int precision;
    private final int scale;
    private final int length;
    private final String timeZone;
    private final Map<String, Integer> enumValues;

    private ClickHouseType(Kind kind, String text, List<ClickHouseType> elements, List<String> elementNames,
                           int precision, int scale, int length, String timeZone, Map<String, Integer> enumValues) {
        this.kind = kind;
        this.text = text;
        this.elements = List.copyOf(elements);
        this.elementNames = List.copyOf(elementNames);
        this.precision = precision;
        this.scale = scale;
        this.length = length;
        this.timeZone = timeZone;
        this.enumValues = Collections.unmodifiableMap(new LinkedHashMap<>(enumValues));
    }

    /** Parses a type as {@code DESCRIBE TABLE ... FORMAT TSV} prints it (after TSV unescaping). Never throws. */
    public static ClickHouseType parse(String text) {
        return TypeParser.parse(text);
    }

    static ClickHouseType simple(Kind kind, String text) {
        return new ClickHouseType(kind, text, List.of(), List.of(), 0, 0, 0, null, Map.of());
    }

    static ClickHouseType unsupported(String text) {
        return simple(Kind.UNSUPPORTED, text);
    }

    static ClickHouseType decimal(String text, int precision, int scale) {
        return new ClickHouseType(Kind.DECIMAL, text, List.of(), List.of(), precision, scale, 0, null, Map.of());
    }

    static ClickHouseType fixedString(String text, int length) {
        return new ClickHouseType(Kind.FIXED_STRING, text, List.of(), List.of(), 0, 0, length, null, Map.of());
    }

    /** DateTime (precision 0) or DateTime64(precision), with an optional time zone. */
    static ClickHouseType dateTime(Kind kind, String text, int precision, String timeZone) {
        return new ClickHouseType(kind, text, List.of(), List.of(), precision, 0, 0, timeZone, Map.of());
    }

    static ClickHouseType enumeration(Kind kind, String text, Map<String, Integer> values) {
        return new ClickHouseType(kind, text, List.of(), List.of(), 0, 0, 0, null, values);
    }

    /** Nullable, LowCardinality, Array (one element), Map (key, value), Tuple and Nested (with names). */
    static ClickHouseType composite(Kind kind, String text, List<ClickHouseType> elements, List<String> names) {
        return new ClickHouseType(kind, text, elements, names, 0, 0, 0, null, Map.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The type's text, as given to {@link #parse}. */
    public String text() {
        return text;
    }

    /** The element types: one for Nullable, LowCardinality and Array; key and value for Map; the members of Tuple
     * and Nested. Empty for the other kinds. */
    public List<ClickHouseType> elements() {
        return elements;
    }

    /** The single element type of Nullable, LowCardinality or Array. */
    public ClickHouseType element() {
        if (elements.size() != 1) {
            throw new IllegalStateException(text + " has no single element type");
        }
        return elements.get(0);
    }

    /** Member names of a named Tuple or of Nested; empty for an unnamed Tuple and for the other kinds. */
    public List<String> elementNames() {
        return elementNames;
    }

    /** Decimal precision P; DateTime64 precision (digits after the second); 0 otherwise. */
    public int precision() {
        return precision;
    }

    /** Decimal scale S; 0 otherwise. */
    public int scale() {
        return scale;
    }

    /** FixedString length N; 0 otherwise. */
    public int length() {
        return length;
    }

    /** The time zone a DateTime or DateTime64 column names, if any. */
    public Optional<String> timeZone() {
        return Optional.ofNullable(timeZone);
    }

    /** Enum names to values, in declaration order. */
    public Map<String, Integer> enumValues() {
        return enumValues;
    }

    /** Whether a value may be NULL: Nullable(T), or LowCardinality(Nullable(T)). */
    public boolean isNullable() {
        return kind == Kind.NULLABLE || kind == Kind.LOW_CARDINALITY && element().isNullable();
    }

    /** The type with LowCardinality and Nullable wrappers removed: what the value itself is written as. */
    public ClickHouseType valueType() {
        return kind == Kind.NULLABLE || kind == Kind.LOW_CARDINALITY ? element().valueType() : this;
    }

    /** Whether this type, and every type inside it, can be written. */
    public boolean isSupported() {
        if (kind == Kind.UNSUPPORTED) {
            return false;
        }
        for (ClickHouseType element : elements) {
            if (!element.isSupported()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClickHouseType && ((ClickHouseType) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
