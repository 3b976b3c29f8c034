package io.tributary.connect.common.converter;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.storage.ConverterConfig;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of {@link StreamingJsonConverter}: the same names, types, defaults, groups and meaning as Kafka's
 * {@code JsonConverterConfig} (4.3), so that a connector config switches converters by changing the class name only.
 * {@code converter.type} comes from Connect's {@link ConverterConfig}.
 */
public final class StreamingJsonConverterConfig extends ConverterConfig {

    /** How a {@code Decimal} is written: Kafka's {@code decimal.format} values. */
    public enum DecimalFormat {
        /** The unscaled value's two's-complement bytes, base64-encoded: {@code "AOg="}. */
        BASE64,
        /** A JSON number: {@code 2.32}. */
        NUMERIC
    }

    public static final String SCHEMAS_ENABLE_CONFIG = "schemas.enable";
    public static final boolean SCHEMAS_ENABLE_DEFAULT = true;
    private static final String SCHEMAS_ENABLE_DOC = "Include schemas within each of the serialized values and keys: "
            + "each message is an envelope {\"schema\": ..., \"payload\": ...}, as Kafka's JsonConverter writes and "
            + "expects it. With false, plain JSON (schemaless data).";
    private static final String SCHEMAS_ENABLE_DISPLAY = "Enable Schemas";

    public static final String SCHEMAS_CACHE_SIZE_CONFIG = "schemas.cache.size";
    public static final int SCHEMAS_CACHE_SIZE_DEFAULT = 1000;
    private static final String SCHEMAS_CACHE_SIZE_DOC = "The maximum number of schemas that can be cached in this "
            + "converter instance (each direction).";
    private static final String SCHEMAS_CACHE_SIZE_DISPLAY = "Schema Cache Size";

    public static final String SCHEMA_CONTENT_CONFIG = "schema.content";
    private static final String SCHEMA_CONTENT_DOC = "When set, this schema (in the envelope's schema form) is used "
            + "for all messages, which then hold the payload only, without an envelope; the schemas of the messages "
            + "are not read. Applies only with 'schemas.enable' true, and only when reading (sink connectors).";
    private static final String SCHEMA_CONTENT_DISPLAY = "Schema Content";

    public static final String DECIMAL_FORMAT_CONFIG = "decimal.format";
    public static final String DECIMAL_FORMAT_DEFAULT = DecimalFormat.BASE64.name();
    private static final String DECIMAL_FORMAT_DOC = "Controls which format this converter will serialize decimals "
            + "in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'. Reading accepts "
            + "both.";
    private static final String DECIMAL_FORMAT_DISPLAY = "Decimal Format";

    public static final String REPLACE_NULL_WITH_DEFAULT_CONFIG = "replace.null.with.default";
    public static final boolean REPLACE_NULL_WITH_DEFAULT_DEFAULT = true;
    private static final String REPLACE_NULL_WITH_DEFAULT_DOC = "Whether to replace fields that have a default value "
            + "and that are null to the default value. When set to true, the default value is used, otherwise null "
            + "is used.";
    private static final String REPLACE_NULL_WITH_DEFAULT_DISPLAY = "Replace null with default";

    private static final ConfigDef CONFIG = configDef();

    private final boolean schemasEnabled;
    private final int schemaCacheSize;
    private final byte[] schemaContent;
    private final DecimalFormat decimalFormat;
    private final boolean replaceNullWithDefault;

    public StreamingJsonConverterConfig(Map<String, ?> props) {
        super(CONFIG, props);
        this.schemasEnabled = getBoolean(SCHEMAS_ENABLE_CONFIG);
        this.schemaCacheSize = getInt(SCHEMAS_CACHE_SIZE_CONFIG);
        String content = getString(SCHEMA_CONTENT_CONFIG);
        this.schemaContent = content == null || content.isEmpty() ? null : content.getBytes(StandardCharsets.UTF_8);
        this.decimalFormat = DecimalFormat.valueOf(getString(DECIMAL_FORMAT_CONFIG).toUpperCase(Locale.ROOT));
        this.replaceNullWithDefault = getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    }

    /** A new ConfigDef each call: ConfigDef is mutable, and the worker may add to what a plugin returns. */
    public static ConfigDef configDef() {
        ConfigDef def = ConverterConfig.newConfigDef();
        String group = "Schemas";
        int order = 0;
        def.define(SCHEMAS_ENABLE_CONFIG, Type.BOOLEAN, SCHEMAS_ENABLE_DEFAULT, Importance.HIGH, SCHEMAS_ENABLE_DOC,
                group, order++, Width.MEDIUM, SCHEMAS_ENABLE_DISPLAY);
        def.define(SCHEMAS_CACHE_SIZE_CONFIG, Type.INT, SCHEMAS_CACHE_SIZE_DEFAULT, Importance.HIGH,
                SCHEMAS_CACHE_SIZE_DOC, group, order++, Width.MEDIUM, SCHEMAS_CACHE_SIZE_DISPLAY);
        def.define(SCHEMA_CONTENT_CONFIG, Type.STRING, null, Importance.HIGH, SCHEMA_CONTENT_DOC, group, order++,
                Width.MEDIUM, SCHEMA_CONTENT_DISPLAY);
        group = "Serialization";
        order = 0;
        def.define(DECIMAL_FORMAT_CONFIG, Type.STRING, DECIMAL_FORMAT_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(DecimalFormat.BASE64.name(), DecimalFormat.NUMERIC.name()),
                Importance.LOW, DECIMAL_FORMAT_DOC, group, order++, Width.MEDIUM, DECIMAL_FORMAT_DISPLAY);
        def.define(REPLACE_NULL_WITH_DEFAULT_CONFIG, Type.BOOLEAN, REPLACE_NULL_WITH_DEFAULT_DEFAULT, Importance.LOW,
                REPLACE_NULL_WITH_DEFAULT_DOC, group, order++, Width.MEDIUM, REPLACE_NULL_WITH_DEFAULT_DISPLAY);
        return def;
    }

    public boolean schemasEnabled() {
        return schemasEnabled;
    }

    public int schemaCacheSize() {
        return schemaCacheSize;
    }

    /** The configured {@code schema.content} as UTF-8 bytes, or null when not set. */
    public byte[] schemaContent() {
        return schemaContent == null ? null : schemaContent.clone();
    }

    public DecimalFormat decimalFormat() {
        return decimalFormat;
    }

    public boolean replaceNullWithDefault() {
        return replaceNullWithDefault;
    }
}
