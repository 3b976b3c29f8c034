package io.tributary.connect.sink.file.format;

import io.tributary.connect.common.avro.AvroData;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Avro object container files, one schema per file: a record with another schema starts a new file. The file's
 * schema is the record's Connect schema in Avro ({@link AvroData}): with a registry converter that is the writer's
 * schema as registered, so each registered version a partition goes through gets files of its own.
 *
 * <p>A schema or value Avro cannot take (a union shape {@link AvroData} maps to two records of one name, a map with
 * non-string keys) is a {@code DataException}: the record goes to the dead-letter queue, the others keep flowing.
 */
final class AvroFormat implements FileFormat {

    @Override
    public String extension() {
        return ".avro";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException {
        Schema schema = first.valueSchema();
        if (schema == null) {
            throw schemaless(first, "avro");
        }
        // One converter per file: its cache holds this file's schema only, however many schemas the task sees.
        AvroData avro = new AvroData();
        DataFileWriter<Object> writer;
        try {
            org.apache.avro.Schema avroSchema = avro.toAvroSchema(schema);
            checkNamesAreUnique(avroSchema, new HashMap<>());
            // create() renders the schema before writing a byte, so a schema Avro refuses leaves the file empty.
            writer = new DataFileWriter<>(new GenericDatumWriter<>(avroSchema));
            writer.create(avroSchema, out);
        } catch (AvroRuntimeException | DataException e) {
            throw new DataException("format 'avro' cannot write schema " + describe(schema) + " as Avro: "
                    + e.getMessage(), e);
        }
        return new RecordFileWriter() {
            @Override
            public boolean accepts(SinkRecord record) {
                return acceptsInFile(schema, record);
            }

            @Override
            public void write(SinkRecord record) throws IOException {
                Object datum = toDatum(avro, schema, record, "avro");
                try {
                    writer.append(datum);
                } catch (DataFileWriter.AppendWriteException e) {
                    // Avro (1.8 and later) rewinds its block to before the datum: the file holds none of it.
                    throw new DataException("format 'avro' could not encode this value of schema " + describe(schema)
                            + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void finish() throws IOException {
                writer.flush();
            }
        };
    }

    /**
     * Avro names a record once and refers to it by name after that, so two different records of one name would be
     * written as one (Avro's Schema.toString does not object): the header would describe the second wrongly and no
     * reader could decode the file. Registry converters produce such schemas: every Avro union that is not
     * {@code [null, T]} becomes a Struct named {@code io.confluent.connect.avro.Union}.
     */
    static void checkNamesAreUnique(org.apache.avro.Schema avro, Map<String, org.apache.avro.Schema> seen) {
        switch (avro.getType()) {
            case RECORD: {
                org.apache.avro.Schema earlier = seen.putIfAbsent(avro.getFullName(), avro);
                if (earlier != null) {
                    if (!earlier.equals(avro)) {
                        throw new DataException("two different records are named '" + avro.getFullName()
                                + "', which one Avro schema cannot hold");
                    }
                    return;
                }
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    checkNamesAreUnique(field.schema(), seen);
                }
                return;
            }
            case UNION:
                avro.getTypes().forEach(t -> checkNamesAreUnique(t, seen));
                return;
            case ARRAY:
                checkNamesAreUnique(avro.getElementType(), seen);
                return;
            case MAP:
                checkNamesAreUnique(avro.getValueType(), seen);
                return;
            default:
        }
    }

    /** Whether a record may go into the open file of this schema (Avro's and Parquet's files hold one schema each). */
    static boolean acceptsInFile(Schema schema, SinkRecord record) {
        // A schemaless record is "accepted" only to be refused by write(), without ending this file.
        return record.valueSchema() == null || Objects.equals(schema, record.valueSchema());
    }

    /** The record's value as Avro data of the file's schema, whole, or a DataException naming the format. */
    static Object toDatum(AvroData avro, Schema schema, SinkRecord record, String format) {
        if (record.valueSchema() == null) {
            throw schemaless(record, format);
        }
        try {
            return avro.toAvroValue(schema, record.value());
        } catch (ClassCastException | AvroRuntimeException e) {
            throw new DataException("format '" + format + "' cannot write this value of schema " + describe(schema)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The schema of a record that starts a file of a columnar format: a row per record, so a Struct. */
    static Schema structSchema(SinkRecord first, String format) {
        Schema schema = first.valueSchema();
        if (schema == null) {
            throw schemaless(first, format);
        }
        if (schema.type() != Schema.Type.STRUCT) {
            throw new DataException("format '" + format + "' writes Struct values (a row per record); this record's "
                    + "schema is " + describe(schema) + " (wrap it in a Struct, or use format 'json' or 'avro')");
        }
        return schema;
    }

    static DataException schemaless(SinkRecord record, String format) {
        // A registry converter gives a tombstone (null bytes) no schema: it has nothing to write in such a file.
        return new DataException("format '" + format + "' needs records with a value schema; this record is "
                + (record.value() == null ? "a tombstone (null value, no schema)" : "schemaless")
                + " (use a converter with schemas, or format 'json')");
    }

    static String describe(Schema schema) {
        return schema.name() != null ? "'" + schema.name() + "'" + (schema.version() != null
                ? " version " + schema.version() : "") : "(unnamed " + schema.type() + ")";
    }
}
