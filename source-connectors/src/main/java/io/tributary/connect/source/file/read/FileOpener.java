package io.tributary.connect.source.file.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.SchemaInference;
import io.tributary.connect.common.data.StableSchema;
import io.tributary.connect.common.io.Compression;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.config.FileSourceConfig.Format;
import io.tributary.connect.source.file.config.FileSourceConfig.Output;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a file for reading at a resume point: detects compression from the magic bytes, positions the stream
 * (a seek for plain files, decompress-and-skip for compressed ones), and prepares the format's parser — reading
 * the CSV header and, when no schema is declared, fitting the file's first records to the task's inferred schema.
 *
 * <p>One opener per task, so one inferred schema per task (and topic), kept in a {@link StableSchema}: files of the
 * same shape get the very same Schema object (one registered version), and a file — or a record past the sample —
 * with a new field or a wider number widens it compatibly rather than losing the field. Records already sent with
 * an older schema need nothing: every widening is backward compatible, so the old version still reads as it was.
 */
public final class FileOpener {

    private final Format format;
    private final Output output;
    private final Schema declared;
    private final String schemaName;
    private final int sampleRecords;
    private final char delimiter;
    private final char quote;
    private final boolean header;
    private final int maxLineBytes;
    private final int maxQuotedLines;
    private final int maxQuotedBytes;
    private final int keep;
    /** The task's inferred schema, for struct output without a declared schema; null otherwise. */
    private final StableSchema inferred;

    public FileOpener(FileSourceConfig config) {
        this(config, null);
    }

    /** @param initial where the inferred schema starts (the latest one registered for the topic), or null */
    public FileOpener(FileSourceConfig config, Schema initial) {
        this.format = config.format();
        this.output = config.output();
        this.declared = config.declaredSchema();
        this.schemaName = config.schemaName();
        this.sampleRecords = config.sampleRecords();
        this.delimiter = config.csvDelimiter();
        this.quote = config.csvQuote();
        this.header = config.csvHeader();
        this.maxLineBytes = config.lineMaxBytes();
        this.maxQuotedLines = config.csvQuotedMaxLines();
        this.maxQuotedBytes = config.csvQuotedMaxBytes();
        this.keep = config.dlqMaxValueBytes();
        boolean inferring = declared == null && output == Output.STRUCT && !format.carriesSchema()
                && format != Format.LINES;
        this.inferred = inferring ? new StableSchema(initial, schemaName) : null;
    }

    /** The inferred schema held now (null before the first record, with a declared schema, or for maps). */
    public Schema inferredSchema() {
        return inferred == null ? null : inferred.current();
    }

    /**
     * @param position    byte position (line formats) to resume at; ignored for Avro and Parquet
     * @param linesBefore lines (or Avro records, or Parquet rows) before the resume point
     * @param complete    whether the file is complete (spool) rather than growing (tail)
     * @throws IOException when the file cannot be opened or its header cannot be read: the whole file is bad
     */
    public RecordReader open(Path file, long position, long linesBefore, boolean complete) throws IOException {
        Compression compression = detect(file);
        // A compressed file cannot be tailed: its stream is only valid once complete.
        complete = complete || compression != Compression.NONE;
        if (format == Format.PARQUET) {
            if (compression != Compression.NONE) {
                throw new IOException("a Parquet file cannot be read through " + compression.name().toLowerCase()
                        + " compression around it (Parquet compresses its pages itself)");
            }
            return ParquetRecordReader.open(file, linesBefore, complete);
        }
        if (format == Format.AVRO) {
            CountingInputStream disk = openAt(file, compression, 0);
            return new AvroRecordReader(contentOf(disk, compression), disk, linesBefore);
        }
        LineParser parser = parser(file, compression, complete);
        CountingInputStream disk = openAt(file, compression, position);
        InputStream content = contentOf(disk, compression);
        if (compression != Compression.NONE) {
            skipFully(content, position);
        }
        long hint = compression == Compression.NONE ? Files.size(file) - position : Long.MAX_VALUE;
        LineSplitter splitter = new LineSplitter(content, position, linesBefore, maxLineBytes, keep, hint);
        return new LineRecordReader(splitter, parser, disk, complete);
    }

    private LineParser parser(Path file, Compression compression, boolean complete) throws IOException {
        switch (format) {
            case LINES:
                return new PlainLineParser(maxLineBytes, keep);
            case JSON:
                if (output == Output.MAP) {
                    return new JsonLineParser(null, null, maxLineBytes, keep);
                }
                if (declared != null) {
                    return new JsonLineParser(declared, null, maxLineBytes, keep);
                }
                sampleJson(file, compression, complete);
                return new JsonLineParser(null, inferred, maxLineBytes, keep);
            case CSV:
            case TSV:
            default:
                return csvParser(file, compression, complete);
        }
    }

    /**
     * Fits the file's first records, together, to the inferred schema: a field new to it is typed from all of them
     * (an integer in one and a fraction in another give float64 at once, not int64 then float64). Records past the
     * sample are fitted one by one as they are read.
     */
    private void sampleJson(Path file, Compression compression, boolean complete) throws IOException {
        List<JsonNode> samples = new ArrayList<>();
        boolean sawContent = false;
        try (LineSplitter lines = sampleSplitter(file, compression)) {
            Line line;
            while (samples.size() < sampleRecords && (line = lines.next(complete)) != null) {
                if (line.truncated() || line.isBlank()) {
                    continue;
                }
                sawContent = true;
                try {
                    samples.add(JsonData.parseTree(line.buffer(), line.offset(), line.length()));
                } catch (IOException | RuntimeException unparsable) {
                    // Malformed lines are dead-lettered when read; they just do not shape the schema.
                }
            }
        }
        // Records that would need an incompatible change are dead-lettered when read, naming the field.
        inferred.fit(samples);
        if (inferred.current() != null || (complete && !sawContent)) {
            return;   // a schema to read with, or an empty (blank) file: nothing to parse
        }
        if (!complete) {
            throw new FileNotReadyException("no JSON object yet to infer a schema from");
        }
        throw new IOException("no JSON object among the first " + sampleRecords
                + " lines to infer a schema from; declare one in output.schema or use output=map");
    }

