package io.tributary.connect.sink.file.format;

import io.tributary.connect.sink.file.config.FileSinkConfig;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file format of the sink: its extension, and how a file is started from its first record. One per task, closed when
 * the task stops, after every file it opened was finished or abandoned.
 */
public interface FileFormat extends AutoCloseable {

    String extension();

    /** Starts a file; may throw {@code DataException} when {@code first} cannot start a file of this format. */
    RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException;

    /** Frees what the format holds for all its files (Arrow's allocator). */
    @Override
    default void close() {
    }

    static FileFormat of(FileSinkConfig config) {
        switch (config.format()) {
            case CSV: return new CsvFormat(config.csvDelimiter(), config.csvHeader());
            case AVRO: return new AvroFormat();
            case PARQUET: return new ParquetFormat(config.parquetCompression(), config.parquetRowGroupSize(),
                    config.parquetPageSize());
            case ARROW: return new ArrowFormat(config.arrowIpc(), config.arrowBatchRows(), config.arrowCompression());
            case LINES: return new LinesFormat();
            case JSON:
            default: return new JsonLinesFormat();
        }
    }
}
