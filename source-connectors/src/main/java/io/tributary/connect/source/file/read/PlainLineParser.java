package io.tributary.connect.source.file.read;

import org.apache.kafka.connect.data.Schema;

import java.nio.charset.CharacterCodingException;

/** Format 'lines': every line is a string record, blank lines included (in a log they are content). */
final class PlainLineParser implements LineParser {

    private final Utf8 utf8 = new Utf8();
    private final int maxLineBytes;
    private final int keep;

    PlainLineParser(int maxLineBytes, int keep) {
        this.maxLineBytes = maxLineBytes;
        this.keep = keep;
    }

    @Override
    public ReadResult accept(Line line) {
        if (line.truncated()) {
            return LineTooLongException.of(line, maxLineBytes, keep);
        }
        try {
            String value = utf8.decode(line.buffer(), line.offset(), line.length());
            return new ReadResult.Parsed(Schema.STRING_SCHEMA, value, line.startPosition(), line.endPosition(),
                    line.number(), line.number());
        } catch (CharacterCodingException e) {
            return LineParser.failed(line, keep, "parse", e, "invalid UTF-8");
        }
    }

    @Override
    public ReadResult finish() {
        return null;
    }
}
