package io.tributary.connect.source.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.connector.TaskIndex;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Polls the endpoints the connector gave this task, always the one whose turn is due first, a page at a time, and
 * returns what the pages due now hold (up to {@code batch.max.records}): under exactly-once, one transaction.
 */
public final class HttpSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HttpSourceTask.class);
    /** Longest sleep in one poll() when nothing is due, so the worker gets control back regularly. */
    private static final long MAX_IDLE_MS = 1_000;

    private final List<EndpointPoller> pollers = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private int maxRecords;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpSourceMetrics metrics = new HttpSourceMetrics(TaskMetrics.from(() -> context.pluginMetrics()));
        maxRecords = Integer.parseInt(props.getOrDefault(HttpSourceConfig.BATCH_MAX_RECORDS_CONFIG,
                String.valueOf(HttpSourceConfig.BATCH_MAX_RECORDS_DEFAULT)));
        String connector = props.get("name");
        int task = TaskIndex.of(props);
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

    /**
     * Pages of the endpoints due now, until {@code batch.max.records} records: under exactly-once one poll is one
     * transaction, so a poll of one page of a fast API would spend more on commits than on records.
     */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        Set<EndpointPoller> passEnded = new HashSet<>();   // asked again in a later poll, not in this one
        while (records.size() < maxRecords && stopped.getCount() > 0) {
            EndpointPoller next = pollers.stream().filter(p -> !passEnded.contains(p))
                    .min(Comparator.comparingLong(EndpointPoller::dueAtMs)).orElse(null);
            if (next == null) {
                break;
            }
            long wait = next.dueAtMs() - System.currentTimeMillis();
            if (wait > 0) {
                if (records.isEmpty() && passEnded.isEmpty()) {
                    stopped.await(Math.min(wait, MAX_IDLE_MS), TimeUnit.MILLISECONDS);
                }
                break;
            }
            records.addAll(next.poll());
            if (!next.passGoesOn()) {
                passEnded.add(next);
            }
        }
        return records.isEmpty() ? null : records;
    }

    @Override
    public void stop() {
        stopped.countDown();
        pollers.forEach(EndpointPoller::close);
    }
}
