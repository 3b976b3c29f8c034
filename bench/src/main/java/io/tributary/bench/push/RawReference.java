package io.tributary.bench.push;

import io.tributary.bench.Result;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limit: a plain {@code KafkaProducer} sending the events from memory to a topic of its own, with the same
 * producer settings as the connectors. It runs one pass just before each measured pass of a subject, so that each
 * ratio compares two runs under the same load: on a shared machine the rate moved threefold within minutes.
 */
final class RawReference implements AutoCloseable {

    static final String SUBJECT = "raw KafkaProducer";
    private static final String CLIENT_ID = "bench-raw-producer";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrap;
    private final String topic;
    private final int partitions;
    private final List<Result> passes = new ArrayList<>();
    private long sent;

    RawReference(String bootstrap, String topic, int partitions, Map<String, String> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Sends the events and waits until Kafka acknowledged all of them (flush); not counted. */
    void warmUp(List<byte[]> events) {
        send(events);
    }

    /** One measured pass: from the first send to the moment Kafka acknowledged the last event. */
    Result pass(List<byte[]> events) {
        long start = System.nanoTime();
        send(events);
        Result result = new Result(SUBJECT, events.size(), (System.nanoTime() - start) / 1e9, topic);
        passes.add(result);
        return result;
    }

    private void send(List<byte[]> events) {
        for (byte[] event : events) {
            producer.send(new ProducerRecord<>(topic, event));
        }
        producer.flush();
        sent += events.size();
    }

    /** The median of every measured pass. */
    Result median() {
        return Result.medians(passes.stream().map(p -> new Result[] {p}).toList())[0];
    }

    int passes() {
        return passes.size();
    }

    @Override
    public void close() throws Exception {
        System.out.print(ProducerMetrics.describe(CLIENT_ID));
        producer.close();
        AckCheck.verify(bootstrap, topic, partitions, sent);
    }
}
