package io.tributary.connect.source.http;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ConnectorMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP source's metrics as an operator sees them: through the worker's JMX (Connect's plugin metrics), with a
 * worker in this JVM polling a loopback API that answers one page with a 429 first.
 */
class HttpSourceMetricsIT {

    @Test
    void requestsPagesRecordsRetriesAndStatusesAreInJmx() throws Exception {
        try (FakeApi api = new FakeApi();
             ConnectCluster cluster = ConnectCluster.builder("http-metrics").workers(1).start()) {
            api.add(120);
            api.fault(new FakeApi.Status(429, Map.of("Retry-After", "0")));
            ConnectRest rest = cluster.rest();
            rest.configure("metered", Map.ofEntries(
                    Map.entry("connector.class", HttpSourceConnector.class.getName()),
                    Map.entry("tasks.max", "1"),
                    Map.entry("topic", "metered-items"),
                    Map.entry("http.url", api.url("/offset")),
                    Map.entry("pagination.type", "offset"),
                    Map.entry("pagination.limit.param", "limit"),
                    Map.entry("pagination.limit", "50"),
                    Map.entry("response.records.pointer", "/items"),
                    Map.entry("poll.interval.ms", "600000"),
                    Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                    Map.entry("value.converter.schemas.enable", "false")));
            rest.awaitRunning("metered", 1, Duration.ofSeconds(60));
            Await.until(Duration.ofSeconds(60), "120 records in the task's metrics",
                    () -> ConnectorMetrics.of("metered").getOrDefault("records-total", 0.0) >= 120,
                    () -> ConnectorMetrics.of("metered").toString());
            Map<String, Double> metrics = ConnectorMetrics.of("metered");
            assertThat(metrics.get("records-total")).isEqualTo(120.0);
            assertThat(metrics.get("pages-total")).isEqualTo(3.0);   // 50 + 50 + 20: a short page ends the pass
            assertThat(metrics.get("retries-total")).isEqualTo(1.0);   // the 429
            assertThat(metrics.get("requests-total")).isEqualTo(4.0);
            assertThat(metrics.get("responses-2xx-total")).isEqualTo(3.0);
            assertThat(metrics.get("records-dead-lettered-total")).isZero();
            assertThat(metrics).containsKeys("request-latency-ms-avg", "request-latency-ms-max", "rate-limit-waits-total",
                    "io-errors-total", "records-overlap-skipped-total", "circuit-breaker-rejections-total");
        }
    }
}
