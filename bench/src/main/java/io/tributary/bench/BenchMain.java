package io.tributary.bench;

import io.tributary.bench.clickhouse.ClickHouseBench;
import io.tributary.bench.file.FileBench;
import io.tributary.bench.http.HttpBench;
import io.tributary.bench.processor.ProcessorBench;
import io.tributary.bench.push.PushBench;
import io.tributary.bench.transforms.TransformBench;

import java.nio.file.Path;

/** {@code ./tributary bench NAME}: runs one benchmark and prints its rates and ratios. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "list" : args[0];
        Span.moreRecordsWith(switch (name) {
            case "push", "processor" -> "--events N";
            case "clickhouse" -> "--rows N";
            default -> "--records N";
        });
        switch (name) {
            case "file" -> new FileBench(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), env("TRIBUTARY_BUNDLE"),
                    args).run();
            case "http" -> new HttpBench(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), env("TRIBUTARY_BUNDLE"),
                    args).run();
            case "push" -> new PushBench(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), env("TRIBUTARY_BUNDLE"),
                    args).run();
            case "clickhouse" -> new ClickHouseBench(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"),
                    env("TRIBUTARY_BUNDLE"), args).run();
            case "transforms" -> new TransformBench(env("TRIBUTARY_HOME"), args).run();
            case "processor" -> new ProcessorBench(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), env("TRIBUTARY_BUNDLE"),
                    args).run();
            case "list" -> System.out.println(String.join("\n",
                    "benchmarks:",
                    "  file [--records N]   raw producer vs FileStreamSource vs the file source (at-least-once,",
                    "                       exactly-once); raw consumer vs the file sink",
                    "       [--secure]      the same over SASL_SSL (SCRAM-SHA-512, ACLs) against plaintext, both",
                    "                       stacks in one run, with the ratio",
                    "       [--avro]        the file source's Structs through Apicurio's AvroConverter (real",
                    "                       registry) against the JsonConverter, both in one run, with the ratio",
                    "                       and the registry requests made",
                    "       [--parquet]     the file sink writing Parquet against a raw consumer writing Parquet",
                    "                       with parquet-java, the same records, with the ratio",
                    "  http [--records N]   raw producer vs the HTTP polling source (pages of 1,000 records;",
                    "                       maps and strings, at-least-once and exactly-once); the raw HTTP",
                    "                       client vs the HTTP sink posting JSON arrays of 500 records",
                    "  push [--events N] [--repeat R] [--tuned-producer]  raw producer vs the HTTP listener",
                    "                       (JSON arrays of 500, 16 in flight, durable acks; tasks.max 1 and 2) and",
                    "                       the WebSocket server (10 connections, NDJSON frames of 100, window 8);",
                    "                       the listener's single-event requests/s and p50/p99 latency (64",
                    "                       connections), on the push-source worker group's config (--worker",
                    "                       main: the exactly-once main worker's); more options in docs/benchmarks.md",
                    "  clickhouse [--rows N] [--repeat R] [--values json-strings,json-bytes,structs]",
                    "                       clickhouse-client bulk insert vs the ClickHouse sink from a topic of 4",
                    "                       partitions, exactly-once and at-least-once; more in docs/benchmarks.md",
                    "             [--avro]  the sink with Apicurio's AvroConverter (real registry) against JSON with",
                    "                       schemas, exactly-once and at-least-once, with the ratios",
                    "  transforms [--quick] JMH: each transform and the chain per record vs InsertField +",
                    "                       TimestampConverter; Redis enrichment (95% cache hits) vs a GET per record",
                    "  processor [PART] [--events N]  the stateful processor; PART is one of",
                    "                       throughput  its aggregate and dedup jobs (at-least-once, exactly-once) vs a",
                    "                                   plain Kafka Streams windowed count(), N events (1M)",
                    "                       latency     the dedup job's p99 end-to-end latency at 10k events/s",
                    "                       memory      heap and RSS of a child processor JVM holding 100k open windows",
                    "                       restore     time to RUNNING after losing the local state of 1M dedup ids",
                    "                       avro        dedup and aggregate reading Avro through the registry vs the",
                    "                                   same events as JSON",
                    "                       all         all of them (the default)"));
            default -> {
                System.err.println("unknown benchmark '" + name + "' (./tributary bench list)");
                System.exit(2);
            }
        }
        // A figure refused as measured over too short a span (Span) fails the run: what was printed is incomplete.
        if (!Span.refused().isEmpty()) {
            System.out.println();
            Span.summary().forEach(System.out::println);
            System.exit(3);
        }
        System.exit(0);
    }

    private static Path env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run benchmarks through ./tributary bench");
        }
        return Path.of(value).toAbsolutePath();
    }
}
