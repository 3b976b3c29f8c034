package io.tributary.connect.source.file.read;

import io.tributary.connect.source.file.TestConfigs;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound on a CSV quoted field: a row whose quote is still open after format.csv.quoted.max.lines lines or
 * format.csv.quoted.max.bytes bytes, or at the end of the file, is dead-lettered alone (its first line) and reading
 * goes on at the next line, with offsets that resume exactly.
 */
class CsvQuoteBoundTest {

    @TempDir
    Path dir;

    private List<ReadResult> readAll(Path file, String... config) throws IOException {
        return readFrom(file, 0, 0, config);
    }

    private List<ReadResult> readFrom(Path file, long position, long lines, String... config) throws IOException {
        List<ReadResult> results = new ArrayList<>();
        try (RecordReader reader = new FileOpener(TestConfigs.config(dir, config)).open(file, position, lines, true)) {
            ReadResult r;
            while ((r = reader.next()) != null) {
                results.add(r);
            }
            assertThat(reader.exhausted()).isTrue();
        }
        return results;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** A header, a row whose quote never closes, then {@code valid} rows "i,row i". */
    private static String brokenThenValid(int valid) {
        StringBuilder csv = new StringBuilder("id,comment\n0,\"never closed\n");
        for (int i = 1; i <= valid; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        return csv.toString();
    }

    /** Each result as "line L: value" or "line L: dead letter", with where it ends. */
    private static List<String> describe(List<ReadResult> results) {
        List<String> described = new ArrayList<>();
        for (ReadResult r : results) {
            String what = r instanceof ReadResult.Parsed parsed ? String.valueOf(comment(parsed)) : "dead letter";
            described.add("line " + r.firstLine() + "-" + r.linesConsumed() + " @" + r.startPosition() + "-"
                    + r.endPosition() + ": " + what);
        }
        return described;
    }

    private static Object comment(ReadResult.Parsed parsed) {
        return parsed.value() instanceof Struct s ? s.get("comment") : ((Map<?, ?>) parsed.value()).get("comment");
    }

    private static ReadResult.Failed failed(ReadResult r) {
        assertThat(r).isInstanceOf(ReadResult.Failed.class);
        return (ReadResult.Failed) r;
    }

    private static List<Long> ids(List<ReadResult> results) {
        return results.stream().filter(r -> r instanceof ReadResult.Parsed)
                .map(r -> (Long) ((Struct) ((ReadResult.Parsed) r).value()).get("id")).toList();
    }

    @Test
    void anUnterminatedQuoteBeforeTwoHundredNinetyTwoValidRowsIsOneDeadLetterAndEveryRowIsRead() throws IOException {
        Path file = write("corpus.csv", brokenThenValid(292));
        List<ReadResult> results = readAll(file, "format", "csv");

        assertThat(results).hasSize(293);
        ReadResult.Failed dead = failed(results.get(0));
        assertThat(new String(dead.raw(), StandardCharsets.UTF_8)).isEqualTo("0,\"never closed");
        assertThat(dead.stage()).isEqualTo("parse");
        assertThat(dead.errorClass()).isEqualTo(UnterminatedQuoteException.class.getName());
        assertThat(dead.message()).isEqualTo("unterminated quoted field starting at line 2 (bytes 11-27): still open "
                + "after 100 lines (format.csv.quoted.max.lines is 100); that line is dead-lettered alone and "
                + "reading goes on at line 3");
        assertThat(dead.firstLine()).isEqualTo(2);
        assertThat(dead.linesConsumed()).isEqualTo(2);
        assertThat(dead.startPosition()).isEqualTo(11);
        assertThat(dead.endPosition()).isEqualTo(27);
        assertThat(results.subList(1, 293)).allMatch(r -> r instanceof ReadResult.Parsed);
        assertThat(ids(results)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 292).boxed().toList());
        assertThat(results.get(1).firstLine()).isEqualTo(3);
        assertThat(results.get(292).linesConsumed()).isEqualTo(294);
        assertThat(results.get(292).endPosition()).isEqualTo(Files.size(file));
    }

    @Test
    void resumingAtTheOffsetAfterTheBrokenRowReadsEveryFollowingRowOnce() throws IOException {
        Path file = write("corpus.csv", brokenThenValid(292));
        List<ReadResult> all = readAll(file, "format", "csv");
        ReadResult dead = all.get(0);

        List<ReadResult> resumed = readFrom(file, dead.endPosition(), dead.linesConsumed(), "format", "csv");

        assertThat(describe(resumed)).containsExactlyElementsOf(describe(all.subList(1, all.size())));
    }

    @Test
    void resumingAtAnyRecordsOffsetGivesExactlyTheRecordsAfterIt() throws IOException {
        String csv = "id,comment\n1,one\n2,\"open\n3,three\n4,four\n5,\"two\nlines\"\n6,\"open again\n"
                + "7,seven\n8,eight\n9,\"x\"\n";
        Path file = write("mixed.csv", csv);
        String[] config = {"format", "csv", "format.csv.quoted.max.lines", "3"};
        List<ReadResult> all = readAll(file, config);
        assertThat(describe(all)).containsExactly(
                "line 2-2 @11-17: one",
                "line 3-3 @17-25: dead letter",
                "line 4-4 @25-33: three",
                "line 5-5 @33-40: four",
                "line 6-7 @40-54: two\nlines",
                "line 8-8 @54-68: dead letter",
                "line 9-9 @68-76: seven",
                "line 10-10 @76-84: eight",
                "line 11-11 @84-90: x");

        for (int i = 0; i < all.size(); i++) {
            ReadResult at = all.get(i);
            assertThat(describe(readFrom(file, at.endPosition(), at.linesConsumed(), config)))
                    .as("resumed after result %d", i)
                    .containsExactlyElementsOf(describe(all.subList(i + 1, all.size())));
        }
    }

    @Test
    void aQuotedFieldOfThreeLinesWithinTheBoundIsOneRecord() throws IOException {
        Path file = write("legit.csv", "id,comment\n1,\"first\n\nthird, with a comma\"\n2,plain\n");
        List<ReadResult> results = readAll(file, "format", "csv", "format.csv.quoted.max.lines", "3");

        assertThat(describe(results)).containsExactly(
                "line 2-4 @11-42: first\n\nthird, with a comma",
                "line 5-5 @42-50: plain");
    }

    @Test
    void aRowStillOpenAtTheLineBoundIsDeadLetteredAndTheLinesAfterItsFirstAreReadAsRows() throws IOException {
        Path file = write("lines.csv", "id,comment\n1,\"a\nb\nc\"\n2,\"never closed\n3,three\n4,four\n5,five\n");
        List<ReadResult> results = readAll(file, "format", "csv", "format.csv.quoted.max.lines", "3");

        assertThat(describe(results)).containsExactly(
                "line 2-4 @11-21: a\nb\nc",
                "line 5-5 @21-37: dead letter",
                "line 6-6 @37-45: three",
                "line 7-7 @45-52: four",
                "line 8-8 @52-59: five");
        assertThat(failed(results.get(1)).message()).startsWith("unterminated quoted field starting at line 5 "
                + "(bytes 21-37): still open after 3 lines (format.csv.quoted.max.lines is 3)");
    }

    @Test
    void aRowStillOpenAtTheByteBoundIsDeadLetteredBeforeTheLineBound() throws IOException {
        Path file = write("bytes.csv", "id,comment\n1,\"ab\ncd\"\n2,\"never closed\n3,three\n4,four\n");
        List<ReadResult> results = readAll(file, "format", "csv", "format.csv.quoted.max.bytes", "20");

        assertThat(describe(results)).containsExactly(
                "line 2-3 @11-21: ab\ncd",
                "line 4-4 @21-37: dead letter",
                "line 5-5 @37-45: three",
                "line 6-6 @45-52: four");
        // "2,\"never closed" (15 bytes) + "\n3,three" (8) reaches 23 bytes with the quote still open.
        assertThat(failed(results.get(1)).message()).contains("still open after 23 bytes "
                + "(format.csv.quoted.max.bytes is 20)");
    }

    @Test
    void aFileEndingInsideAQuoteDeadLettersThatRowAloneAndReadsTheRowsAfterIt() throws IOException {
        Path file = write("end.csv", "id,comment\n1,one\n2,\"open\n3,\"x\"\n4,four");
        List<ReadResult> results = readAll(file, "format", "csv");

        assertThat(describe(results)).containsExactly(
                "line 2-2 @11-17: one",
                "line 3-3 @17-25: dead letter",
                "line 4-4 @25-31: x",
                "line 5-5 @31-37: four");
        assertThat(failed(results.get(1)).message()).isEqualTo("unterminated quoted field starting at line 3 "
                + "(bytes 17-25): the file ends inside it; that line is dead-lettered alone and reading goes on at "
                + "line 4");
    }

    @Test
    void aLineTooLongInsideAnOpenQuoteBreaksTheRowAndIsThenDeadLetteredOnItsOwn() throws IOException {
        // Longer than the splitter's largest buffer, so it is cut at format.line.max.bytes rather than read whole.
        String longLine = "x".repeat(300_000);
        Path file = write("long.csv", "id,comment\n1,\"open\n" + longLine + "\n2,two\n");
        List<ReadResult> results = readAll(file, "format", "csv", "format.line.max.bytes", "1000");

        assertThat(describe(results)).containsExactly(
                "line 2-2 @11-19: dead letter",
                "line 3-3 @19-300020: dead letter",
                "line 4-4 @300020-300026: two");
        assertThat(failed(results.get(0)).message()).contains("line 3 in it is longer than format.line.max.bytes");
        assertThat(failed(results.get(1)).message())
                .isEqualTo("line of 300000 bytes exceeds format.line.max.bytes (1000)");
    }

    @Test
    void aGzipFileWithAnUnterminatedQuoteReadsAsThePlainFile() throws IOException {
        Path plain = write("corpus.csv", brokenThenValid(150));
        Path gz = dir.resolve("corpus.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        List<ReadResult> fromPlain = readAll(plain, "format", "csv");
        List<ReadResult> fromGzip = readAll(gz, "format", "csv");

        assertThat(describe(fromGzip)).hasSize(151).containsExactlyElementsOf(describe(fromPlain));
        ReadResult dead = fromGzip.get(0);
        assertThat(describe(readFrom(gz, dead.endPosition(), dead.linesConsumed(), "format", "csv")))
                .containsExactlyElementsOf(describe(fromPlain.subList(1, fromPlain.size())));
    }

    @Test
    void aHeaderlessFileStartingWithABrokenRowTakesItsWidthFromTheRowsAfterIt() throws IOException {
        Path file = write("raw.csv", "\"broken;x\na;b\nc;d\n");
        List<ReadResult> results = readAll(file, "format", "csv", "format.csv.header.enabled", "false",
                "format.csv.delimiter", ";", "output", "map");

        assertThat(results).hasSize(3);
        assertThat(failed(results.get(0)).firstLine()).isEqualTo(1);
        assertThat(((ReadResult.Parsed) results.get(1)).value()).isEqualTo(Map.of("column1", "a", "column2", "b"));
        assertThat(((ReadResult.Parsed) results.get(2)).value()).isEqualTo(Map.of("column1", "c", "column2", "d"));
    }
}
