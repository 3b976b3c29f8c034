package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.ClickHouseType.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads type text: a name, optionally followed by arguments in parentheses. Arguments are split at top-level commas
 * (outside parentheses and quotes) and read per type: types, {@code name Type} members, numbers, or quoted strings
 * where quotes inside are escaped as {@code \'} (how the server prints them) or doubled.
 */
final class TypeParser {

    private static final Map<String, Kind> SIMPLE = new LinkedHashMap<>();

    static {
        for (Kind kind : new Kind[] {Kind.INT8, Kind.INT16, Kind.INT32, Kind.INT64, Kind.INT128, Kind.INT256,
                Kind.UINT8, Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.UINT128, Kind.UINT256}) {
            String name = kind.name();
            SIMPLE.put(name.startsWith("U") ? "UInt" + name.substring(4) : "Int" + name.substring(3), kind);
        }
        SIMPLE.put("Float32", Kind.FLOAT32);
        SIMPLE.put("Float64", Kind.FLOAT64);
        SIMPLE.put("Bool", Kind.BOOL);
        SIMPLE.put("String", Kind.STRING);
        SIMPLE.put("UUID", Kind.UUID);
        SIMPLE.put("IPv4", Kind.IPV4);
        SIMPLE.put("IPv6", Kind.IPV6);
        SIMPLE.put("Date", Kind.DATE);
        SIMPLE.put("Date32", Kind.DATE32);
    }

    private TypeParser() {
    }

    static ClickHouseType parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        try {
            return parseType(trimmed);
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            return ClickHouseType.unsupported(trimmed);
        }
    }

    private static ClickHouseType parseType(String text) {
        int open = text.indexOf('(');
        if (open < 0) {
            if ("DateTime".equals(text)) {
                return ClickHouseType.dateTime(Kind.DATETIME, text, 0, null);
            }
            Kind kind = SIMPLE.get(text);
            return kind == null ? ClickHouseType.unsupported(text) : ClickHouseType.simple(kind, text);
        }
        if (!text.endsWith(")")) {
            throw new IllegalArgumentException("no closing parenthesis");
        }
        String name = text.substring(0, open).trim();
        List<String> args = splitArguments(text.substring(open + 1, text.length() - 1));
        switch (name) {
            case "Nullable":
                return composite(Kind.NULLABLE, text, args, 1);
            case "LowCardinality":
                return composite(Kind.LOW_CARDINALITY, text, args, 1);
            case "Array":
                return composite(Kind.ARRAY, text, args, 1);
            case "Map":
                return composite(Kind.MAP, text, args, 2);
            case "Tuple":
                return members(Kind.TUPLE, text, args);
            case "Nested":
                return members(Kind.NESTED, text, args);
            case "Decimal":
                return ClickHouseType.decimal(text, integer(args, 0),
                        args.size() > 1 ? integer(args, 1) : 0);
            case "Decimal32":
                return ClickHouseType.decimal(text, 9, integer(args, 0));
            case "Decimal64":
                return ClickHouseType.decimal(text, 18, integer(args, 0));
            case "Decimal128":
                return ClickHouseType.decimal(text, 38, integer(args, 0));
            case "Decimal256":
                return ClickHouseType.decimal(text, 76, integer(args, 0));
            case "FixedString":
                return ClickHouseType.fixedString(text, integer(args, 0));
            case "DateTime":
                return ClickHouseType.dateTime(Kind.DATETIME, text, 0, quoted(args.get(0)));
            case "DateTime64":
                return ClickHouseType.dateTime(Kind.DATETIME64, text, integer(args, 0),
                        args.size() > 1 ? quoted(args.get(1)) : null);
            case "Enum8":
                return ClickHouseType.enumeration(Kind.ENUM8, text, enumValues(args));
            case "Enum16":
                return ClickHouseType.enumeration(Kind.ENUM16, text, enumValues(args));
            default:
                return ClickHouseType.unsupported(text);
        }
    }

    private static ClickHouseType composite(Kind kind, String text, List<String> args, int arity) {
        if (args.size() != arity) {
            throw new IllegalArgumentException(kind + " takes " + arity + " types");
        }
        List<ClickHouseType> elements = new ArrayList<>(arity);
        for (String arg : args) {
            elements.add(parseType(arg));
        }
        return ClickHouseType.composite(kind, text, elements, List.of());
    }

    /** Tuple and Nested members: {@code Type} or {@code name Type}; a tuple is named when every member is. */
    private static ClickHouseType members(Kind kind, String text, List<String> args) {
        List<ClickHouseType> types = new ArrayList<>(args.size());
        List<String> names = new ArrayList<>(args.size());
        for (String arg : args) {
            String[] member = splitMemberName(arg);
            if (member[0] != null) {
                names.add(member[0]);
            }
            types.add(parseType(member[1]));
        }
        if (kind == Kind.NESTED && names.size() != types.size()) {
            throw new IllegalArgumentException("Nested members need names");
        }
        return ClickHouseType.composite(kind, text, types, names.size() == types.size() ? names : List.of());
    }

    /** {@code [name, type]}; name is null when the member has none. Names may be quoted with backticks or ". */
    private static String[] splitMemberName(String member) {
        char first = member.charAt(0);
        if (first == '`' || first == '"') {
            int end = closingQuote(member, 0);
            return new String[] {unquote(member.substring(0, end + 1)), member.substring(end + 1).trim()};
        }
        for (int i = 0; i < member.length(); i++) {
            char c = member.charAt(i);
            if (c == '(') {
                break;
            }
            if (Character.isWhitespace(c)) {
                return new String[] {member.substring(0, i), member.substring(i).trim()};
            }
        }
        return new String[] {null, member};
    }

    private static Map<String, Integer> enumValues(List<String> args) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String arg : args) {
            int end = closingQuote(arg, 0);
            String rest = arg.substring(end + 1).trim();
            if (!rest.startsWith("=")) {
                throw new IllegalArgumentException("enum member without a value");
            }
            values.put(unquote(arg.substring(0, end + 1)), Integer.parseInt(rest.substring(1).trim()));
        }
        return values;
    }

    private static int integer(List<String> args, int index) {
        return Integer.parseInt(args.get(index).trim());
    }

    private static String quoted(String arg) {
        if (arg.isEmpty() || arg.charAt(0) != '\'' || closingQuote(arg, 0) != arg.length() - 1) {
            throw new IllegalArgumentException("not a quoted string");
        }
        return unquote(arg);
    }

    /** The index of the quote closing the one at {@code start}; skips backslash escapes and doubled quotes. */
    private static int closingQuote(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unterminated quote");
    }

    private static String unquote(String quotedText) {
        char quote = quotedText.charAt(0);
        StringBuilder out = new StringBuilder(quotedText.length());
        for (int i = 1; i < quotedText.length() - 1; i++) {
            char c = quotedText.charAt(i);
            if (c == '\\' || c == quote) {
                i++;
                c = quotedText.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Splits at commas outside parentheses and quotes; trims each argument. */
    static List<String> splitArguments(String text) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                i = closingQuote(text, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("unbalanced parentheses");
                }
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced parentheses");
        }
        String last = text.substring(start).trim();
        if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
        }
        for (String arg : args) {
            if (arg.isEmpty()) {
                throw new IllegalArgumentException("empty argument");
            }
        }
        return args;
    }
}
