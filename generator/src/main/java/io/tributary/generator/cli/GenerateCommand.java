package io.tributary.generator.cli;

import io.tributary.generator.GenerationStats;
import io.tributary.generator.GeneratorRun;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Scenario;
import io.tributary.generator.sink.DirectorySink;
import io.tributary.generator.sink.EventSink;
import io.tributary.generator.sink.HttpSink;
import io.tributary.generator.sink.KafkaSink;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code tributary generate}: synthetic events to a directory, an HTTP endpoint or a Kafka topic.
 *
 * <pre>
 * tributary generate --events 100000 --rate 5000 --to-dir /tmp/in
 * tributary generate --events 1000 --to-url http://127.0.0.1:8080/events/batch --batch 100
 * tributary generate --events 1000000 --to-topic events-raw --bootstrap 127.0.0.1:9092
 * </pre>
 */
public final class GenerateCommand {

    static final Set<String> FLAGS = Set.of("events", "rate", "malformed-share", "duplicate-share", "late-share",
            "invalid-share",
            "out-of-order-share", "users", "seed", "scenarios", "to-dir", "to-url", "to-topic", "bootstrap", "batch",
            "events-per-file", "prefix", "help");

    private GenerateCommand() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args, 0));
        } catch (IllegalArgumentException e) {
            System.err.println("generate: " + e.getMessage());
            System.exit(2);
        }
    }

    public static int run(String[] args, int from) throws Exception {
        Flags flags = Flags.parse(args, from, FLAGS);
        if (flags.has("help")) {
            System.out.println(usage());
            return 0;
        }
        GeneratorSettings defaults = GeneratorSettings.defaults(10_000, 0);
        GeneratorSettings settings = new GeneratorSettings(
                flags.longValue("events", defaults.events()),
                flags.doubleValue("rate", 0),
                flags.doubleValue("malformed-share", defaults.malformedShare()),
                flags.doubleValue("duplicate-share", defaults.duplicateShare()),
                flags.doubleValue("late-share", defaults.lateShare()),
                flags.doubleValue("invalid-share", defaults.invalidShare()),
                flags.doubleValue("out-of-order-share", defaults.outOfOrderShare()),
                (int) flags.longValue("users", defaults.users()),
                flags.longValue("seed", defaults.seed()),
                scenarios(flags.string("scenarios", "clickstream,iot,payments")));
        long started = System.nanoTime();
        GenerationStats stats;
        try (EventSink sink = sink(flags)) {
            stats = GeneratorRun.run(settings, sink, s -> System.err.println("generated " + s.total()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%s in %.1f s (%.0f events/s)%n", stats, seconds, stats.total() / seconds);
        return 0;
    }

    private static EventSink sink(Flags flags) throws Exception {
        int targets = (flags.has("to-dir") ? 1 : 0) + (flags.has("to-url") ? 1 : 0) + (flags.has("to-topic") ? 1 : 0);
        if (targets != 1) {
            throw new IllegalArgumentException("give exactly one of --to-dir, --to-url, --to-topic\n" + usage());
        }
        if (flags.has("to-dir")) {
            return new DirectorySink(Path.of(flags.string("to-dir", null)), flags.string("prefix", "events"),
                    flags.longValue("events-per-file", 10_000));
        }
        if (flags.has("to-url")) {
            return new HttpSink(URI.create(flags.string("to-url", null)), (int) flags.longValue("batch", 1));
        }
        return new KafkaSink(flags.string("bootstrap", "127.0.0.1:9092"), flags.string("to-topic", null), Map.of());
    }

    private static Set<Scenario> scenarios(String list) {
        EnumSet<Scenario> set = EnumSet.noneOf(Scenario.class);
        for (String name : list.split(",")) {
            try {
                set.add(Scenario.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                        + Arrays.toString(Scenario.values()).toLowerCase(Locale.ROOT) + ")");
            }
        }
        return set;
    }

    static String usage() {
        return String.join("\n",
                "usage: tributary generate [--events N] [--rate PER_SECOND] (--to-dir DIR | --to-url URL | --to-topic T)",
                "  --scenarios clickstream,iot,payments   which kinds of event (default: all)",
                "  --malformed-share F  --duplicate-share F  --late-share F  --invalid-share F  --out-of-order-share F",
                "  --users N  --seed N",
                "  --events-per-file N  --prefix NAME     with --to-dir (files appear complete, by rename)",
                "  --batch N                              with --to-url: NDJSON batches of N lines",
                "  --bootstrap HOST:PORT                  with --to-topic (default 127.0.0.1:9092)");
    }
}
