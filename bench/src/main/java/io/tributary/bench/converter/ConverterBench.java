package io.tributary.bench.converter;

import io.tributary.bench.Machine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JMH benchmarks of {@link JsonConverterBenchmarks}, then a summary: per record, Kafka's JsonConverter and the
 * bundle's StreamingJsonConverter in both directions and both shapes, and the ratio (Kafka's time / ours: how many
 * times faster). Run with {@code java -cp <bench classpath> io.tributary.bench.converter.ConverterBench [--quick]}.
 */
public final class ConverterBench {

    private ConverterBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int iterations = quick ? 2 : 5;
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(JsonConverterBenchmarks.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xms1g", "-Xmx1g")
                .build()).run();
        Map<String, double[]> ns = new HashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String key = method + "/" + r.getParams().getParam("shape") + "/" + r.getParams().getParam("converter");
            ns.put(key, new double[]{r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("JSON converters, per record, on the demo's events (" + Machine.describe() + ")");
        System.out.printf(Locale.ROOT, "  each figure: JMH's mean over %d iterations of 1 s%n", iterations);
        System.out.printf(Locale.ROOT, "  %-24s %20s %20s %10s%n", "", "Kafka JsonConverter", "StreamingJson", "ratio");
        for (String method : List.of("fromConnect", "toConnect")) {
            for (String shape : List.of("schemaless", "struct")) {
                double[] kafka = ns.get(method + "/" + shape + "/kafka");
                double[] ours = ns.get(method + "/" + shape + "/streaming");
                System.out.printf(Locale.ROOT, "  %-24s %13.0f ± %4.0f ns %13.0f ± %4.0f ns %9.2fx%n",
                        method + " " + shape, kafka[0], kafka[1], ours[0], ours[1], kafka[0] / ours[0]);
            }
        }
    }
}
