package io.tributary.bench.processor;

import io.tributary.bench.Span;
import io.tributary.processor.ProcessorApp;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.Topics;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency of the dedup job (its output is per event) at a steady 10,000 events/s, at-least-once and
 * exactly-once: events are sent at an even pace for {@value #WARM_UP_S} s (not counted) and then
 * {@value #MEASURED_S} s, each with the wall clock at sending as its record timestamp, which the job keeps on its
 * output; a consumer in this JVM (read_committed under exactly-once) takes the time each output record arrives.
 * Latency is arrival minus timestamp: the producer's batching, the broker, the job, its producer and, under
 * exactly-once, the wait for the transaction to commit. The job runs with Kafka Streams' defaults but for what the
 * processor sets; the commit interval and producer linger in force are printed, as they bound the figures.
 */
final class LatencyBench {

    private static final int RATE = 10_000;
    private static final int WARM_UP_S = 5;
    private static final int MEASURED_S = 25;
    private static final String SINK = "dedup-output";

    private final String bootstrap;
    private final Path work;

    LatencyBench(String bootstrap, Path work) {
        this.bootstrap = bootstrap;
        this.work = work;
    }

    void run() throws Exception {
        Latency alos = measure("at_least_once");
        Latency eos = measure("exactly_once_v2");
        System.out.println();
        alos.print("dedup p99 end-to-end at 10k events/s, at-least-once", 100);
        eos.print("dedup p99 end-to-end at 10k events/s, exactly-once", 300);
    }

    private Latency measure(String guarantee) throws Exception {
        boolean exactlyOnce = guarantee.startsWith("exactly_once");
        String app = "bench-latency-" + (exactlyOnce ? "eos" : "alos");
        String input = app + "-in";
        String output = app + "-out";
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: %s
                bootstrap.servers: %s
                processing.guarantee: %s
                state.dir: %s
                http.listen: off
                streams: {replication.factor: 1}
                jobs:
                  - {name: dedup, kind: dedup, input: %s, output: %s, id: event_id, retention: 10m, time.field: ts}
                """.formatted(app, bootstrap, guarantee, work.resolve("state"), input, output), app);
        Topics.createMissing(config);
        StreamsConfig effective = new StreamsConfig(ProcessorApp.properties(config));
        Map<String, Object> producer = effective.getProducerConfigs(app);
        System.out.printf(Locale.ROOT, "  %s: commit.interval.ms %d, the job's producer linger.ms %s, batch.size %s%n",
                guarantee, effective.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                producer.get(ProducerConfig.LINGER_MS_CONFIG), producer.getOrDefault(ProducerConfig.BATCH_SIZE_CONFIG,
                        ProducerConfig.configDef().defaultValues().get(ProducerConfig.BATCH_SIZE_CONFIG)));
        try (ProcessorRuntime runtime = ProcessorRuntime.start(config, null, null)) {
            Progress.awaitRunning(runtime.streams(), app);
            Receiver receiver = new Receiver(output, exactlyOnce);
            Thread thread = new Thread(receiver, app + "-receiver");
            thread.start();
            receiver.ready.await();
            Sent sent = send(input, receiver);
            receiver.awaitReceived(sent.count, Duration.ofSeconds(60));
            receiver.stop = true;
            thread.join();
            double[] streamsLatency = sinkLatency(runtime.streams().metrics());
            long[] samples = Arrays.copyOf(receiver.samples, receiver.measured);
            Arrays.sort(samples);
            Latency latency = new Latency(samples, streamsLatency[0], streamsLatency[1]);
            System.out.printf(Locale.ROOT, "  %s: sent %s, %,.0f events/s (the sender fell behind its pace by "
                    + "%d ms at most), received %,d; %,d measured; %d ms at most in the warm-up%n", guarantee,
                    Span.over(sent.count, sent.seconds, "events"), sent.count / sent.seconds, sent.maxBehindMs,
                    receiver.received, samples.length, receiver.warmUpMax);
            return latency;
        }
    }

    /** What the paced sender sent: always over its fixed 30 s, so the pace it kept is not subject to the Span rule. */
    private record Sent(long count, double seconds, long maxBehindMs) {
    }

    /**
     * Sends at an even pace, each event at its due time (or at once when behind). The record timestamp is the clock
     * at sending, so a sender that falls behind hides its own delay: how far it fell behind is reported.
     */
    private Sent send(String input, Receiver receiver) {
        long total = (long) RATE * (WARM_UP_S + MEASURED_S);
        long intervalNanos = 1_000_000_000L / RATE;
        Random random = new Random(2);
        long maxBehind = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            long wallStart = System.currentTimeMillis();
            receiver.measureFrom = wallStart + WARM_UP_S * 1000L;
            receiver.measureUntil = receiver.measureFrom + MEASURED_S * 1000L;
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                while (wait > 0) {
                    LockSupport.parkNanos(wait);
                    wait = due - System.nanoTime();
                }
                maxBehind = Math.max(maxBehind, -wait);
                long now = System.currentTimeMillis();
                String id = "l-" + i;
                producer.send(new ProducerRecord<>(input, null, now, id, ProcessorBench.event(id, "payment",
                        "u-" + random.nextInt(50_000), random.nextInt(100_000) / 100.0, now, "s-" + i % 1000)));
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Sent(total, seconds, maxBehind / 1_000_000);
        }
    }

    /** Kafka Streams' own record-e2e-latency at the output sink: {avg over tasks, max}, in ms. */
    private static double[] sinkLatency(Map<MetricName, ? extends Metric> metrics) {
        double sum = 0;
        int n = 0;
        double max = Double.NaN;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            if (!SINK.equals(e.getKey().tags().get("processor-node-id"))
                    || !(e.getValue().metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
                continue;
            }
            if (e.getKey().name().equals("record-e2e-latency-avg")) {
                sum += value.doubleValue();
                n++;
            } else if (e.getKey().name().equals("record-e2e-latency-max")) {
                max = Double.isNaN(max) ? value.doubleValue() : Math.max(max, value.doubleValue());
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, max};
    }

    /** Consumes the job's output from the start and keeps the latency of the records sent in the measured span. */
    private final class Receiver implements Runnable {
        private final String topic;
        private final boolean readCommitted;
        private final long[] samples = new long[RATE * MEASURED_S * 2];
        private final CountDownLatch ready = new CountDownLatch(1);
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long measureUntil = Long.MAX_VALUE;
        private volatile long received;
        private volatile int measured;
        private volatile long warmUpMax;
        private volatile boolean stop;

        Receiver(String topic, boolean readCommitted) {
            this.topic = topic;
            this.readCommitted = readCommitted;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                partitions.forEach(consumer::position);
                ready.countDown();
                while (!stop) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.currentTimeMillis();
                    long from = measureFrom;
                    long until = measureUntil;
                    int n = measured;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.timestamp() < from) {
                            warmUpMax = Math.max(warmUpMax, now - r.timestamp());
                        } else if (r.timestamp() < until && n < samples.length) {
                            samples[n++] = now - r.timestamp();
                        }
                    }
                    measured = n;
                    received += records.count();
                }
            }
        }

        void awaitReceived(long count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("received " + received + " of " + count + " output records");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    /** The measured distribution (sorted, ms) and Kafka Streams' own view of it at the sink. */
    private record Latency(long[] sorted, double streamsAvgMs, double streamsMaxMs) {

        long percentile(double p) {
            return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
        }

        void print(String what, long targetMs) {
            long p99 = percentile(0.99);
            System.out.printf(Locale.ROOT, "  %-58s p50 %d ms, p99 %d ms, max %d ms   target p99 < %d ms: %s%n", what,
                    percentile(0.50), p99, sorted[sorted.length - 1], targetMs, p99 < targetMs ? "met" : "MISSED");
            System.out.printf(Locale.ROOT, "  %-58s avg %.1f ms, max %.0f ms: Kafka Streams' own record-e2e-latency "
                    + "at the sink (up to the job's producer; over its last 30-60 s, warm-up included)%n", "",
                    streamsAvgMs, streamsMaxMs);
        }
    }
}
