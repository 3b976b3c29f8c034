package io.tributary.bench.push;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The push benchmark's knobs, from {@code ./tributary bench push [--events N] [--repeat R] ...}, and the producer
 * settings every subject shares.
 *
 * @param events        events per measured pass of the throughput subjects
 * @param repeat        measured passes per throughput subject (the median is reported)
 * @param partitions    partitions of every topic
 * @param batch         events per listener batch request
 * @param concurrency   listener batch requests in flight
 * @param tasks         the listener's tasks.max values to measure batches with
 * @param inFlight      single-event connections, one request in flight on each
 * @param seconds       measured duration of the single-event subject
 * @param wsConnections WebSocket connections
 * @param frame         events per WebSocket frame (NDJSON)
 * @param window        unacknowledged frames per WebSocket connection at most
 * @param tuned         whether the producers batch more than Connect's defaults (the other benchmarks' settings)
 * @param exactlyOnce   {@code --worker main}: the connectors on the main worker config (exactly-once source support,
 *                      the producer's default linger, batch.linger.ms 5) instead of the push-source worker group's
 *                      (connect-distributed-push.properties: none of them, producer.linger.ms 0, batch.linger.ms 0)
 */
record PushSettings(int events, int repeat, int partitions, int batch, int concurrency, List<Integer> tasks,
                    int inFlight, int seconds, int wsConnections, int frame, int window, boolean tuned,
                    boolean exactlyOnce) {

    /**
     * What a Connect worker gives a source task's producer unless told otherwise: acks=all, one request in flight,
     * no idempotence (Worker.baseProducerConfigs, Kafka 4.3), and the producer's own defaults for batching
     * (linger.ms 5 since Kafka 4.0, batch.size 16 KB, no compression). The raw producer uses them too, so that the
     * ratios compare the connectors' own work, not producer tuning.
     */
    private static final Map<String, String> CONNECT_DEFAULTS = ordered(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "16384",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");

    /** The file and HTTP benchmarks' batching, given to the connectors as {@code producer.override.*}. */
    private static final Map<String, String> TUNED = ordered(
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    /** The options and their defaults (events per pass, ...), in the order of the record's components. */
    private static final Map<String, String> DEFAULTS = ordered(
            "--events", "200000", "--repeat", "5", "--partitions", "3", "--batch", "500", "--concurrency", "16",
            "--tasks", "1,2", "--in-flight", "64", "--seconds", "20", "--ws-connections", "10", "--frame", "100",
            "--window", "8");

    static PushSettings parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        boolean tuned = false;
        boolean exactlyOnce = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--tuned-producer")) {
                tuned = true;
            } else if (args[i].equals("--worker") && i + 1 < args.length) {
                String worker = args[++i];
                if (!worker.equals("push") && !worker.equals("main")) {
                    throw new IllegalArgumentException("--worker takes push or main, not '" + worker + "'");
                }
                exactlyOnce = worker.equals("main");
            } else if (DEFAULTS.containsKey(args[i]) && i + 1 < args.length) {
                options.put(args[i], args[++i].replace("_", ""));
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "' (./tributary bench list)");
            }
        }
        List<Integer> tasks = new ArrayList<>();
        for (String t : options.get("--tasks").split(",")) {
            tasks.add(Integer.parseInt(t.trim()));
        }
        return new PushSettings(number(options, "--events"), number(options, "--repeat"),
                number(options, "--partitions"), number(options, "--batch"), number(options, "--concurrency"),
                List.copyOf(tasks), number(options, "--in-flight"), number(options, "--seconds"),
                number(options, "--ws-connections"), number(options, "--frame"), number(options, "--window"), tuned,
                exactlyOnce);
    }

    private static int number(Map<String, String> options, String name) {
        try {
            return Integer.parseInt(options.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a number, not '" + options.get(name) + "'", e);
        }
    }

    /**
     * The raw producer's settings: Connect's defaults, the push worker group's {@code producer.linger.ms=0} unless on
     * the main worker, with the tuned batching on top when asked for.
     */
    Map<String, String> rawProducer() {
        Map<String, String> config = new LinkedHashMap<>(CONNECT_DEFAULTS);
        if (!exactlyOnce) {
            config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        }
        if (tuned) {
            config.putAll(TUNED);
        }
        return config;
    }

    /**
     * The connectors' keys beyond the subject's own: {@code batch.linger.ms=0} on the push worker group (as the
     * examples set it), and {@code producer.override.*} only when tuned (else the worker's defaults).
     */
    Map<String, String> connectorOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (!exactlyOnce) {
            overrides.put("batch.linger.ms", "0");
        }
        if (tuned) {
            TUNED.forEach((k, v) -> overrides.put("producer.override." + k, v));
        }
        return overrides;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
