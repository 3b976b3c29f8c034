package io.tributary.connect.transforms.enrich;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Enriches record values from a lookup table in a JSON or CSV file, reloaded when it changes: for setups without
 * Redis, and for small reference data. See {@link Enrich} for the key template, merge and policies.
 */
public final class EnrichFromFile<R extends ConnectRecord<R>> extends Enrich<R> {

    public static final String FILE_CONFIG = "lookup.file";
    public static final String FORMAT_CONFIG = "lookup.file.format";
    public static final String KEY_FIELD_CONFIG = "lookup.file.key.field";
    public static final String RELOAD_CONFIG = "lookup.file.reload.interval.ms";

    public static final ConfigDef CONFIG_DEF = common(new ConfigDefBuilder(new ConfigDef())
            .group("File")
            .key(FILE_CONFIG).required().validator(Validators.described("a readable file", value ->
                    Files.isReadable(Path.of((String) value)) ? null : "does not exist or cannot be read by the worker"))
            .importance(Importance.HIGH).doc("The lookup table: JSON (an object of key to entry, or an array of "
                    + "entries) or CSV with a header.").display("Lookup file").add()
            .key(FORMAT_CONFIG).defaultValue("json").validator(Validators.oneOf("json", "csv"))
            .importance(Importance.HIGH).doc("'json' or 'csv'.").display("File format").add()
            .key(KEY_FIELD_CONFIG).defaultValue("key").importance(Importance.MEDIUM)
            .doc("Field (CSV column) holding each entry's key, for CSV files and JSON arrays.").display("Key field").add()
            .key(RELOAD_CONFIG).type(Type.LONG).defaultValue(10_000L).validator(Validators.atLeast(100))
            .importance(Importance.LOW).doc("How often the file is checked for changes.").display("Reload check (ms)").add())
            .build();

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected LookupSource open(AbstractConfig config) throws IOException {
        return new FileLookup(Path.of(config.getString(FILE_CONFIG)),
                "csv".equalsIgnoreCase(config.getString(FORMAT_CONFIG)) ? FileLookup.Format.CSV : FileLookup.Format.JSON,
                config.getString(KEY_FIELD_CONFIG), config.getLong(RELOAD_CONFIG));
    }
}
