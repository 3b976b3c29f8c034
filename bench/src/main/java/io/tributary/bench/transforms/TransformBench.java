package io.tributary.bench.transforms;

import io.tributary.bench.Machine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tributary bench transforms}: the JMH benchmarks of the transforms ({@link TransformBenchmarks},
 * {@link EnrichThroughputBenchmarks}) in one run, then a summary: each transform's cost per record, the chain
 * against Apache's InsertField + TimestampConverter, and Redis enrichment against a plain GET per record, with the
 * issue's targets.
 */
public final class TransformBench {

    private static final double CHAIN_TARGET_NS = 5_000;
    private static final double ENRICH_TARGET_PER_S = 100_000;

    private final boolean quick;
    private final Path home;

    public TransformBench(Path home, String[] args) {
        this.home = home;
        this.quick = List.of(args).contains("--quick");
    }

    public void run() throws Exception {
        Path out = Files.createDirectories(home.resolve("bench")).resolve("transforms-hit-rate.txt");
        Files.deleteIfExists(out);
        // Cold: each call takes the next of 1,024 records (several MB, beyond the CPU caches), as a source task's
        // batch of fresh records does. The chain needs about 8 s of warm-up on 2 cores before C2 settles.
        Collection<RunResult> results = new Runner(options(out)
                .include(TransformBenchmarks.class.getName() + "\\.")
                .include(EnrichThroughputBenchmarks.class.getName() + "\\.")
                .build()).run();
        // Hot: 16 records that stay in the caches, the cost of the transforms' own work.
        Collection<RunResult> hot = new Runner(options(out)
                .include(TransformBenchmarks.class.getName() + "\\.(chain|referenceInsertFieldTimestampConverter)$")
                .param("records", "16")
                .build()).run();

        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String shape = r.getParams().getParam("shape");
            String key = shape == null ? method : method + "/" + shape;
            score.put(key, r.getPrimaryResult().getScore());
            error.put(key, r.getPrimaryResult().getScoreError());
        }
        for (RunResult r : hot) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String key = method + " (16 hot records)/" + r.getParams().getParam("shape");
            score.put(key, r.getPrimaryResult().getScore());
            error.put(key, r.getPrimaryResult().getScoreError());
        }
        System.out.println();
        System.out.println("Transforms, per record, on events of " + Events.averageJsonBytes(Events.maps(1_024))
                + " bytes of JSON on average (" + Machine.describe() + ")");
        // JMH times its own iterations: each figure below is the mean over 2 (--quick) or 5 iterations of 1 s of
        // calls, never shorter than the benches' one rule allows (Span.MIN_SECONDS); printed like every span.
        System.out.printf(Locale.ROOT, "  each figure: JMH's mean over %d iterations of 1 s (%d s of calls)%n",
                iterations(), iterations());
        System.out.printf(Locale.ROOT, "  %-56s %16s %16s%n", "", "json (maps)", "structs");
        for (String method : List.of("validate", "enrichCacheHit", "rules20", "protect2Fields", "eventTime", "chain",
                "referenceInsertFieldTimestampConverter", "chain (16 hot records)",
                "referenceInsertFieldTimestampConverter (16 hot records)")) {
            System.out.printf(Locale.ROOT, "  %-56s %16s %16s%n", method, micros(score, error, method + "/json"),
                    micros(score, error, method + "/struct"));
        }
        for (String records : List.of("", " (16 hot records)")) {
            for (String shape : List.of("json", "struct")) {
                Double chain = score.get("chain" + records + "/" + shape);
                Double reference = score.get("referenceInsertFieldTimestampConverter" + records + "/" + shape);
                if (chain != null && reference != null) {
                    System.out.printf(Locale.ROOT, "  chain%s (%s): %.2f µs/record, %.1f× the reference's cost   "
                                    + "target <= %.1f µs: %s%n", records, shape, chain / 1_000, chain / reference,
                            CHAIN_TARGET_NS / 1_000, chain <= CHAIN_TARGET_NS ? "met" : "MISSED");
                }
            }
        }
        Double enrich = score.get("enrich95PercentCacheHits");
        Double get = score.get("referenceRedisGetPerRecord");
        if (enrich != null && get != null) {
            String hitRate = Files.exists(out) ? Files.readString(out).trim() : "hit rate not recorded";
            System.out.printf(Locale.ROOT, "  EnrichFromRedis, one thread, 95%% cache hits: %,.0f records/s (%s)%n", enrich,
                    hitRate);
            System.out.printf(Locale.ROOT, "  reference, a Redis GET per record:          %,.0f records/s   ratio %.1f×   "
                    + "target >= %,.0f records/s: %s%n", get, enrich / get, ENRICH_TARGET_PER_S,
                    enrich >= ENRICH_TARGET_PER_S ? "met" : "MISSED");
        }
    }

    private ChainedOptionsBuilder options(Path out) {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(quick ? 2 : 4).warmupTime(TimeValue.seconds(2))
                .measurementIterations(iterations()).measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-Dtributary.bench.out=" + out)
                .shouldFailOnError(true);
    }

    private int iterations() {
        return quick ? 2 : 5;
    }

    private static String micros(Map<String, Double> score, Map<String, Double> error, String key) {
        Double s = score.get(key);
        if (s == null) {
            return "-";
        }
        double e = error.get(key);
        return String.format(Locale.ROOT, "%.2f ± %.2f µs", s / 1_000, Double.isNaN(e) ? 0 : e / 1_000);
    }
}
