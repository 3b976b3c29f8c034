package io.tributary.launcher.dlq;

import io.tributary.connect.common.dlq.ErrorHeaders;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code tributary dlq replay}: sends dead letters back to a topic once their cause is fixed, each exactly once.
 *
 * <p>Read-process-write as Kafka's transactions do it: a transactional producer whose id is derived from the source
 * and target topics (a second run for the same pair fences the first, and aborts what it left open), and the progress
 * kept as the offsets of a consumer group derived from source, target and the {@code --where} filters, committed
 * inside each transaction ({@code sendOffsetsToTransaction}). A transaction's records and its progress are committed
 * together or not at all: a run killed at any point, run again, resumes where the last committed transaction ended,
 * and a read_committed reader of the target sees every dead letter of the selection once.
 *
 * <p>Each record keeps its key, value, timestamp and headers — the provenance ({@code tributary.source.*},
 * {@code tributary.connector}, Connect's {@code __connect.errors.*}) included — with two changes: the
 * {@code tributary.error.*} headers move to {@code tributary.replay.error.*}, because a record carrying
 * {@code tributary.error.stage} is a dead letter to every Tributary transform, which would pass it through unchecked;
 * and {@code tributary.replay.*} headers say when, from where and by which run it was replayed.
 */
final class Replay {

    static final Set<String> FLAGS = Set.of("bootstrap", "topic", "to", "from", "until", "where", "dry-run", "batch",
            "command-config");

    static final String REPLAY_PREFIX = ErrorHeaders.PREFIX + "replay.";
    static final String REPLAY_TIME = REPLAY_PREFIX + "time";
    static final String REPLAY_SOURCE_TOPIC = REPLAY_PREFIX + "source.topic";
    static final String REPLAY_SOURCE_PARTITION = REPLAY_PREFIX + "source.partition";
    static final String REPLAY_SOURCE_OFFSET = REPLAY_PREFIX + "source.offset";
    static final String REPLAY_RUN = REPLAY_PREFIX + "run";
    private static final String ERROR_PREFIX = ErrorHeaders.PREFIX + "error.";

    /**
     * Test hook, as {@code StopSequence}'s blocked step: after sending the records of this many transactions (the
     * last one still open), the run says so on standard error and waits, so a test can kill it mid-transaction.
     */
    static final String HOLD_PROPERTY = "tributary.dlq.replay.hold.after.transactions";

    private Replay() {
    }

    static int run(DlqArgs args, PrintStream out, PrintStream err) throws Exception {
        String source = args.required("topic");
        String target = args.required("to");
        if (source.equals(target)) {
            throw new IllegalArgumentException("--to must be another topic than --topic (" + source + ")");
        }
        boolean dryRun = args.has("dry-run");
        int batch = args.positive("batch", 500);
        Bounds from = Bounds.parse("from", args.string("from", null));
        Bounds until = Bounds.parse("until", args.string("until", null));
        Map<String, Object> config = args.clientConfig();
        List<TopicPartition> partitions = Clients.partitions(config, source);
        Clients.partitions(config, target);
        String group = groupId(source, target, args.where());
        String transactionalId = transactionalId(source, target);
        String run = UUID.randomUUID().toString();

        KafkaProducer<byte[], byte[]> producer = null;
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(config, group, batch)) {
            if (!dryRun) {
                producer = Clients.transactionalProducer(config, transactionalId);
                // Fences an earlier run of this pair and aborts its open transaction, before the progress is read.
                producer.initTransactions();
            }
            Map<TopicPartition, Long> committed = new HashMap<>();
            consumer.committed(Set.copyOf(partitions)).forEach((p, at) -> {
                if (at != null) {
                    committed.put(p, at.offset());
                }
            });
            Span span = Span.of(consumer, partitions, from, until, committed);
            out.println((dryRun ? "Dry run: would replay " : "Replaying ") + source + " to " + target + ": "
                    + span.describe() + (args.where().isEmpty() ? "" : ", where " + args.where()));
            out.println("  progress: consumer group " + group + (committed.isEmpty() ? " (none yet)"
                    : " (at " + committed.entrySet().stream().sorted(Map.Entry.comparingByKey(
                            java.util.Comparator.comparingInt(TopicPartition::partition)))
                    .map(e -> e.getKey().partition() + ":" + e.getValue()).collect(Collectors.joining(",")) + ")")
                    + "; transactional id " + transactionalId + "; run " + run);
            Counts counts = dryRun ? count(consumer, span, args)
                    : replay(consumer, producer, span, args, group, target, run, err);
            out.println((dryRun ? "Would replay " : "Replayed ") + counts.replayed + " of " + counts.read
                    + " dead letters read" + (args.where().isEmpty() ? "" : " (" + (counts.read - counts.replayed)
                    + " not matching --where)") + (dryRun ? "; nothing was sent" : " in " + counts.transactions
                    + " transaction" + (counts.transactions == 1 ? "" : "s")));
            return DlqCommand.OK;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new CommandFailure("another replay of " + source + " to " + target + " started and fenced this one; "
                    + "this run's open transaction is aborted (its progress is what the last committed transaction "
                    + "recorded)", e);
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(10));
            }
        }
    }

    private record Counts(long read, long replayed, long transactions) {
    }

    private static Counts count(KafkaConsumer<byte[], byte[]> consumer, Span span, DlqArgs args) {
        long read = 0;
        long matching = 0;
        Map<TopicPartition, Long> open = start(consumer, span);
        while (!open.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < span.end().get(partition(record))) {
                    read++;
                    matching += matches(record, args) ? 1 : 0;
                }
            }
            open.keySet().removeIf(p -> consumer.position(p) >= span.end().get(p));
        }
        return new Counts(read, matching, 0);
    }

    private static Counts replay(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                                 Span span, DlqArgs args, String group, String target, String run, PrintStream err) {
        long read = 0;
        long replayed = 0;
        long transactions = 0;
        long holdAfter = Long.getLong(HOLD_PROPERTY, -1);
        String now = Instant.now().toString();
        Map<TopicPartition, Long> open = start(consumer, span);
        ConsumerGroupMetadata groupMetadata = new ConsumerGroupMetadata(group);
        while (!open.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
            Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
            for (TopicPartition p : open.keySet()) {
                long position = Math.min(consumer.position(p), span.end().get(p));
                if (position > open.get(p)) {
                    progress.put(p, new OffsetAndMetadata(position, "run " + run));
                }
            }
            if (progress.isEmpty()) {
                continue;
            }
            producer.beginTransaction();
            try {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() >= span.end().get(partition(record))) {
                        continue;
                    }
                    read++;
                    if (matches(record, args)) {
                        producer.send(replayed(record, target, run, now));
                        replayed++;
                    }
                }
                transactions++;
                if (transactions == holdAfter) {
                    producer.flush();
                    err.println("holding transaction " + transactions + " open (" + HOLD_PROPERTY + ")");
                    hold();
                }
                producer.sendOffsetsToTransaction(progress, groupMetadata);
                producer.commitTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw e;
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw new CommandFailure("replaying to " + target + " failed, the transaction was aborted (a rerun "
                        + "resumes after the last committed one): " + e, e);
            }
            progress.forEach((p, at) -> open.put(p, at.offset()));
            open.keySet().removeIf(p -> open.get(p) >= span.end().get(p));
        }
        return new Counts(read, replayed, transactions);
    }

    /** Assigns the partitions with something to read, at their start. */
    private static Map<TopicPartition, Long> start(KafkaConsumer<byte[], byte[]> consumer, Span span) {
        Map<TopicPartition, Long> open = span.open();
        consumer.assign(open.keySet());
        open.forEach(consumer::seek);
        return open;
    }

    private static boolean matches(ConsumerRecord<byte[], byte[]> record, DlqArgs args) {
        return args.where().stream().allMatch(w -> w.matches(record.headers()));
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    static ProducerRecord<byte[], byte[]> replayed(ConsumerRecord<byte[], byte[]> record, String target, String run,
                                                   String now) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            String name = header.key();
            if (name.startsWith(ERROR_PREFIX)) {
                name = REPLAY_PREFIX + name.substring(ErrorHeaders.PREFIX.length());
            }
            headers.add(name, header.value());
        }
        headers.add(REPLAY_TIME, utf8(now));
        headers.add(REPLAY_SOURCE_TOPIC, utf8(record.topic()));
        headers.add(REPLAY_SOURCE_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(REPLAY_SOURCE_OFFSET, utf8(String.valueOf(record.offset())));
        headers.add(REPLAY_RUN, utf8(run));
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        return new ProducerRecord<>(target, null, timestamp, record.key(), record.value(), headers);
    }

    /** The consumer group holding the progress of replaying this selection of {@code source} to {@code target}. */
    static String groupId(String source, String target, List<HeaderFilter> where) {
        String base = "tributary-dlq-replay." + source + ".to." + target;
        if (where.isEmpty()) {
            return base;
        }
        String filters = where.stream().map(HeaderFilter::toString).sorted().collect(Collectors.joining("\n"));
        return base + ".where-" + sha256(filters).substring(0, 12);
    }

    /** One per source and target, whatever the filter: two runs into the same target never interleave. */
    static String transactionalId(String source, String target) {
        return "tributary-dlq-replay." + source + ".to." + target;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void hold() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
