package io.tributary.testsupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test's input records, written so that the test's subject — not the test's own producer — decides the outcome.
 *
 * <p>Seen in a clean-clone run (FileSinkValidateSchemaIT, and the likeliest cause of a DlqReplayIT CI failure):
 * records produced right after their topic was created got {@code NOT_LEADER_OR_FOLLOWER} on a partition's first
 * request, and every later request in flight to that partition then got {@code OUT_OF_ORDER_SEQUENCE_NUMBER} on each
 * retry until {@code delivery.timeout.ms} (2 minutes) expired the batches: 118 of 1,000 records were never written,
 * and the test, which did not look at its sends, waited for them in vain. {@link #producerConfig} therefore allows
 * one request in flight per connection (an idempotent producer's retry is then the only request of its partition,
 * so its sequence is always the next one) and gives up on a batch after 30 s; {@link #sendAll} waits for every
 * acknowledgement and sends a record again only when its send failed for good, so nothing is written twice.
 */
public final class TestInput {

    /** Longer than the producer's delivery timeout, so a send is either acknowledged or failed by then. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestInput() {
    }

    /** Settings of a producer of test input: idempotent, one request in flight, a batch given up after 30 s. */
    public static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    /**
     * Sends every record and waits until the broker acknowledged each. A record whose send failed (the producer gave
     * up on it) is sent again, up to three times; one still unacknowledged after that fails the test, naming it.
     */
    public static <K, V> void sendAll(Producer<K, V> producer, List<ProducerRecord<K, V>> records) {
        List<ProducerRecord<K, V>> pending = records;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<Future<?>> sends = new ArrayList<>(pending.size());
            for (ProducerRecord<K, V> record : pending) {
                sends.add(producer.send(record));
            }
            producer.flush();
            List<ProducerRecord<K, V>> failed = new ArrayList<>();
            Exception last = null;
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    failed.add(pending.get(i));
                    last = e;
                } catch (TimeoutException e) {
                    throw new AssertionError("test input: the send of " + pending.get(i) + " neither succeeded nor "
                            + "failed within " + WAIT.toSeconds() + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while sending test input", e);
                }
            }
            if (!failed.isEmpty()) {
                System.err.println("TestInput: " + failed.size() + " of " + pending.size() + " records failed to send "
                        + "(attempt " + attempt + "): " + last);
                if (attempt == 3) {
                    throw new AssertionError("test input: " + failed.size() + " records could not be sent, e.g. "
                            + failed.get(0), last);
                }
            }
            pending = failed;
        }
    }
}
