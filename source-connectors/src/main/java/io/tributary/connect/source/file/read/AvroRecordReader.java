package io.tributary.connect.source.file.read;

import io.tributary.connect.common.avro.AvroData;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an Avro object container file as Structs with the file's schema. The resume point is a record index:
 * container blocks are compressed, so byte positions inside them cannot be resumed from. A corrupt block ends the
 * file with a 'read' failure.
 */
final class AvroRecordReader implements RecordReader {

    private final CountingInputStream disk;
    private final DataFileStream<GenericRecord> stream;
    private final AvroData avro = new AvroData();
    private final org.apache.avro.Schema avroSchema;
    private final Schema schema;
    private long index;
    private GenericRecord reuse;
    private boolean finished;

    AvroRecordReader(InputStream content, CountingInputStream disk, long skipRecords) throws IOException {
        this.disk = disk;
        this.stream = new DataFileStream<>(content, new GenericDatumReader<>());
        this.avroSchema = stream.getSchema();
        this.schema = avro.toConnectSchema(avroSchema);
        while (index < skipRecords && stream.hasNext()) {
            reuse = stream.next(reuse);
            index++;
        }
    }

    @Override
    public ReadResult next() {
        if (finished) {
            return null;
        }
        try {
            if (!stream.hasNext()) {
                finished = true;
                return null;
            }
            reuse = stream.next(reuse);
            index++;
            Object value = avro.toConnectValue(schema, avroSchema, reuse);
            return new ReadResult.Parsed(schema, value, -1, 0, index, index);
        } catch (DataException e) {
            return new ReadResult.Failed(null, 0, false, "convert", e.getClass().getName(), e.getMessage(), -1, 0,
                    index, index);
        } catch (IOException | RuntimeException e) {
            finished = true;
            return new ReadResult.Failed(null, 0, false, "read", e.getClass().getName(),
                    "corrupt Avro container after record " + index + ": " + e.getClass().getSimpleName(), -1, 0,
                    index + 1, index);
        }
    }

    @Override
    public boolean exhausted() {
        return finished;
    }

    @Override
    public long bytesReadFromDisk() {
        return disk.count();
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
