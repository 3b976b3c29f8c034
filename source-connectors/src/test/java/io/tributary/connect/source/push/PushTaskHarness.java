package io.tributary.connect.source.push;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Connect for a push task in unit tests: polls it, and acknowledges what it polled as Kafka would (offsets
 * counting per topic), when the test says so.
 */
public final class PushTaskHarness {

    public final PushSourceTask<?> task;
    public final List<SourceRecord> polled = new ArrayList<>();
    public final Map<String, Long> offsets = new HashMap<>();

    public PushTaskHarness(PushSourceTask<?> task, Map<String, String> props) {
        this.task = task;
        task.initialize(new Context());
        task.start(props);
    }

    /** Polls until nothing more comes within the task's wait; returns what came. */
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> got = new ArrayList<>();
        List<SourceRecord> batch;
        while ((batch = task.poll()) != null) {
            got.addAll(batch);
        }
        polled.addAll(got);
        return got;
    }

    /** Polls until {@code n} records arrived (or 10 s). */
    public List<SourceRecord> pollAtLeast(int n) throws InterruptedException {
        List<SourceRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < n && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                got.addAll(batch);
            }
        }
        polled.addAll(got);
        return got;
    }

    /** Acknowledges every polled record not yet acknowledged, as written to partition 0 of its topic. */
    public void commitAll() {
        for (SourceRecord r : polled) {
            commit(r);
        }
        polled.clear();
    }

    public RecordMetadata commit(SourceRecord r) {
        long offset = offsets.merge(r.topic(), 1L, Long::sum) - 1;
        RecordMetadata metadata = new RecordMetadata(new TopicPartition(r.topic(), 0), offset, 0, 0L, 0, 0);
        task.commitRecord(r, metadata);
        return metadata;
    }

    public void stop() {
        task.stop();
    }

    public static int freePort() {
        try {
            // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
            return io.tributary.testsupport.LoopbackPorts.free();
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static final class Context implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return null;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException("no metrics in unit tests");
        }
    }
}
