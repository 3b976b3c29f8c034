package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.text.Regex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A quick "certainly valid" for schemaless records (maps, lists and scalars, as JsonConverter produces them), checked
 * straight on the values: no conversion to a JSON tree, no error collection. It answers only {@code true} (valid for
 * certain) or {@code false} (not known): a record it does not accept goes to the full validator (networknt), which
 * decides and names the violations. So the fast path may be stricter than JSON Schema, never looser.
 *
 * <p>It compiles only schemas built from the keywords most event schemas use: type, enum, const, required,
 * properties, additionalProperties, items (one schema), min/maxItems, min/maxLength, min/maxProperties, pattern,
 * minimum, maximum, exclusiveMinimum/Maximum (numbers), allOf, anyOf, local {@code $ref}s, format (date-time, date
 * and uuid checked strictly; an annotation only under draft 2020-12, as networknt treats it) and annotations. A
 * schema with any other keyword is not compiled, and every record goes to networknt. Where a rule has an edge the
 * two could read differently (an integral double under "integer", a number equal to a bound, a regex with Unicode
 * classes), the fast path declines rather than decide.
 *
 * <p>Written here because no validator checks Connect's schemaless values directly; networknt needs a Jackson tree,
 * and building one from a 1 KB map costs more than all the checks.
 */
final class JsonSchemaFastPath {

    /** One compiled (sub)schema: accepts a value only when certain it is valid. */
    interface Check {
        boolean accepts(Object value);
    }

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$anchor", "$comment", "title",
            "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "$defs", "definitions");
    private static final Check ALWAYS = value -> true;
    private static final Check NEVER = value -> false;

    private final Check root;

    private JsonSchemaFastPath(Check root) {
        this.root = root;
    }

    /** The fast path for a schema, or null when the schema uses something it does not check. */
    static JsonSchemaFastPath compile(JsonNode schema, boolean draft202012Default) {
        String dialect = schema.path("$schema").asText("");
        boolean formatIsAnnotation = dialect.isEmpty() ? draft202012Default : dialect.contains("/draft/2020-12/");
        try {
            return new JsonSchemaFastPath(new Compiler(schema, formatIsAnnotation, dialect.contains("draft-0")
                    || (dialect.isEmpty() && !draft202012Default)).compile(schema, true));
        } catch (Unsupported e) {
            return null;
        }
    }

    /** True when {@code value} is certainly valid; false when the full validator must decide. */
    boolean accepts(Object value) {
        return root.accepts(value);
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Compiler {
        private final JsonNode document;
        private final boolean formatIsAnnotation;
        private final boolean refOverridesSiblings;
        private final Map<String, Check[]> refs = new HashMap<>();

        Compiler(JsonNode document, boolean formatIsAnnotation, boolean refOverridesSiblings) {
            this.document = document;
            this.formatIsAnnotation = formatIsAnnotation;
            this.refOverridesSiblings = refOverridesSiblings;
        }

        Check compile(JsonNode node, boolean root) throws Unsupported {
            if (node.isBoolean()) {
                return node.booleanValue() ? ALWAYS : NEVER;
            }
            if (!node.isObject()) {
                throw new Unsupported("a schema that is not an object");
            }
            if (!root && (node.has("$id") || node.has("$schema"))) {
                throw new Unsupported("a nested $id or $schema");
            }
            if (node.has("$ref") && refOverridesSiblings && node.size() > 1) {
                throw new Unsupported("$ref with siblings before draft 2019-09");
            }
            List<Check> checks = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                String keyword = e.getKey();
                JsonNode arg = e.getValue();
                if (ANNOTATIONS.contains(keyword)) {
                    continue;
                }
                Check check = keyword(keyword, arg, node);
                if (check != null) {
                    checks.add(check);
                }
            }
            if (checks.isEmpty()) {
                return ALWAYS;
            }
            // Keyword checks read a value by its JSON kind; anything else (a Struct, a Date, bytes, a BigDecimal
            // inside a map) is declined here, so "not a map" below really means "not a JSON object".
            if (checks.size() == 1) {
                Check only = checks.get(0);
                return value -> plain(value) && only.accepts(value);
            }
            Check[] all = checks.toArray(new Check[0]);
            return value -> {
                if (!plain(value)) {
                    return false;
                }
                for (Check c : all) {
                    if (!c.accepts(value)) {
                        return false;
                    }
                }
                return true;
            };
        }

        private Check keyword(String keyword, JsonNode arg, JsonNode node) throws Unsupported {
            switch (keyword) {
                case "type": return type(arg);
                case "enum": return constants(arg);
                case "const": return constants(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(arg));
                case "required": return required(arg);
                case "properties": return properties(arg, node.get("additionalProperties"));
                case "additionalProperties":
                    if (node.has("patternProperties")) {
                        throw new Unsupported("patternProperties");
                    }
                    return node.has("properties") ? null : properties(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), arg);
                case "items": return items(arg, node);
                case "minItems": return listSize(nonNegative(arg), Integer.MAX_VALUE);
                case "maxItems": return listSize(0, nonNegative(arg));
                case "minProperties": return mapSize(nonNegative(arg), Integer.MAX_VALUE);
                case "maxProperties": return mapSize(0, nonNegative(arg));
                case "minLength": return length(nonNegative(arg), Integer.MAX_VALUE);
                case "maxLength": return length(0, nonNegative(arg));
                case "pattern": return pattern(arg);
                case "minimum": return bound(arg, true, false);
                case "maximum": return bound(arg, false, false);
                case "exclusiveMinimum": return bound(arg, true, true);
                case "exclusiveMaximum": return bound(arg, false, true);
                case "format": return format(arg);
                case "allOf": return allOf(arg);
                case "anyOf": return anyOf(arg);
                case "$ref": return ref(arg);
                default: throw new Unsupported("keyword " + keyword);
            }
        }