    private LineParser csvParser(Path file, Compression compression, boolean complete) throws IOException {
        List<String> columns = null;
        long headerEnd = 0;
        List<List<String>> samples = new ArrayList<>();
        // Samples give an inferred schema its types, and a headerless file without a schema its width.
        boolean needSamples = declared == null && (output == Output.STRUCT || !header);
        if (header || needSamples) {
            CsvRecordAssembler assembler = assembler();
            try (LineSplitter lines = sampleSplitter(file, compression)) {
                CsvRecordAssembler.Assembled record;
                while ((record = nextSampled(lines, assembler, complete)) != null) {
                    if (header && columns == null) {
                        if (record.failed()) {
                            throw new IOException("the header line cannot be read: " + record.message());
                        }
                        columns = record.fields();
                        headerEnd = record.endPosition();
                        if (!needSamples) {
                            break;
                        }
                    } else if (!record.failed()) {
                        samples.add(record.fields());
                    }
                    if (samples.size() >= sampleRecords) {
                        break;
                    }
                }
            }
            if (header && columns == null) {
                if (complete) {
                    // An empty file: nothing to read, nothing to parse.
                    return new CsvLineParser(assembler(), List.of(), null, null, Long.MAX_VALUE, maxLineBytes,
                            keep);
                }
                throw new FileNotReadyException("no header line yet");
            }
        }
        if (columns == null && declared == null && samples.isEmpty() && !complete) {
            throw new FileNotReadyException("no row yet to count the columns of");
        }
        if (columns == null) {
            columns = declared != null ? declared.fields().stream().map(Field::name).toList() : generatedNames(samples);
        }
        if (declared != null && output == Output.STRUCT) {
            for (Field field : declared.fields()) {
                if (!columns.contains(field.name()) && !field.schema().isOptional() && field.schema().defaultValue() == null) {
                    throw new IOException("required column '" + field.name() + "' of the declared schema is not in the "
                            + "file's header");
                }
            }
            return new CsvLineParser(assembler(), columns, declared, null, headerEnd, maxLineBytes, keep);
        }
        if (inferred != null) {
            // The sampled rows together, as JSON does; rows past the sample are fitted one by one as they are read.
            List<JsonNode> rows = new ArrayList<>(samples.size());
            for (List<String> row : samples) {
                if (row.size() == columns.size()) {   // a row of the wrong width is dead-lettered when read
                    rows.add(SchemaInference.ofCsvRow(columns, row));
                }
            }
            inferred.fit(rows);
        }
        return new CsvLineParser(assembler(), columns, null, inferred, headerEnd, maxLineBytes, keep);
    }

    private CsvRecordAssembler assembler() {
        return new CsvRecordAssembler(delimiter, quote, maxQuotedLines, maxQuotedBytes);
    }

    /**
     * The next CSV record (or failure) of the sample, read the way the parser reads: lines a row broken by an
     * unterminated quote gives back are read again, so the rows after it are sampled too.
     */
    private static CsvRecordAssembler.Assembled nextSampled(LineSplitter lines, CsvRecordAssembler assembler,
                                                            boolean complete) throws IOException {
        while (true) {
            Line line = assembler.replayed();
            if (line == null) {
                line = lines.next(complete);
            }
            if (line == null) {
                return complete && lines.exhausted() ? assembler.finish() : null;
            }
            if (!assembler.open() && (line.truncated() || line.isBlank())) {
                continue;
            }
            CsvRecordAssembler.Assembled record = assembler.accept(line);
            if (record != null) {
                return record;
            }
        }
    }

    private static List<String> generatedNames(List<List<String>> samples) {
        int width = samples.isEmpty() ? 0 : samples.get(0).size();
        List<String> names = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
            names.add("column" + i);
        }
        return names;
    }

    private LineSplitter sampleSplitter(Path file, Compression compression) throws IOException {
        CountingInputStream disk = openAt(file, compression, 0);
        long hint = compression == Compression.NONE ? Files.size(file) : Long.MAX_VALUE;
        return new LineSplitter(contentOf(disk, compression), 0, 0, maxLineBytes, 0, hint);
    }

    static Compression detect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(Compression.MAGIC_LENGTH);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // positional reads until the magic is in or the file ends
            }
            return Compression.detect(head.array(), head.position());
        }
    }

    /** A stream over the file on disk: at {@code position} for plain files, at 0 for compressed ones. */
    private static CountingInputStream openAt(Path file, Compression compression, long position) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long start = compression == Compression.NONE ? position : 0;
            channel.position(start);
            return new CountingInputStream(Channels.newInputStream(channel), start);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static InputStream contentOf(CountingInputStream disk, Compression compression) throws IOException {
        return compression.decompress(disk);
    }

    private static void skipFully(InputStream in, long bytes) throws IOException {
        long remaining = bytes;
        byte[] scratch = new byte[64 * 1024];
        while (remaining > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, remaining));
            if (n < 0) {
                throw new EOFException("the file is shorter than the stored offset (" + bytes + " bytes)");
            }
            remaining -= n;
        }
    }
}
