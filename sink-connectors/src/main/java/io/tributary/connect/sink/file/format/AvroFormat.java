package io.tributary.connect.sink.file.format;

import io.tributary.connect.common.avro.AvroData;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** Avro object container files, one schema per file: a record with another schema starts a new file. */
final class AvroFormat implements FileFormat {

    private final AvroData avro = new AvroData();

    @Override
    public String extension() {
        return ".avro";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException {
        Schema schema = first.valueSchema();
        if (schema == null) {
            throw new DataException("format 'avro' needs records with a value schema; this record is schemaless "
                    + "(use a converter with schemas, or format 'json')");
        }
        org.apache.avro.Schema avroSchema = avro.toAvroSchema(schema);
        DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(avroSchema));
        writer.create(avroSchema, out);
        return new RecordFileWriter() {
            @Override
            public boolean accepts(SinkRecord record) {
                // A schemaless record is "accepted" only to be refused by write(), without ending this file.
                return record.valueSchema() == null || Objects.equals(schema, record.valueSchema());
            }

            @Override
            public void write(SinkRecord record) throws IOException {
                if (record.valueSchema() == null) {
                    throw new DataException("format 'avro' needs records with a value schema; this record is "
                            + "schemaless (use a converter with schemas, or format 'json')");
                }
                Object datum = avro.toAvroValue(schema, record.value());
                try {
                    writer.append(datum);
                } catch (DataFileWriter.AppendWriteException e) {
                    // Avro may have encoded part of the datum into the block: the file cannot be trusted.
                    throw new IOException("Avro could not append a record; the file is abandoned", e);
                }
            }

            @Override
            public void finish() throws IOException {
                writer.flush();
            }
        };
    }
}
