package io.tributary.connect.sink.file.format;

import io.tributary.connect.common.parquet.ParquetCodecs;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test reading: a Parquet file's rows as Avro records (parquet-avro's read support), and its footer. */
public final class ParquetRows {

    private ParquetRows() {
    }

    public static List<GenericRecord> read(Path file) throws IOException {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        ParquetReadOptions options = ParquetReadOptions.builder(conf).withCodecFactory(new ParquetCodecs()).build();
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFileMetaData().getSchema();
            Map<String, String> metadata = reader.getFileMetaData().getKeyValueMetaData();
            Map<String, Set<String>> metadataSets = new HashMap<>();
            metadata.forEach((k, v) -> metadataSets.put(k, Set.of(v)));
            AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
            ReadSupport.ReadContext context = support.init(new InitContext(conf, metadataSets, schema));
            RecordMaterializer<GenericRecord> materializer = support.prepareForRead(conf, metadata, schema, context);
            MessageColumnIO io = new ColumnIOFactory(reader.getFileMetaData().getCreatedBy())
                    .getColumnIO(context.getRequestedSchema(), schema, true);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<GenericRecord> records = io.getRecordReader(pages, materializer);
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
        }
        return rows;
    }

    public static ParquetMetadata footer(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            return reader.getFooter();
        }
    }
}
