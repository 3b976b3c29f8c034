package io.tributary.launcher.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PromQL tokenizer finds the metric names of an expression, and only them. */
class MonitoringAssetsTest {

    @Test
    void aSelectorsNameIsTheMetricNotItsLabels() {
        assertThat(MonitoringAssets.metricNames("kafka_connect_connector_task_status{status=\"failed\", connector=~\"a.*\"} == 1"))
                .containsExactly("kafka_connect_connector_task_status");
    }

    @Test
    void functionsAggregatorsGroupingListsAndDurationsAreNoMetrics() {
        String expr = "sum by (connector, task) (rate(tributary_requests_rejected_full_total[5m] offset 1h))"
                + " / on (connector) group_left (instance) sum without (task) (increase(tributary_requests_total[1h30m:1m]))"
                + " > bool 0.01";

        assertThat(MonitoringAssets.metricNames(expr))
                .containsExactly("tributary_requests_rejected_full_total", "tributary_requests_total");
    }

    @Test
    void aggregatorsWrittenBeforeTheirArgumentAndBinaryKeywordsAreNoMetrics() {
        String expr = "sum by (le) (rate(tributary_x_bucket[5m])) and max(processor_ready) or topk(5, foo:rate5m)"
                + " unless count_values(\"v\", processor_restoring_stores) @ end()";

        assertThat(MonitoringAssets.metricNames(expr))
                .containsExactly("tributary_x_bucket", "processor_ready", "foo:rate5m", "processor_restoring_stores");
    }

    @Test
    void stringsCommentsAndNumbersAreSkipped() {
        String expr = "label_replace(kafka_consumer_fetch_manager_records_lag{client_id=~\"connector-consumer-.+\"},"
                + " \"connector\", \"$1\", \"client_id\", 'connector-consumer-(.+)-[0-9]+') # not_a_metric here\n"
                + " > 1e5 + 0x10 + Inf";

        assertThat(MonitoringAssets.metricNames(expr)).containsExactly("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void aNameMatcherNamesTheMetric() {
        assertThat(MonitoringAssets.metricNames("{__name__=\"jvm_memory_used_bytes\", area=\"heap\"}"))
                .containsExactly("jvm_memory_used_bytes");
    }

    @Test
    void grafanaVariablesAreReplacedInStringsAndRefusedElsewhere() {
        assertThat(MonitoringAssets.promql("rate(tributary_records_read_total{connector=~\"$connector\",task=~\"${task}\"}[$__rate_interval])"))
                .isEqualTo("rate(tributary_records_read_total{connector=~\".*\",task=~\".*\"}[5m])");
        assertThatThrownBy(() -> MonitoringAssets.promql("topk($n, processor_ready)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$n");
    }

    @Test
    void unclosedBracesAreRefused() {
        assertThatThrownBy(() -> MonitoringAssets.metricNames("processor_ready{job=\"x\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed");
    }

    @Test
    void theShippedAssetsReferenceTheNamesTheirRulesUse() {
        assertThat(MonitoringAssets.metricNames())
                .contains("kafka_connect_connector_task_status", "processor_ready")
                .doesNotContain("up", "sum", "rate", "connector", "by");
    }
}
