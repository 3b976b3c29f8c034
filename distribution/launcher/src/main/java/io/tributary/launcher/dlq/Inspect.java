package io.tributary.launcher.dlq;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tributary dlq inspect}: prints the dead letters of a topic between {@code --from} and {@code --until} (by
 * default all it holds now), those matching every {@code --where}, at most {@code --limit}; read-only, in no consumer
 * group. The summary goes to standard error, so {@code --format json} output stays one JSON object per line.
 */
final class Inspect {

    static final Set<String> FLAGS = Set.of("bootstrap", "topic", "from", "until", "limit", "where", "format",
            "command-config", "registry");

    private Inspect() {
    }

    static int run(DlqArgs args, PrintStream out, PrintStream err) throws Exception {
        String topic = args.required("topic");
        String format = args.string("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("--format is text or json, not '" + format + "'");
        }
        int limit = args.positive("limit", Integer.MAX_VALUE);
        Bounds from = Bounds.parse("from", args.string("from", null));
        Bounds until = Bounds.parse("until", args.string("until", null));
        Map<String, Object> config = args.clientConfig();
        List<TopicPartition> partitions = Clients.partitions(config, topic);
        DeadLetterPrinter printer = new DeadLetterPrinter(out, format.equals("json"),
                args.has("registry") ? WriterSchemas.registry(args.string("registry", null)) : null);
        long read = 0;
        long shown = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(config, null, 500)) {
            Span span = Span.of(consumer, partitions, from, until, null);
            Map<TopicPartition, Long> open = span.open();
            consumer.assign(open.keySet());
            open.forEach(consumer::seek);
            while (!open.isEmpty() && shown < limit) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= span.end().get(p) || shown >= limit) {
                        continue;
                    }
                    read++;
                    if (args.where().stream().allMatch(w -> w.matches(record.headers()))) {
                        printer.print(record);
                        shown++;
                    }
                }
                // Done with a partition at its end (a transaction marker may be the last offset: by position, not
                // by the records seen).
                open.keySet().removeIf(p -> consumer.position(p) >= span.end().get(p));
                consumer.pause(partitionsNotIn(consumer, open));
            }
            err.println(shown + " dead letter" + (shown == 1 ? "" : "s") + " shown of " + read + " read from " + topic
                    + " (" + span.describe() + ")" + (args.where().isEmpty() ? "" : ", where " + args.where())
                    + (shown >= limit && limit != Integer.MAX_VALUE ? ", stopped at --limit " + limit : ""));
        }
        return DlqCommand.OK;
    }

    private static Set<TopicPartition> partitionsNotIn(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> open) {
        Set<TopicPartition> done = new java.util.HashSet<>(consumer.assignment());
        done.removeAll(open.keySet());
        return done;
    }
}
