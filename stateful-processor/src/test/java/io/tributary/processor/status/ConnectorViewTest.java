package io.tributary.processor.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.processor.event.Events;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectorViewTest {

    private static final String EXPANDED = """
            {"files": {
               "status": {"name": "files", "type": "source",
                          "connector": {"state": "RUNNING", "worker_id": "127.0.0.1:8083"},
                          "tasks": [{"id": 1, "state": "FAILED", "worker_id": "127.0.0.1:8083",
                                     "trace": "org.apache.kafka.connect.errors.ConnectException: no such directory\\n\\tat a.b.C.d(C.java:1)\\n"},
                                    {"id": 0, "state": "RUNNING", "worker_id": "127.0.0.1:8084"}]},
               "info": {"name": "files", "type": "source", "tasks": [],
                        "config": {"connector.class": "x", "topic": "events-raw", "dlq.topic": "events-dlq",
                                   "transforms.validate.dlq.topic": "events-invalid", "transforms.validate.type": "y"}}},
             "out": {
               "status": {"name": "out", "type": "sink", "connector": {"state": "RUNNING", "worker_id": "w"}, "tasks": []},
               "info": {"name": "out", "type": "sink", "tasks": [],
                        "config": {"topics": "b, a", "errors.deadletterqueue.topic.name": "out-dlq",
                                   "consumer.override.group.id": "my-group"}}}}
            """;

    @Test
    void readsStatesTasksInOrderAndTheFirstLineOfATrace() throws Exception {
        JsonNode json = Events.MAPPER.readTree(EXPANDED);
        List<ConnectorView> views = ConnectorView.parse(json, Map.of("files", List.of("events-dlq", "events-raw")));
        ConnectorView files = views.get(0);
        assertThat(files.name()).isEqualTo("files");
        assertThat(files.state()).isEqualTo("RUNNING");
        assertThat(files.tasks()).containsExactly(
                new ConnectorView.Task(0, "RUNNING", "127.0.0.1:8084", null),
                new ConnectorView.Task(1, "FAILED", "127.0.0.1:8083",
                        "org.apache.kafka.connect.errors.ConnectException: no such directory"));
        assertThat(files.topics()).containsExactly("events-dlq", "events-raw");
        assertThat(files.deadLetterTopics()).containsExactly("events-dlq", "events-invalid");
    }

    @Test
    void withoutActiveTopicsASinksTopicsComeFromItsConfigAndItsGroupFromTheOverride() throws Exception {
        ConnectorView out = ConnectorView.parse(Events.MAPPER.readTree(EXPANDED), Map.of()).get(1);
        assertThat(out.isSink()).isTrue();
        assertThat(out.topics()).containsExactly("a", "b");
        assertThat(out.deadLetterTopics()).isEqualTo(Set.of("out-dlq"));
        assertThat(out.sinkGroup()).isEqualTo("my-group");
    }
}
