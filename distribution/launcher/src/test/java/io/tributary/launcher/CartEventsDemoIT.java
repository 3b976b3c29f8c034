package io.tributary.launcher;

import io.tributary.launcher.clickhouse.ClickHouseDdl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary demo --pipeline cart-events} as the script runs it: the launcher in its own JVM (no plugin on its
 * classpath), the bundle in the worker's plugin path, connector-configs/pipelines/cart-events/ created through the
 * REST API, the processor's jobs of connector-configs/processor/cart-events.yaml, the real Redis and ClickHouse on
 * 127.0.0.1 (./tributary services start): every topic, every table and the dead letters by stage reconciled. Uses
 * the listener port 8087, not the default demo's, so it may run beside DemoIT.
 */
class CartEventsDemoIT {

    @TempDir
    Path home;

    @Test
    void theCartEventsPipelineAccountsForEveryEvent() throws Exception {
        assertThat(RedisSeed.answers("127.0.0.1", 6379)).as("Redis answers on 127.0.0.1:6379 (./tributary services "
                + "start)").isTrue();
        assertThat(new ClickHouseCheck().answers()).as("ClickHouse answers on 127.0.0.1:8123 (./tributary services "
                + "start)").isTrue();
        String printed = DemoProcess.runAndReconcile(home, Map.of(), "--pipeline", "cart-events", "--events", "20000",
                "--rate", "10000");
        assertThat(printed).contains("events generated             20,000");
        // Each count is reconciled (" = ") and non-zero: every kind of event is present in a run this size.
        for (String count : List.of("received", "validated", "repeats dropped", "enriched", "with a profile",
                "tagged bulk-order", "dead-lettered", "stage http-listener", "stage validate", "stage enrich",
                "stage rules", "events_raw", "events_processed", "events_errors", "http-listener", "validate",
                "enrich", "rules", "with a message", "tags bulk-order")) {
            assertThat(printed).as(printed).containsPattern("\\n {2,6}" + count + " +[1-9][\\d,]* += ");
        }
        assertThat(printed).containsPattern("other stages +0 += ")
                .as("the ids of every topic, not only its count").contains("event ids                agree: each topic")
                .as("the ids of every ClickHouse table, not only its row count")
                .contains("event ids                agree: each table");
        String version = new ClickHouseCheck().version();
        if (ClickHouseDdl.hasTableTtl(version)) {
            assertThat(printed).as("ClickHouse " + version).contains("tables keep 18 months by table TTL")
                    .containsPattern("retention +table TTL, 18 months");
        } else {
            assertThat(printed).as("ClickHouse " + version).contains("has no table TTL (19.6+): TTL clauses left out")
                    .containsPattern("retention +0 +partitions dropped, before \\d{4}-\\d{2}");
        }
    }
}