        private static int nonNegative(JsonNode arg) throws Unsupported {
            if (!arg.canConvertToInt() || !arg.isIntegralNumber() || arg.intValue() < 0) {
                throw new Unsupported("a size that is not a small non-negative integer");
            }
            return arg.intValue();
        }

        private static Check type(JsonNode arg) throws Unsupported {
            Set<String> types = new HashSet<>();
            if (arg.isTextual()) {
                types.add(arg.textValue());
            } else if (arg.isArray()) {
                for (JsonNode t : arg) {
                    types.add(t.asText());
                }
            } else {
                throw new Unsupported("type that is not a name or a list");
            }
            boolean object = types.remove("object");
            boolean array = types.remove("array");
            boolean string = types.remove("string");
            boolean number = types.remove("number");
            boolean integer = types.remove("integer");
            boolean bool = types.remove("boolean");
            boolean nul = types.remove("null");
            if (!types.isEmpty()) {
                throw new Unsupported("type " + types);
            }
            return value -> {
                if (value == null) {
                    return nul;
                }
                if (value instanceof String) {
                    return string;
                }
                if (value instanceof Map) {
                    return object;
                }
                if (value instanceof List) {
                    return array;
                }
                if (value instanceof Boolean) {
                    return bool;
                }
                if (isInteger(value)) {
                    return number || integer;
                }
                // A double: an integral one under "integer" is read differently by drafts; let the validator decide.
                return number && finite(value);
            };
        }

        private static Check constants(JsonNode arg) throws Unsupported {
            if (!arg.isArray()) {
                throw new Unsupported("enum that is not a list");
            }
            Set<String> strings = new HashSet<>();
            boolean hasNull = false;
            boolean hasTrue = false;
            boolean hasFalse = false;
            for (JsonNode v : arg) {
                if (v.isTextual()) {
                    strings.add(v.textValue());
                } else if (v.isNumber()) {
                    continue; // a number in the list: numeric values are left to the validator
                } else if (v.isNull()) {
                    hasNull = true;
                } else if (v.isBoolean()) {
                    hasTrue |= v.booleanValue();
                    hasFalse |= !v.booleanValue();
                } else {
                    throw new Unsupported("enum of objects or arrays");
                }
            }
            boolean nul = hasNull;
            boolean yes = hasTrue;
            boolean no = hasFalse;
            return value -> {
                if (value == null) {
                    return nul;
                }
                if (value instanceof String) {
                    return strings.contains(value);
                }
                if (value instanceof Boolean) {
                    return (Boolean) value ? yes : no;
                }
                // Numbers: whether 1 equals 1.0 is the validator's call.
                return false;
            };
        }

