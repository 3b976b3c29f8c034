package io.tributary.processor.status;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMetricsTextTest {

    @Test
    void readsEachTasksCountersAndSkipsTheRest() {
        String page = """
                # HELP kafka_connect_source_task_source_record_poll_total Kafka Connect source-task metric source-record-poll-total
                # TYPE kafka_connect_source_task_source_record_poll_total counter
                kafka_connect_source_task_source_record_poll_total{connector="files",task="0",} 1234.0
                kafka_connect_source_task_source_record_write_total{connector="files",task="0",} 1200.0
                kafka_connect_sink_task_sink_record_read_total{connector="out \\"x\\"",task="1"} 7.0 1700000000000
                kafka_connect_task_error_deadletterqueue_produce_requests{connector="out \\"x\\"",task="1",} 2.0
                kafka_connect_worker_connector_count 3.0
                kafka_connect_source_task_source_record_poll_total{connector="broken" 1.0
                kafka_connect_sink_task_sink_record_send_total{connector="out",task="0",} NaN-ish
                """;
        assertThat(WorkerMetricsText.taskCounters(page)).isEqualTo(Map.of(
                "files/0/records_in", 1234.0,
                "files/0/records_out", 1200.0,
                "out \"x\"/1/records_in", 7.0,
                "out \"x\"/1/dead_letters", 2.0));
    }
}
