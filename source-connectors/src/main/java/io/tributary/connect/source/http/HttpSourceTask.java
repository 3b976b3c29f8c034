package io.tributary.connect.source.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig;
import io.tributary.connect.source.http.poll.EndpointPoller;
import io.tributary.connect.source.http.poll.Position;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Polls the endpoints the connector gave this task, one page per {@link #poll()} — under exactly-once, one page is
 * one transaction with its offset — always the endpoint whose turn is due first.
 */
public final class HttpSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HttpSourceTask.class);
    /** Longest sleep in one poll() when nothing is due, so the worker gets control back regularly. */
    private static final long MAX_IDLE_MS = 1_000;

    private final List<EndpointPoller> pollers = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpSourceMetrics metrics = new HttpSourceMetrics(TaskMetrics.from(context::pluginMetrics));
        String connector = props.get("name");
        int task = Integer.parseInt(props.getOrDefault("task.id", "0"));
        String assigned = props.getOrDefault(HttpSourceConfig.TASK_ENDPOINTS_CONFIG,
                String.join(",", HttpSourceConfig.endpointNames(props)));
        for (String name : assigned.split(",")) {
            EndpointSpec spec = EndpointSpec.parse(props, name);
            Map<String, Object> stored = context.offsetStorageReader().offset(EndpointPoller.partition(name));
            Position position = stored == null ? Position.start(spec.incrementalInitial()) : Position.fromOffset(stored);
            log.info("Endpoint '{}' of {} starts at {}", name, connector, stored == null ? "the beginning" : position);
            pollers.add(new EndpointPoller(spec, HttpClientConfig.build(spec.http(), connector + "/" + name),
                    position, metrics, connector, task, System::currentTimeMillis));
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        EndpointPoller next = pollers.stream().min(Comparator.comparingLong(EndpointPoller::dueAtMs)).orElseThrow();
        long wait = next.dueAtMs() - System.currentTimeMillis();
        if (wait > 0) {
            stopped.await(Math.min(wait, MAX_IDLE_MS), TimeUnit.MILLISECONDS);
            return null;
        }
        List<SourceRecord> records = next.poll();
        return records.isEmpty() ? null : records;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
