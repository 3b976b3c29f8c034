package io.tributary.connect.source.file.config;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.SchemaSpec;
import io.tributary.connect.source.file.config.FileSourceConfig.Format;
import io.tributary.connect.source.file.config.FileSourceConfig.Output;
import org.apache.kafka.common.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.tributary.connect.source.file.config.FileSourceConfig.CLEANUP_POLICY_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.DLQ_TOPIC_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.ERROR_PATH_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.FILE_PATH_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.FINISHED_PATH_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.FORMAT_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.KEY_FIELD_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.OUTPUT_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.SCHEMA_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.SCHEMA_NAME_CONFIG;
import static io.tributary.connect.source.file.config.FileSourceConfig.TOPIC_CONFIG;

/** The rules between file source keys, and the check that the input directory is there to read. */
public final class FileSourceValidation {

    private FileSourceValidation() {
    }

    public static Config validate(Config config) {
        CrossFieldValidation v = new CrossFieldValidation(config);
        if (v.valid(FILE_PATH_CONFIG)) {
            Path dir = Path.of(v.string(FILE_PATH_CONFIG));
            if (!Files.isDirectory(dir)) {
                v.error("directory " + dir + " does not exist (or is not a directory) on this worker", FILE_PATH_CONFIG);
            } else if (!Files.isReadable(dir)) {
                v.error("directory " + dir + " is not readable by the worker", FILE_PATH_CONFIG);
            }
        }
        if (v.valid(FORMAT_CONFIG, OUTPUT_CONFIG)) {
            Format format = Validators.parseEnum(Format.class, v.string(FORMAT_CONFIG));
            Output output = Validators.parseEnum(Output.class, v.string(OUTPUT_CONFIG));
            if (format.carriesSchema() && output == Output.MAP) {
                v.error(format.name().toLowerCase() + " files carry a schema: use output 'struct' or 'auto'",
                        FORMAT_CONFIG, OUTPUT_CONFIG);
            }
            if (format == Format.LINES && output != Output.AUTO) {
                v.error("format 'lines' yields strings: leave output at 'auto'", FORMAT_CONFIG, OUTPUT_CONFIG);
            }
            String schema = v.string(SCHEMA_CONFIG);
            boolean declared = schema != null && !schema.isBlank();
            boolean structs = output == Output.STRUCT || (output == Output.AUTO && format != Format.JSON && format != Format.LINES);
            if (declared && (!structs || format.carriesSchema())) {
                v.error("a declared schema applies to struct output of json, csv or tsv", SCHEMA_CONFIG, OUTPUT_CONFIG,
                        FORMAT_CONFIG);
            }
            if (declared && v.valid(SCHEMA_CONFIG, SCHEMA_NAME_CONFIG)) {
                try {
                    SchemaSpec.parse(schema, v.string(SCHEMA_NAME_CONFIG));
                } catch (IllegalArgumentException e) {
                    v.error("invalid schema: " + e.getMessage(), SCHEMA_CONFIG);
                }
            }
        }
        String key = v.string(KEY_FIELD_CONFIG);
        if (key != null && !key.isBlank()) {
            try {
                FieldPath.parse(key);
            } catch (IllegalArgumentException e) {
                v.error(e.getMessage(), KEY_FIELD_CONFIG);
            }
        }
        if (v.valid(FILE_PATH_CONFIG, FINISHED_PATH_CONFIG, ERROR_PATH_CONFIG, CLEANUP_POLICY_CONFIG)) {
            Path input = Path.of(v.string(FILE_PATH_CONFIG)).normalize();
            for (String dirKey : new String[] {FINISHED_PATH_CONFIG, ERROR_PATH_CONFIG}) {
                String dir = v.string(dirKey);
                if (dir != null && !dir.isEmpty() && Path.of(dir).normalize().equals(input)) {
                    v.error(dirKey + " must differ from file.path, or files would be read again", dirKey, FILE_PATH_CONFIG);
                }
            }
        }
        String dlq = v.string(DLQ_TOPIC_CONFIG);
        if (dlq != null && dlq.equals(v.string(TOPIC_CONFIG))) {
            v.error("the dead-letter topic must differ from the topic", DLQ_TOPIC_CONFIG, TOPIC_CONFIG);
        }
        return config;
    }
}
