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

    public void run() throws RunnerException, IOException {
        Path out = Files.createDirectories(home.resolve("bench")).resolve("transforms-hit-rate.txt");
        Files.deleteIfExists(out);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(TransformBenchmarks.class.getName() + "\\.")
                .include(EnrichThroughputBenchmarks.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-Dtributary.bench.out=" + out)
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String shape = r.getParams().getParam("shape");
            String key = shape == null ? method : method + "/" + shape;
            score.put(key, r.getPrimaryResult().getScore());
            error.put(key, r.getPrimaryResult().getScoreError());
        }
        System.out.println();
        System.out.println("Transforms, per record on ~1 KB events (" + Machine.describe() + ")");
        System.out.printf(Locale.ROOT, "  %-42s %14s %14s%n", "", "json (maps)", "structs");
        for (String method : List.of("validate", "enrichCacheHit", "rules20", "protect2Fields", "eventTime", "chain",
                "referenceInsertFieldTimestampConverter")) {
            System.out.printf(Locale.ROOT, "  %-42s %14s %14s%n", method, micros(score, error, method + "/json"),
                    micros(score, error, method + "/struct"));
        }
        for (String shape : List.of("json", "struct")) {
            Double chain = score.get("chain/" + shape);
            Double reference = score.get("referenceInsertFieldTimestampConverter/" + shape);
            if (chain != null && reference != null) {
                System.out.printf(Locale.ROOT, "  chain (%s): %.2f µs/record, %.1f× the reference's cost   "
                                + "target <= %.1f µs: %s%n", shape, chain / 1_000, chain / reference,
                        CHAIN_TARGET_NS / 1_000, chain <= CHAIN_TARGET_NS ? "met" : "MISSED");
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

    private static String micros(Map<String, Double> score, Map<String, Double> error, String key) {
        Double s = score.get(key);
        if (s == null) {
            return "-";
        }
        double e = error.get(key);
        return String.format(Locale.ROOT, "%.2f ± %.2f µs", s / 1_000, Double.isNaN(e) ? 0 : e / 1_000);
    }
}
