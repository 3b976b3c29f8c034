package io.tributary.connect.source.file;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.dlq.DeadLetter;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.offset.FileOffset;
import io.tributary.connect.source.file.read.ReadResult;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/** Builds the records a file source emits: data records, and dead letters for input that is not a record. */
final class FileRecords {

    private final String topic;
    private final String dlqTopic;
    private final FieldPath keyField;
    private final boolean sourceHeaders;
    private final String connector;
    private final int task;

    FileRecords(FileSourceConfig config, String connector) {
        this.topic = config.topic();
        this.dlqTopic = config.dlqTopic();
        this.keyField = config.keyField();
        this.sourceHeaders = config.recordHeaders();
        this.connector = connector;
        this.task = config.taskIndex();
    }

    SourceRecord of(SourceFile file, ReadResult result, boolean eof) {
        FileOffset offset = new FileOffset(file.identity, result.endPosition(), result.linesConsumed(), eof);
        if (result instanceof ReadResult.Failed) {
            return deadLetter(file, (ReadResult.Failed) result, offset);
        }
        ReadResult.Parsed parsed = (ReadResult.Parsed) result;
        Object key = null;
        if (keyField != null) {
            Object value = keyField.get(parsed.value());
            key = value == null ? null : value.toString();
        }
        ConnectHeaders headers = null;
        if (sourceHeaders) {
            headers = new ConnectHeaders();
            headers.addString(ErrorHeaders.SOURCE_FILE, file.relative);
            headers.addLong(ErrorHeaders.SOURCE_LINE, parsed.firstLine());
        }
        return new SourceRecord(file.partition, offset.toMap(), topic, null,
                keyField == null ? null : Schema.OPTIONAL_STRING_SCHEMA, key, parsed.schema(), parsed.value(), null,
                headers);
    }

    private SourceRecord deadLetter(SourceFile file, ReadResult.Failed failed, FileOffset offset) {
        DeadLetter letter = DeadLetter.to(dlqTopic)
                .error(failed.stage(), failed.errorClass(), failed.message())
                .origin(connector, task)
                .header(ErrorHeaders.SOURCE_FILE, file.relative)
                .header(ErrorHeaders.SOURCE_LINE, failed.firstLine());
        if (failed.startPosition() >= 0) {
            letter.header(ErrorHeaders.SOURCE_POSITION, failed.startPosition());
        }
        if (failed.raw() != null) {
            letter.value(failed.raw(), 0, failed.raw().length, Integer.MAX_VALUE);
            if (failed.truncated()) {
                letter.truncated(failed.originalLength());
            }
        }
        return letter.build(file.partition, offset.toMap());
    }
}