        private static Check required(JsonNode arg) throws Unsupported {
            if (!arg.isArray()) {
                throw new Unsupported("required that is not a list");
            }
            String[] names = new String[arg.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = arg.get(i).asText();
            }
            return value -> {
                if (!(value instanceof Map)) {
                    return true;
                }
                Map<?, ?> map = (Map<?, ?>) value;
                for (String name : names) {
                    if (!map.containsKey(name)) {
                        return false;
                    }
                }
                return true;
            };
        }

        private Check properties(JsonNode props, JsonNode additional) throws Unsupported {
            if (!props.isObject()) {
                throw new Unsupported("properties that is not an object");
            }
            Map<String, Check> known = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                known.put(e.getKey(), compile(e.getValue(), false));
            }
            Check others = additional == null ? ALWAYS : compile(additional, false);
            String[] names = known.keySet().toArray(new String[0]);
            Check[] checks = new Check[names.length];
            for (int i = 0; i < names.length; i++) {
                checks[i] = known.get(names[i]);
            }
            boolean checkOthers = others != ALWAYS;
            return value -> {
                if (!(value instanceof Map)) {
                    return true;
                }
                Map<?, ?> map = (Map<?, ?>) value;
                if (checkOthers) {
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        Object key = e.getKey();
                        if (!(key instanceof String)) {
                            return false;
                        }
                        Check check = known.get(key);
                        if (!(check == null ? others : check).accepts(e.getValue())) {
                            return false;
                        }
                    }
                    return true;
                }
                for (Object key : map.keySet()) {
                    if (!(key instanceof String)) {
                        return false;
                    }
                }
                for (int i = 0; i < names.length; i++) {
                    Object v = map.get(names[i]);
                    if ((v != null || map.containsKey(names[i])) && !checks[i].accepts(v)) {
                        return false;
                    }
                }
                return true;
            };
        }

        private Check items(JsonNode arg, JsonNode node) throws Unsupported {
            if (!arg.isObject() && !arg.isBoolean()) {
                throw new Unsupported("items as a list (tuples)");
            }
            if (node.has("prefixItems") || node.has("additionalItems")) {
                throw new Unsupported("prefixItems or additionalItems");
            }
            Check each = compile(arg, false);
            return value -> {
                if (!(value instanceof List)) {
                    return true;
                }
                List<?> list = (List<?>) value;
                if (list instanceof java.util.RandomAccess) {
                    for (int i = 0, n = list.size(); i < n; i++) {
                        if (!each.accepts(list.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }
                for (Object element : list) {
                    if (!each.accepts(element)) {
                        return false;
                    }
                }
                return true;
            };
        }

        private static Check listSize(int min, int max) {
            return value -> !(value instanceof List) || (((List<?>) value).size() >= min && ((List<?>) value).size() <= max);
        }

        private static Check mapSize(int min, int max) {
            return value -> !(value instanceof Map) || (((Map<?, ?>) value).size() >= min && ((Map<?, ?>) value).size() <= max);
        }

        private static Check length(int min, int max) {
            return value -> {
                if (!(value instanceof String)) {
                    return true;
                }
                String s = (String) value;
                int n = s.length();
                if (n >= min && n <= max && (n <= min || noSurrogates(s))) {
                    // Without surrogate pairs, chars are code points (what JSON Schema counts).
                    return true;
                }
                int codePoints = s.codePointCount(0, n);
                return codePoints >= min && codePoints <= max;
            };
        }

        private static boolean noSurrogates(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isSurrogate(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static Check pattern(JsonNode arg) throws Unsupported {
            String regex = arg.asText();
            // Character classes that differ between ECMA-262 (the spec's dialect) and Java, lookbehind and flags:
            // left to the validator.
            if (regex.contains("\\s") || regex.contains("\\S") || regex.contains("\\p") || regex.contains("\\P")
                    || regex.contains("(?") && regex.replace("(?:", "").contains("(?") || regex.contains("\\u")
                    || regex.contains("\\c") || regex.contains("[^]") || regex.contains("\\Q")) {
                throw new Unsupported("a pattern with constructs ECMA-262 and Java read differently");
            }
            Regex compiled;
            try {
                // '$' ends the input in ECMA-262; in Java it also matches before a final line break.
                compiled = Regex.compile(dollarsAsEndOfInput(regex));
            } catch (RuntimeException e) {
                throw new Unsupported("a pattern Java cannot compile");
            }
            return value -> !(value instanceof String) || compiled.find((String) value);
        }

        private static Check bound(JsonNode arg, boolean lower, boolean exclusive) throws Unsupported {
            if (!arg.isNumber()) {
                throw new Unsupported("a bound that is not a number (draft-04 style)");
            }
            // Comparing doubles is exact here except when the value and the bound round to the same double, which
            // is declined: rounding is monotonic, so a value above the bound's double is above the bound itself.
            double limit = arg.doubleValue();
            if (Double.isInfinite(limit)) {
                throw new Unsupported("a bound beyond a double's range");
            }
            // A bound a double holds exactly (0, 1, 100, 2.25, not 0.1): a value equal to it is equal for certain.
            boolean exactBound = new java.math.BigDecimal(limit).compareTo(arg.decimalValue()) == 0;
            return value -> {
                if (!(value instanceof Number)) {
                    return true;
                }
                double d;
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    long l = ((Number) value).longValue();
                    if (Math.abs(l) > (1L << 53)) {
                        return false;
                    }
                    d = l;
                } else if (value instanceof Double || value instanceof Float) {
                    d = ((Number) value).doubleValue();
                    if (!Double.isFinite(d)) {
                        return false;
                    }
                } else {
                    return false;
                }
                if (d == limit) {
                    // On the bound: certain only when the bound is exact (and the value is: a long within 2^53 or a
                    // double); otherwise how they compare is the validator's call.
                    return exactBound && !exclusive;
                }
                return lower ? d > limit : d < limit;
            };
        }

        private Check format(JsonNode arg) throws Unsupported {
            if (formatIsAnnotation) {
                return null;
            }
            switch (arg.asText()) {
                case "date-time": return value -> !(value instanceof String) || StrictFormats.dateTime((String) value);
                case "date": return value -> !(value instanceof String) || StrictFormats.date((String) value);
                case "uuid": return value -> !(value instanceof String) || StrictFormats.uuid((String) value);
                default: throw new Unsupported("format " + arg.asText());
            }
        }

        private Check allOf(JsonNode arg) throws Unsupported {
            Check[] all = subschemas(arg);
            return value -> {
                for (Check c : all) {
                    if (!c.accepts(value)) {
                        return false;
                    }
                }
                return true;
            };
        }

        private Check anyOf(JsonNode arg) throws Unsupported {
            Check[] any = subschemas(arg);
            return value -> {
                for (Check c : any) {
                    if (c.accepts(value)) {
                        return true;
                    }
                }
                return false;
            };
        }

        private Check[] subschemas(JsonNode arg) throws Unsupported {
            if (!arg.isArray() || arg.isEmpty()) {
                throw new Unsupported("allOf/anyOf that is not a non-empty list");
            }
            Check[] checks = new Check[arg.size()];
            for (int i = 0; i < checks.length; i++) {
                checks[i] = compile(arg.get(i), false);
            }
            return checks;
        }

        /** Local references only ({@code #}, {@code #/$defs/x}, {@code #/definitions/x}); recursion allowed. */
        private Check ref(JsonNode arg) throws Unsupported {
            String ref = arg.asText();
            if (!ref.startsWith("#")) {
                throw new Unsupported("a remote $ref");
            }
            Check[] slot = refs.get(ref);
            if (slot == null) {
                slot = new Check[1];
                refs.put(ref, slot);
                JsonNode target = ref.equals("#") ? document : document.at(ref.substring(1));
                if (target.isMissingNode()) {
                    throw new Unsupported("a $ref to nothing");
                }
                slot[0] = compile(target, target == document);
            }
            Check[] resolved = slot;
            return value -> resolved[0].accepts(value);
        }
    }

    /** '$' outside classes and escapes as {@code \\z}: the end of input, as in ECMA-262. */
    static String dollarsAsEndOfInput(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '$' && !inClass) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A value of one JSON kind, as JsonConverter's schemaless data has them. */
    private static boolean plain(Object value) {
        return value == null || value instanceof String || value instanceof Map || value instanceof List
                || value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Double || value instanceof Short || value instanceof Byte || value instanceof Float;
    }

    private static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static boolean finite(Object value) {
        return !(value instanceof Double || value instanceof Float) || Double.isFinite(((Number) value).doubleValue());
    }

}
