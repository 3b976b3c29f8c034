package io.tributary.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benches' one rule for reporting a rate (Span), fed spans: no timing here. */
class SpanRuleTest {

    @BeforeEach
    @AfterEach
    void forget() {
        Span.clear();
        Span.moreRecordsWith("--records N");
    }

    @Test
    void aSpanOfOneSecondOrMoreIsMeasurable() {
        assertThat(Span.measurable(1.0)).isTrue();
        assertThat(Span.measurable(17.27)).isTrue();
    }

    @Test
    void aSpanBelowOneSecondIsNot() {
        assertThat(Span.measurable(0.999)).isFalse();
        assertThat(Span.measurable(0.03)).isFalse();
        assertThat(Span.measurable(0)).isFalse();
        assertThat(Span.measurable(Double.NaN)).isFalse();
        assertThat(Span.measurable(Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void theIssuesFileSinkFigureIsRefusedWithItsSpanAndCount() {
        // 200,000-record bench file --repeat 1: the file sink's 152,204 records between its two commits, 0.03 s apart.
        Result sink = new Result("file sink, lines", 152_204, 0.03, "t");

        String line = sink.line();

        assertThat(line).contains("file sink, lines").contains("152,204 records over    0.03 s")
                .contains("too short to measure: run with more records (--records N)")
                .doesNotContain("rec/s").doesNotContain("5,073");
        assertThat(Span.refused()).containsExactly("file sink, lines: 152,204 records over 0.03 s");
    }

    @Test
    void aMeasurableLineShowsRecordsSpanAndRate() {
        Result producer = new Result("raw KafkaProducer", 1_000_000, 2.5, "t");

        assertThat(producer.line()).contains("1,000,000 records over    2.50 s").contains("400,000 rec/s");
        assertThat(Span.refused()).isEmpty();
        assertThat(Span.summary()).isEmpty();
    }

    @Test
    void aRatioOnATooShortFigureIsRefusedNamingTheShortSpan() {
        Result sink = new Result("file sink, lines", 152_204, 0.03, "t");
        Result consumer = new Result("raw KafkaConsumer writing a file", 152_204, 1.2, "t");

        String ratio = Result.ratio(sink, consumer, 0.7);

        assertThat(ratio).contains("file sink, lines / raw KafkaConsumer writing a file")
                .contains("refused: file sink, lines 152,204 records over 0.03 s")
                .doesNotContain("raw KafkaConsumer writing a file 152,204").doesNotContain("met")
                .doesNotContain("MISSED");
        assertThat(Span.refused()).containsExactly("file sink, lines / raw KafkaConsumer writing a file");
        assertThat(Result.ratioValue(sink, consumer)).isEqualTo("refused");
    }

    @Test
    void aRatioIsRefusedWhenItsReferenceIsTooShortToo() {
        Result source = new Result("file source", 500_000, 3.0, "t");
        Result producer = new Result("raw KafkaProducer", 500_000, 0.8, "t");

        assertThat(Result.ratio(source, producer, 0.7)).contains("refused: raw KafkaProducer 500,000 records over "
                + "0.80 s");
        assertThat(Span.refused()).hasSize(1);
    }

    @Test
    void aRatioOfMeasurableFiguresIsReported() {
        Result source = new Result("file source", 900_000, 3.0, "t");
        Result producer = new Result("raw KafkaProducer", 900_000, 2.0, "t");

        assertThat(Result.ratio(source, producer, 0.7)).contains(" 0.67").contains("target >= 0.70: MISSED");
        assertThat(Result.ratioValue(source, producer)).isEqualTo("0.67");
        assertThat(Span.refused()).isEmpty();
    }

    @Test
    void anAbsoluteTargetOnATooShortFigureIsRefused() {
        Result dedup = new Result("dedup job, at-least-once", 10_000, 0.2, "t");

        assertThat(Result.target("dedup, at-least-once", dedup, 150_000, "events/s"))
                .contains("refused: dedup job, at-least-once 10,000 records over 0.20 s").doesNotContain("met");
        assertThat(Result.target("dedup, at-least-once", new Result("d", 1_000_000, 4.0, "t"), 150_000, "events/s"))
                .contains("1,000,000 records over 4.00 s").contains("250,000 events/s")
                .contains("target >= 150,000: met");
    }

    @Test
    void theSummaryListsEachRefusalOnceWithTheBenchsOption() {
        Span.moreRecordsWith("--rows N");
        Result client = new Result("clickhouse-client, RowBinary", 500_000, 0.72, "t");
        client.line();
        client.line();
        Result.ratio(client, client, 0.7);

        List<String> summary = Span.summary();

        assertThat(summary).containsExactly(
                "REFUSED 2 figure(s) measured over less than 1 s: too short to measure: run with more records "
                        + "(--rows N)",
                "  clickhouse-client, RowBinary: 500,000 records over 0.72 s",
                "  clickhouse-client, RowBinary / clickhouse-client, RowBinary");
    }

    @Test
    void printingAResultForDebuggingRefusesNothing() {
        assertThat(new Result("s", 10, 0.01, "t").toString()).contains("10 records over 0.01 s");
        assertThat(Span.refused()).isEmpty();
    }
}
